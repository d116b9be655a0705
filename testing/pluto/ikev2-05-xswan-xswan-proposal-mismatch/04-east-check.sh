# SPDX-License-Identifier: GPL-2.0-or-later
# east refused the proposal, and says so
grep "NO_PROPOSAL_CHOSEN" /var/log/pluto.log | sed -e 's/^.*: "westnet-eastnet": /"westnet-eastnet": /'
ipsec trafficstatus
ip xfrm state
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
