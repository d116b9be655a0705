# SPDX-License-Identifier: GPL-2.0-or-later
# both Child SAs, each under its own connection, on one IKE SA
ipsec trafficstatus | sed -e 's/#[0-9]*/#N/g' -e 's/, add_time=[0-9]*//' | sort
grep -c 'CREATE_CHILD_SA: the Child SA goes to "net2"' /var/log/pluto.log
