# SPDX-License-Identifier: GPL-2.0-or-later
ip addr add 10.1.0.1/16 dev eth1
ip route add 10.2.0.0/16 via 192.1.2.23 dev eth1
/testing/guestbin/swan-prep --impl xswan
ipsec start
echo "initdone"
