# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
ipsec auto --up westnet-eastnet
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.before
# a steady ping, 10 a second for 14 seconds, across the Child SA rekey
# that west (xswan) starts 10 seconds after the tunnel came up
ping -q -n -c 140 -i 0.1 -I 192.0.1.254 192.0.2.254 | tee /tmp/ping.out | ../../guestbin/ping-lost
# a rekeyed Child SA (#3, or #4 after the next rekey) replaced #2
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" = 1 ] && ! ipsec trafficstatus | grep -q "^#2:"'
ipsec trafficstatus | sed -e 's/^#[0-9]*:/#N:/' -e 's/inBytes=[0-9]*/inBytes=N/' -e 's/outBytes=[0-9]*/outBytes=N/'
# two SAs in the kernel once the old inbound SA's grace period (2 s)
# is over, neither SPI the same as before the rekey
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ip xfrm state | grep -c "spi 0x")" = 2 ]'
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.after
wc -l < /tmp/spi.after
comm -12 /tmp/spi.before /tmp/spi.after | wc -l
