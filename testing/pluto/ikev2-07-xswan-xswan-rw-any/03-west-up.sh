# SPDX-License-Identifier: GPL-2.0-or-later
ipsec auto --up rw
../../guestbin/ping-once.sh --up 192.0.2.254
ipsec trafficstatus
