# SPDX-License-Identifier: GPL-2.0-or-later
# a steady ping, 10 a second for 10 seconds, with the IKE SA rekeyed in
# the middle of it
../../guestbin/daemon-run flow ping -q -n -c 100 -i 0.1 -I 192.0.1.254 192.0.2.254
# the first answers came back through the tunnel
../../guestbin/wait-until --timeout 10 -- sh -c 'ipsec whack --trafficstatus | grep -q "inBytes=[1-9]"'
ipsec whack --rekey-ike --name westnet-eastnet > /tmp/rekey.log 2>&1 && echo "rekey asked for"
# one IKE SA, newer than #1, owning Child SA #2
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec whack --showstates | grep -c ESTABLISHED_IKE_SA)" = 1 ] && ! ipsec whack --showstates | grep -q "#1: "'
ipsec whack --showstates | grep -v Traffic | sed -e 's/ in [0-9]*s;/ in Ns;/g'
../../guestbin/wait-until --timeout 20 grep -q '^exit' /var/log/flow.status
../../guestbin/ping-lost /var/log/flow.out
