# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan cleaned up again
../../guestbin/wait-until --timeout 10 -- sh -c '! ip xfrm state | grep -q "^src"'
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
swanctl --list-sas
