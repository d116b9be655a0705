# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive -I 192.0.1.254 192.0.2.254
ipsec start
ipsec auto --add westnet-eastnet
ipsec auto --route westnet-eastnet
ipsec status | grep '^"westnet-eastnet": 192'
# the trap: an outbound policy and no SA
ip xfrm policy | grep -c "dir out"
ip xfrm state
echo "initdone"
