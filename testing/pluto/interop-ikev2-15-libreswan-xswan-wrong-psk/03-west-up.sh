# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan says how long its state lived: hide that
ipsec auto --up westnet-eastnet > /tmp/up.log 2>&1; echo $? > /tmp/up.rc
sed -e 's/aged [0-9.]*s/aged N.NNNs/' /tmp/up.log
[ "$(cat /tmp/up.rc)" -ne 0 ] && echo "ipsec auto --up failed"
# no tunnel: nothing to count, no SA, no IPsec policy
ipsec trafficstatus
ip xfrm state
ip xfrm policy | grep -c "proto esp"
