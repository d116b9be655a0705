# SPDX-License-Identifier: GPL-2.0-or-later
# a crash and a reboot: no Delete reaches west, the kernel forgets all
../../guestbin/kill-daemon-9 pluto
ip xfrm state flush
ip xfrm policy flush
ipsec start
ipsec auto --add westnet-eastnet
ipsec auto --up westnet-eastnet
../../guestbin/ping-once.sh --up -I 192.0.2.254 192.0.1.254
ipsec whack --trafficstatus
