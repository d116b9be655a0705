# SPDX-License-Identifier: GPL-2.0-or-later
# a steady ping, 10 a second for 10 seconds, with the IKE SA rekeyed in
# the middle of it (one rekey, asked for: a lifetime would repeat it)
../../guestbin/daemon-run flow ping -q -n -c 100 -i 0.1 -I 192.0.1.254 192.0.2.254
# the first answers came back through the tunnel
../../guestbin/wait-until --timeout 10 -- sh -c 'ipsec trafficstatus | grep -q "inBytes=[1-9]"'
ipsec whack --rekey-ike --name westnet-eastnet
# a new IKE SA (#3) replaced #1, which is gone; Child SA #2 lives on,
# now under the new IKE SA
../../guestbin/wait-until --timeout 10 -- sh -c 'ipsec showstates | grep -q "^#3: .*ESTABLISHED_IKE_SA" && ! ipsec showstates | grep -q "^#1:"'
ipsec showstates | grep -v Traffic
../../guestbin/wait-until --timeout 20 grep -q '^exit' /var/log/flow.status
../../guestbin/ping-lost /var/log/flow.out
# the same two kernel SAs (the Child SA was not rekeyed) and three policies
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.after
comm -3 /tmp/spi.before /tmp/spi.after | wc -l
wc -l < /tmp/spi.after
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
