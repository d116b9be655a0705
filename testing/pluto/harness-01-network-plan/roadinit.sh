# SPDX-License-Identifier: GPL-2.0-or-later
ip -br addr
ip route
# through nic's NAT
../../guestbin/ping-once.sh --up 192.1.2.23
# IPv6: routed
../../guestbin/ping-once.sh --up 2001:db8:1:2::23
