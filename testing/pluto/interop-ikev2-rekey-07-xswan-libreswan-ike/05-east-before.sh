# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan's first IKE SA #1 and Child SA #2 (timer values blanked)
ipsec whack --showstates | grep -v Traffic | sed -e 's/ in [0-9]*s;/ in Ns;/g'
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.before
