# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/wait-until --timeout 10 -- sh -c 'ipsec showstates | grep -q "^#4: .*ESTABLISHED_IKE_SA" && ! ipsec showstates | grep -q "^#1:"'
ipsec showstates | grep -v Traffic
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
# nothing to rekey for a connection that is not up
ipsec auto --down westnet-eastnet > /dev/null
ipsec whack --rekey-child --name westnet-eastnet
