# SPDX-License-Identifier: GPL-2.0-or-later
# east asks for a COOKIE first; west resends with it
ipsec auto --up westnet-eastnet
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
ipsec trafficstatus
