# SPDX-License-Identifier: GPL-2.0-or-later
# within dpdtimeout (6 s) plus a check interval, west gives the SAs up
../../guestbin/wait-until --timeout 20 -- sh -c 'grep -q "liveness: no response" /var/log/pluto.log'
grep -o '"westnet-eastnet" #1: liveness: no response from peer for [0-9.]* seconds (dpdtimeout=6s); deleting IKE SA' /var/log/pluto.log | sed -e "s/for [0-9.]* seconds/for N seconds/"
# auto=ondemand: no revival; the trap is back (an outbound policy, no SA)
grep -c 'revival attempt' /var/log/pluto.log
ipsec trafficstatus
ip xfrm policy | grep -c "dir out"
ip xfrm state | grep -c '^src'
ipsec status | grep '^"westnet-eastnet": 192'
