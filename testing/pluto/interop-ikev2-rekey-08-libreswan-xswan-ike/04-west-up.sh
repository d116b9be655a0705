# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
ipsec auto --up westnet-eastnet > /tmp/up.log 2>&1 && echo "up"
# Libreswan's first IKE SA #1 and Child SA #2 (timer values blanked)
ipsec whack --showstates | grep -v Traffic | sed -e 's/ in [0-9]*s;/ in Ns;/g'
