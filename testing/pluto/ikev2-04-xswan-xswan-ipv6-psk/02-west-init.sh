# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive -6 -I 2001:db8:0:1::254 2001:db8:0:2::254
ipsec start
ipsec auto --add westnet-eastnet-ipv6
echo "initdone"
