# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan answered west's rekey and took west's Delete of the old IKE
# SA: one IKE SA, newer than #1, owning Child SA #2, whose kernel SAs
# are as before (Libreswan 4.10 starts each line with "000 ")
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec whack --showstates | grep -c ESTABLISHED_IKE_SA)" = 1 ] && ! ipsec whack --showstates | grep -q "#1: "'
ipsec whack --showstates | grep -v Traffic | sed -e 's/ in [0-9]*s;/ in Ns;/g'
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.after
comm -3 /tmp/spi.before /tmp/spi.after | wc -l
wc -l < /tmp/spi.after
