# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl strongswan
# the network is alive: without a tunnel the ping goes in the clear via nic
../../guestbin/wait-until-alive -I 192.0.1.254 192.0.2.254
ipsec start
swanctl --load-all
echo "initdone"
