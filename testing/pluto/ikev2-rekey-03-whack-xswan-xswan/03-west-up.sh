# SPDX-License-Identifier: GPL-2.0-or-later
ipsec auto --up westnet-eastnet > /dev/null && echo up
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
# rekey the Child SA now: #3 replaces #2 on both ends
ipsec whack --rekey-child --name westnet-eastnet
../../guestbin/wait-until --timeout 10 -- sh -c 'ipsec trafficstatus | grep -q "^#3:" && ! ipsec trafficstatus | grep -q "^#2:"'
ipsec trafficstatus | sed -e 's/inBytes=[0-9]*/inBytes=N/' -e 's/outBytes=[0-9]*/outBytes=N/'
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
