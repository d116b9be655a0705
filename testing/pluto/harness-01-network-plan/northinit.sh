# SPDX-License-Identifier: GPL-2.0-or-later
ip -br addr
../../guestbin/ping-once.sh --up 192.1.2.23
# from north's client network: not in 192.1.3.0/24, so routed, not NATed
../../guestbin/ping-once.sh --up -I 192.0.3.254 192.0.2.254
