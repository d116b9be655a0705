# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
ipsec auto --up west-east
../../guestbin/ping-once.sh --up 192.1.2.23
# one packet each way
ipsec trafficstatus
# both SAs in transport mode
ip xfrm state | grep -o "proto esp .* mode [a-z]*" | sed -e 's/spi 0x[0-9a-f]* //' -e 's/reqid [0-9]* //'
