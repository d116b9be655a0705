# SPDX-License-Identifier: GPL-2.0-or-later
# xswan answered Libreswan's rekey: a newer Child SA replaced #2 (Libreswan
# deleted the old pair), and only the new pair is in the kernel
# (one wait for all of it: the peer rekeys again every few seconds, so
# separate looks could straddle its next rekey)
../../guestbin/wait-until --timeout 20 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" = 1 ] && ! ipsec trafficstatus | grep -q "^#2:" && [ "$(ip xfrm state | grep -c "^src")" = 2 ] && [ "$(ip xfrm policy | grep -c "dir \(in\|out\|fwd\)")" = 3 ]'
ipsec trafficstatus | sed -e 's/^#[0-9]*:/#N:/' -e 's/inBytes=[0-9]*/inBytes=N/' -e 's/outBytes=[0-9]*/outBytes=N/' -e 's/add_time=[0-9]*/add_time=1234567890/' | sort -u
