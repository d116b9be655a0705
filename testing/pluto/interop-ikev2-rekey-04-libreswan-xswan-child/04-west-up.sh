# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
ipsec auto --up westnet-eastnet > /tmp/up.log 2>&1 && echo "up"
# a steady ping, 10 a second for 14 seconds, across the Child SA rekey
# that Libreswan starts 10 seconds after the tunnel came up
ping -q -n -c 140 -i 0.1 -I 192.0.1.254 192.0.2.254 | tee /tmp/ping.out | ../../guestbin/ping-lost
