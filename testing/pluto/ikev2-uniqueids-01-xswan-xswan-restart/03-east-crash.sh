# SPDX-License-Identifier: GPL-2.0-or-later
# a crash: no Delete reaches west, the SAs stay in east's kernel
../../guestbin/kill-daemon-9 pluto
ip xfrm state | grep -c '^src'
# the new pluto removes the dead one's leftovers, then initiates itself
ipsec start
grep -c 'a previous pluto left in the kernel' /var/log/pluto.log
ip xfrm state | grep -c '^src'
ipsec auto --up westnet-eastnet
../../guestbin/ping-once.sh --up -I 192.0.2.254 192.0.1.254
ipsec trafficstatus
