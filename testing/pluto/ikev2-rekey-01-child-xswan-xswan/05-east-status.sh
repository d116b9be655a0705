# SPDX-License-Identifier: GPL-2.0-or-later
# east answered west's rekey: a newer Child SA replaced #2 here too
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" = 1 ] && ! ipsec trafficstatus | grep -q "^#2:"'
ipsec trafficstatus | sed -e 's/^#[0-9]*:/#N:/' -e 's/inBytes=[0-9]*/inBytes=N/' -e 's/outBytes=[0-9]*/outBytes=N/'
# the old inbound SA goes after its grace period (2 s)
# two SAs, counted in the wait (the next rekey briefly makes three)
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ip xfrm state | grep -c "^src")" = 2 ]' && echo "2 SAs"
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
