# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive -I 192.0.1.254 192.0.2.254
ipsec start
ipsec auto --add westnet-eastnet
echo "initdone"
