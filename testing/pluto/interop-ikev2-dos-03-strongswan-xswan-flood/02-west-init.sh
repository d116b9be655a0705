# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl strongswan
../../guestbin/wait-until-alive -I 192.0.1.254 192.0.2.254
ipsec start
swanctl --load-all
echo "initdone"
