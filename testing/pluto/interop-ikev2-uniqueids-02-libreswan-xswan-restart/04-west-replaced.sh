# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan 4.10 sends no INITIAL_CONTACT here: uniqueids=yes replaces
# west's #1 (and its Child SA #2) by the new IKE SA with the same peer ID
grep -o '"westnet-eastnet" #[0-9]*: \(INITIAL_CONTACT\|uniqueids\): .*' /var/log/pluto.log
ipsec showstates | sed -e 's/esp\.[0-9a-f]*@/esp.SPISPI@/g'
ipsec trafficstatus
# two ESP SAs in the kernel (one pair), no leftover of the old pair
ip xfrm state | grep -c '^src'
