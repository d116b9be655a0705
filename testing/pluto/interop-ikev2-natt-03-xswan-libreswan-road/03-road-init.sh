# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive -I 192.1.3.209 192.0.2.254
ipsec start
ipsec auto --add road-east
ipsec auto --up road-east
../../guestbin/ping-once.sh --up -I 192.1.3.209 192.0.2.254
ipsec trafficstatus
echo "initdone"
