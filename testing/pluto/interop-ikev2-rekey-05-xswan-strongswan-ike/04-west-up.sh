# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
ipsec auto --up westnet-eastnet
ipsec showstates | grep -v Traffic
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.before
