# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
ipsec auto --up westnet-eastnet
# each of west's two SAs: soft limit 5 or 6 packets, hard limit 20
ip -s xfrm state | grep 'limit:.*(packets)' | sed -e 's/soft [56](packets)/soft 5-6(packets)/' | sort | uniq -c
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.before
# 30 pings, 5 a second: every 5th or 6th packet on an SA reaches its
# soft limit and west rekeys the Child SA; none is lost
ping -q -n -c 30 -i 0.2 -I 192.0.1.254 192.0.2.254 | grep 'packets transmitted' | sed -e 's/, time .*//'
# the kernel's soft expire started the rekeys; no SA reached its hard limit
grep -q 'SA reached its soft limit; rekeying' /var/log/pluto.log && echo "soft expire: rekeying"
grep -c 'reached its hard limit' /var/log/pluto.log
# a rekeyed Child SA replaced #2, which is gone
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" = 1 ] && ! ipsec trafficstatus | grep -q "^#2:"'
ipsec trafficstatus | sed -e 's/^#[0-9]*:/#N:/' -e 's/inBytes=[0-9]*/inBytes=N/' -e 's/outBytes=[0-9]*/outBytes=N/'
# two SAs in the kernel once the retired inbound SAs' grace is over,
# new SPIs, the same limits
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ip xfrm state | grep -c "spi 0x")" = 2 ]'
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.after
wc -l < /tmp/spi.after
comm -12 /tmp/spi.before /tmp/spi.after | wc -l
ip -s xfrm state | grep 'limit:.*(packets)' | sed -e 's/soft [56](packets)/soft 5-6(packets)/' | sort | uniq -c
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
