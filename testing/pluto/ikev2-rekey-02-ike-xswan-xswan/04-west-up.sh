# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
ipsec auto --up westnet-eastnet
ipsec showstates | grep -v Traffic
# a steady ping, 10 a second for 15 seconds, across the IKE SA rekey
# that west starts 10 seconds after the IKE SA came up
ping -q -n -c 150 -i 0.1 -I 192.0.1.254 192.0.2.254 | grep 'packets transmitted' | sed -e 's/, time .*//'
# a new IKE SA (#3; the next rekey, 10 s later, makes #4) replaced #1,
# which is gone; Child SA #2 lives on, now under the new IKE SA
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec showstates | grep -c ESTABLISHED_IKE_SA)" = 1 ] && ! ipsec showstates | grep -q "^#1:"'
ipsec showstates | grep -v Traffic | sed -e 's/^#[3-9][0-9]*:/#N:/' -e 's/IKE SA #[0-9]*;/IKE SA #N;/'
# the same two kernel SAs and three policies as before
ip xfrm state | grep -c '^src'
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
