# SPDX-License-Identifier: GPL-2.0-or-later
# east refused the proposal, says why, and told west
grep -e "no local proposal matches" -e "NO_PROPOSAL_CHOSEN" /var/log/pluto.log | sed -e 's/^.*: "westnet-eastnet": /"westnet-eastnet": /'
ipsec trafficstatus
ip xfrm state
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
