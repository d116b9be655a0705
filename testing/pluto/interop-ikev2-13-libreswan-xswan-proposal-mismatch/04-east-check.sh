# SPDX-License-Identifier: GPL-2.0-or-later
# east refused, and its log says so
grep -q "NO_PROPOSAL_CHOSEN" /var/log/pluto.log && echo "east logged NO_PROPOSAL_CHOSEN"
ipsec trafficstatus
ip xfrm state
ip xfrm policy | grep -c "proto esp"
