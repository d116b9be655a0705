# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive -I 192.1.3.209 192.0.2.254
ipsec start
ipsec auto --add road-east
ipsec auto --up road-east
# updown's route to east's subnet, by way of road's gateway (nic): east
# is not on-link, so a route "via" east itself would be refused
ip route show 192.0.2.0/24
../../guestbin/ping-once.sh --up -I 192.1.3.209 192.0.2.254
ipsec trafficstatus
echo "initdone"
