# SPDX-License-Identifier: GPL-2.0-or-later
# now xswan deletes the conn: its SAs go (with a Delete to west) and
# so does the conn
ipsec delete westnet-eastnet
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
ipsec trafficstatus
ipsec status | grep -c 'westnet-eastnet'
