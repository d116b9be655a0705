# SPDX-License-Identifier: GPL-2.0-or-later
# within dpdtimeout (6 s) plus a check interval, west gives the SAs up
../../guestbin/wait-until --timeout 20 -- sh -c 'grep -q "liveness: no response" /var/log/pluto.log'
grep -o '"westnet-eastnet" #1: liveness: no response from peer for [0-9.]* seconds (dpdtimeout=6s); deleting IKE SA' /var/log/pluto.log | sed -e "s/for [0-9.]* seconds/for N seconds/"
grep -o '"westnet-eastnet" #1: connection is supposed to remain up; revival attempt 1 scheduled in 0 seconds' /var/log/pluto.log
# attempt 1 gives up after retransmit-timeout=10 s; attempt 2 waits 5 s
../../guestbin/wait-until --timeout 30 -- sh -c 'grep -q "revival attempt 2 scheduled in 5 seconds" /var/log/pluto.log'
# nothing of the old tunnel is left
ipsec trafficstatus
ip xfrm state | grep -c '^src'
