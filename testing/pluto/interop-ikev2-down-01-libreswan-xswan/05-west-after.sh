# SPDX-License-Identifier: GPL-2.0-or-later
# west removed its SAs and policies when the Delete arrived
../../guestbin/wait-until --timeout 10 -- sh -c '! ip xfrm state | grep -q "^src"'
grep -o 'received Delete SA payload: .*' /var/log/pluto.log
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
ipsec trafficstatus
ipsec showstates
# the conn is still loaded, without a tunnel
ipsec status | grep '^"westnet-eastnet": 192'
