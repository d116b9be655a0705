# SPDX-License-Identifier: GPL-2.0-or-later
# xswan answered the rekey and took Libreswan's Delete of the old IKE
# SA: IKE SA #3 replaced #1 and owns Child SA #2, whose kernel SAs and
# the three policies are as before
../../guestbin/wait-until --timeout 10 -- sh -c 'ipsec showstates | grep -q "^#3: .*ESTABLISHED_IKE_SA" && ! ipsec showstates | grep -q "^#1:"'
ipsec showstates | grep -v Traffic
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.after
comm -3 /tmp/spi.before /tmp/spi.after | wc -l
wc -l < /tmp/spi.after
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
