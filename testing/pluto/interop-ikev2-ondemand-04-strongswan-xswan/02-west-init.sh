# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl strongswan
# the network is alive: without a tunnel the ping goes in the clear via nic
../../guestbin/wait-until-alive -I 192.0.1.254 192.0.2.254
ipsec start
# start_action = trap: loading the conn installs the trap
swanctl --load-all
# the trap: an outbound policy and no SA
ip xfrm policy | grep -A1 "^src 192.0.1.0/24 dst 192.0.2.0/24" | grep -o "dir [a-z]*"
ip xfrm state
echo "initdone"
