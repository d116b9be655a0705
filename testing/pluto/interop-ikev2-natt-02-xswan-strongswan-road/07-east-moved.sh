# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan followed the new mapping too
ip xfrm state | grep -o 'encap type espinudp sport [0-9]* dport [0-9]*' | sort -u
