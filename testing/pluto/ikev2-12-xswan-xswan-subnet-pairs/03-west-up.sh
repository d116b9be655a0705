# SPDX-License-Identifier: GPL-2.0-or-later
# three conns to the same peer, one IKE SA each, started together
ipsec whack --name pairs --initiate --asynchronous | sort
../../guestbin/wait-until --timeout 30 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" -eq 3 ]'
ipsec trafficstatus | sed -e 's/#[0-9]*/#N/g' -e 's/, add_time=[0-9]*//' | sort
