# SPDX-License-Identifier: GPL-2.0-or-later
sh conns.sh addrs west > /tmp/burst.addrs && ip -batch /tmp/burst.addrs
ip -4 addr show dev eth1 | grep -c 'inet 10[.]'
/testing/guestbin/swan-prep --impl xswan
sh conns.sh conf >> /etc/ipsec.conf
ipsec start
echo "initdone"
