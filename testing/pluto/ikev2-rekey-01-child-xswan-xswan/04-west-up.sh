# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
ipsec auto --up westnet-eastnet
ipsec trafficstatus | sed -e 's/^#[0-9]*:/#N:/' -e 's/inBytes=[0-9]*/inBytes=N/' -e 's/outBytes=[0-9]*/outBytes=N/'
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.before
# a steady ping, 10 a second for 15 seconds, across the Child SA rekey
# that west starts 10 seconds after the tunnel came up: none is lost
ping -q -n -c 150 -i 0.1 -I 192.0.1.254 192.0.2.254 | grep 'packets transmitted' | sed -e 's/, time .*//'
# a rekeyed Child SA replaced #2, which is gone (the first rekey makes
# #3; the next one, 10 s later, may have made #4 by now)
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" = 1 ] && ! ipsec trafficstatus | grep -q "^#2:"'
ipsec trafficstatus | sed -e 's/^#[0-9]*:/#N:/' -e 's/inBytes=[0-9]*/inBytes=N/' -e 's/outBytes=[0-9]*/outBytes=N/'
# the old inbound SA stays a grace period (2 s) for ESP still in
# flight, then goes: two SAs in the kernel, neither SPI the same as
# before the rekey
# (the SPIs are read in the wait: the next rekey, 10 s after this one,
# briefly makes three SAs, and a second reading could catch it)
../../guestbin/wait-until --timeout 10 -- sh -c 'ip xfrm state | grep -o "spi 0x[0-9a-f]*" | sort > /tmp/spi.after; [ "$(wc -l < /tmp/spi.after)" = 2 ]'
wc -l < /tmp/spi.after
comm -12 /tmp/spi.before /tmp/spi.after | wc -l
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
