# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl strongswan
../../guestbin/wait-until-alive -I 192.0.1.254 192.0.2.254
ipsec start
swanctl --load-all
# charon's progress lines carry times and SPIs: only its verdict here
swanctl --initiate --child westnet-eastnet --timeout 30 > /tmp/initiate.log 2>&1 && echo "initiated"
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
echo "initdone"
