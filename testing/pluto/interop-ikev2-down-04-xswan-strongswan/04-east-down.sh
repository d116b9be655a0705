# SPDX-License-Identifier: GPL-2.0-or-later
# xswan (the responder here) takes the tunnel down: it deletes the IKE
# SA and tells west; the conn stays loaded
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
ipsec down westnet-eastnet
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
ipsec trafficstatus
ipsec status | grep '^"westnet-eastnet": 192'
