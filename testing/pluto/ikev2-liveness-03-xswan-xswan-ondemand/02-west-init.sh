# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive -I 192.0.1.254 192.0.2.254
# auto=ondemand: pluto installs the trap once it listens
ipsec start
../../guestbin/wait-until --timeout 10 -- sh -c 'ip xfrm policy | grep -q "dir out"'
# the first packet only starts IKE
../../guestbin/ping-once.sh --fire -I 192.0.1.254 192.0.2.254
../../guestbin/wait-until --timeout 20 -- sh -c 'ipsec trafficstatus | grep -q "#2:"'
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
echo "initdone"
