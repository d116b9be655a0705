# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
# charon's progress lines carry times and SPIs: only its verdict here
swanctl --initiate --child westnet-eastnet --timeout 30 > /tmp/initiate.log 2>&1 && echo "initiated"
# a steady ping, 10 a second for 14 seconds, across the Child SA rekey
# that strongSwan starts 12 seconds after the Child SA came up (rekey_time)
ping -q -n -c 140 -i 0.1 -I 192.0.1.254 192.0.2.254 | tee /tmp/ping.out | ../../guestbin/ping-lost
# strongSwan keeps its old inbound SA a few seconds after the rekey
# (delete_rekeyed_delay); then one Child SA is left, two SAs in the kernel
../../guestbin/wait-until --timeout 20 -- sh -c '[ "$(ip xfrm state | grep -c "^src")" = 2 ]'
swanctl --list-sas --raw | grep -o "local-ts=\[[^]]*\] remote-ts=\[[^]]*\]"
