# SPDX-License-Identifier: GPL-2.0-or-later
# one echo through each SA pair: transport IPv4 and IPv6, tunnel IPv4 and IPv6
../../guestbin/ping-once.sh --up 192.1.2.23
../../guestbin/ping-once.sh --up 2001:db8:1:2::23
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
../../guestbin/ping-once.sh --up -I 2001:db8:0:1::254 2001:db8:0:2::254
# each SA carried one packet
../../guestbin/xfrm-counters
