# SPDX-License-Identifier: GPL-2.0-or-later
ipsec auto --up westnet-eastnet || echo "ipsec auto --up failed: exit $?"
# no tunnel: no Child SA, no SA, no ESP policy
ipsec trafficstatus
ip xfrm state
ip xfrm policy | grep -c "proto esp"
