# SPDX-License-Identifier: GPL-2.0-or-later
ipsec auto --up westnet-eastnet
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
# before: the Child SA's two kernel SAs and the tunnel's three policies
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
ipsec trafficstatus
ipsec status | grep '^"westnet-eastnet": 192'
