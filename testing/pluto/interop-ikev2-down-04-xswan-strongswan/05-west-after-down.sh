# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan removed its SAs and policies when xswan's Delete arrived
../../guestbin/wait-until --timeout 10 -- sh -c '! ip xfrm state | grep -q "^src"'
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
swanctl --list-sas
# and the tunnel comes up again (xswan kept the conn)
swanctl --initiate --child westnet-eastnet --timeout 30 > /tmp/initiate.log 2>&1 && echo "initiated"
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
