# SPDX-License-Identifier: GPL-2.0-or-later
ipsec auto --down westnet-eastnet
# nothing left: no Child SA, no _updown route, no SA or IPsec policy
ipsec trafficstatus
ip route show 192.0.2.0/24
ip xfrm state
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
