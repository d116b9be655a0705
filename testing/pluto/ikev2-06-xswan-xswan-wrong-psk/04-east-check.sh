# SPDX-License-Identifier: GPL-2.0-or-later
# east could not authenticate west, says why, and told west
grep -e "authentication failed" -e "AUTHENTICATION_FAILED" /var/log/pluto.log | sed -e 's/^.*: "westnet-eastnet"/"westnet-eastnet"/'
ipsec trafficstatus
ip xfrm state
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
