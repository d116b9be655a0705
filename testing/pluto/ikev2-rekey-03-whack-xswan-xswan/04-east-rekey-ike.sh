# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/wait-until --timeout 10 -- sh -c 'ipsec trafficstatus | grep -q "^#3:" && ! ipsec trafficstatus | grep -q "^#2:"'
# east, the responder of the first IKE SA, rekeys it: the new IKE SA #4
# takes Child SA #3 along
ipsec whack --rekey-ike --name westnet-eastnet
../../guestbin/wait-until --timeout 10 -- sh -c 'ipsec showstates | grep -q "^#4: .*ESTABLISHED_IKE_SA" && ! ipsec showstates | grep -q "^#1:"'
ipsec showstates | grep -v Traffic
