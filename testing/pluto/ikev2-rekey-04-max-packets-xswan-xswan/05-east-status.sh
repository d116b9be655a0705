# SPDX-License-Identifier: GPL-2.0-or-later
# east answered each rekey: one Child SA, newer than #2
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" = 1 ] && ! ipsec trafficstatus | grep -q "^#2:"'
ipsec trafficstatus | sed -e 's/^#[0-9]*:/#N:/' -e 's/inBytes=[0-9]*/inBytes=N/' -e 's/outBytes=[0-9]*/outBytes=N/'
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ip xfrm state | grep -c "^src")" = 2 ]'
# east responded to the rekeys: its soft limit is the responder's 50%
# less up to 6.25% (9 or 10), the hard limit the same 20
ip -s xfrm state | grep 'limit:.*(packets)' | sed -e 's/soft \(9\|10\)(packets)/soft 9-10(packets)/' | sort | uniq -c
grep -c 'reached its hard limit' /var/log/pluto.log
