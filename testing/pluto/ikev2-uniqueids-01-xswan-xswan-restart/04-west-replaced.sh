# SPDX-License-Identifier: GPL-2.0-or-later
# west dropped #1 and #2 on INITIAL_CONTACT; only east's new SAs remain
grep -o '"westnet-eastnet" #[0-9]*: INITIAL_CONTACT.*' /var/log/pluto.log
ipsec showstates
ipsec trafficstatus
# two ESP SAs in the kernel (one pair), no leftover of the old pair
ip xfrm state | grep -c '^src'
