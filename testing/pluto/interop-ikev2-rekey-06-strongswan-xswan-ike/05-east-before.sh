# SPDX-License-Identifier: GPL-2.0-or-later
ipsec showstates | grep -v Traffic
ip xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > /tmp/spi.before
