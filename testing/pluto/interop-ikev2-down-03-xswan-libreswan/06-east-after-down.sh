# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan removed its SAs and policies when xswan's Delete arrived
../../guestbin/wait-until --timeout 10 -- sh -c '! ip xfrm state | grep -q "^src"'
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
ipsec whack --trafficstatus
# what Libreswan keeps is its own trap for the client nets (a template
# to 0.0.0.0 in transport mode, no SA): its way of routing the conn
# again after the peer's Delete, not a leftover of the tunnel
ip xfrm policy | grep -A4 '^src 192.0.2.0/24 dst 192.0.1.0/24'
