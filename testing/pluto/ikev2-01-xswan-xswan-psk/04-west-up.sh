# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
ipsec auto --up westnet-eastnet
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
# _updown's route to east's net, from west's own client address, so a
# ping without -I leaves from 192.0.1.254 and takes the tunnel too; east
# is on-link, so the route has no "via" (as Libreswan's _updown)
ip route show 192.0.2.0/24
../../guestbin/ping-once.sh --up 192.0.2.254
# two packets each way
ipsec trafficstatus
ipsec status | grep '^"westnet-eastnet": 192'
