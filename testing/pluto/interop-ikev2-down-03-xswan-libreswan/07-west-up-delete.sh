# SPDX-License-Identifier: GPL-2.0-or-later
# up again (the conn stayed), then xswan deletes the conn: its SAs go
# with a Delete to east, and so does the conn
ipsec auto --up westnet-eastnet
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
ipsec delete westnet-eastnet
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
ipsec trafficstatus
ipsec showstates
ipsec status | grep -c 'westnet-eastnet'
