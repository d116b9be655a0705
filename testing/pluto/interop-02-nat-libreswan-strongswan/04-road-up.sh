# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves road on the 192.1.3 network
../../guestbin/capture-out start wire -i eth0
ipsec auto --up road-east
../../guestbin/ping-once.sh --up -I 192.1.3.209 192.0.2.254
# Libreswan's view: one packet each way
ipsec whack --trafficstatus
