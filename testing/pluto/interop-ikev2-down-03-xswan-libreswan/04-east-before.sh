# SPDX-License-Identifier: GPL-2.0-or-later
# before: Libreswan's two kernel SAs and the tunnel's three policies
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
ipsec whack --trafficstatus
