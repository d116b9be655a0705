# SPDX-License-Identifier: GPL-2.0-or-later
ip -br addr
ip route
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
../../guestbin/ping-once.sh --up -I 2001:db8:0:1::254 2001:db8:0:2::254
