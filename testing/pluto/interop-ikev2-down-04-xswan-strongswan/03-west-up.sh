# SPDX-License-Identifier: GPL-2.0-or-later
# charon's progress lines carry times and SPIs: only its verdict here
swanctl --initiate --child westnet-eastnet --timeout 30 > /tmp/initiate.log 2>&1 && echo "initiated"
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
# before: the Child SA's two kernel SAs and the tunnel's three policies
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
