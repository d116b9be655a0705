# SPDX-License-Identifier: GPL-2.0-or-later
# xswan takes the tunnel down: it deletes the IKE SA (and its Child
# SA), tells east, and removes its own SAs and policies; the conn stays
ipsec down westnet-eastnet
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
ipsec trafficstatus
ipsec showstates
ipsec status | grep '^"westnet-eastnet": 192'
