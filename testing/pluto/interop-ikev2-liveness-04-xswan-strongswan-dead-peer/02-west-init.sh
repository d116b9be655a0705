# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive -I 192.0.1.254 192.0.2.254
# auto=start: up once pluto listens
ipsec start
../../guestbin/wait-until --timeout 20 -- sh -c 'ipsec trafficstatus | grep -q "#2:"'
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
echo "initdone"
