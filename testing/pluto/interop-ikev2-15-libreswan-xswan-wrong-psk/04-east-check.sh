# SPDX-License-Identifier: GPL-2.0-or-later
# east refused, and its log says so
grep -q "AUTHENTICATION_FAILED" /var/log/pluto.log && echo "east logged AUTHENTICATION_FAILED"
ipsec trafficstatus
ip xfrm state
ip xfrm policy | grep -c "proto esp"
