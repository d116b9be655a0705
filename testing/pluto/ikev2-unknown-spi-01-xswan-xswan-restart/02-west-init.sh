# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive -I 192.0.1.254 192.0.2.254
ipsec start
ipsec auto --up westnet-eastnet
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
# a steady flow through the tunnel (stopped with SIGINT at the end)
../../guestbin/daemon-run flow ping -q -i 0.2 -I 192.0.1.254 192.0.2.254
echo "initdone"
