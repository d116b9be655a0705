# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
# the kernel drops a packet that finds only a trap (xfrm_larval_drop=1):
# the first ping starts IKE and is itself lost
cat /proc/sys/net/core/xfrm_larval_drop
../../guestbin/ping-once.sh --down -I 192.0.1.254 192.0.2.254
grep -o 'initiating on demand: .*' /var/log/pluto.log
../../guestbin/wait-until --timeout 20 -- sh -c 'ipsec trafficstatus | grep -q "#2:"'
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
# one packet each way: the first ping never left west
ipsec trafficstatus
ipsec status | grep '^"westnet-eastnet": 192'
