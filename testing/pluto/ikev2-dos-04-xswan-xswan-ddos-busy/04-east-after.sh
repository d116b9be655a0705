# SPDX-License-Identifier: GPL-2.0-or-later
# one IKE_SA_INIT reply with state (the COOKIE answer made none)
grep -c 'sent IKE_SA_INIT reply' /var/log/pluto.log
ipsec trafficstatus
# the settings in force, as Libreswan's status shows them
ipsec status | grep '^ddos\|uniqueids='
