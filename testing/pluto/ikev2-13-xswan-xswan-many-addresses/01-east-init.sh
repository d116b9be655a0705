# SPDX-License-Identifier: GPL-2.0-or-later
# 600 addresses, 10.2.0.1 .. 10.2.2.100; west's 10.1/16 through its link address
for i in $(seq 0 599); do echo "addr add 10.2.$((i / 250)).$((i % 250 + 1))/16 dev eth1"; done > /tmp/many.addrs
echo "route add 10.1.0.0/16 via 192.1.2.45 dev eth1" >> /tmp/many.addrs
ip -batch /tmp/many.addrs
ip -4 addr show dev eth1 | grep -c 'inet 10[.]'
ulimit -n
/testing/guestbin/swan-prep --impl xswan
ipsec start
echo "initdone"
