# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl libreswan
# the network is alive: without a tunnel the ping is NATed by nic
../../guestbin/wait-until-alive -I 192.1.3.209 192.0.2.254
ipsec start
ipsec auto --add road-east
echo "initdone"
