# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
# the kernel drops a packet that finds only a trap (xfrm_larval_drop=1):
# the first ping starts IKE and is itself lost
cat /proc/sys/net/core/xfrm_larval_drop
../../guestbin/ping-once.sh --down -I 192.0.1.254 192.0.2.254
../../guestbin/wait-until --timeout 20 -- sh -c 'swanctl --list-sas --raw | grep -q "state=INSTALLED"'
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
# strongSwan's view: one packet each way, the first ping never left west
swanctl --list-sas --raw | grep -o "bytes-in=[0-9]* packets-in=[0-9]*.* bytes-out=[0-9]* packets-out=[0-9]*" | sed -e 's/ use-in=[0-9]*//' -e 's/ use-out=[0-9]*//'
# the Child SA covers the two client nets, not only the packet that
# triggered it (strongSwan proposes that packet first)
swanctl --list-sas --raw | grep -o "local-ts=\[[^]]*\] remote-ts=\[[^]]*\]"
