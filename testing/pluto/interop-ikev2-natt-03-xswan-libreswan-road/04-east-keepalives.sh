# SPDX-License-Identifier: GPL-2.0-or-later
# the tunnel is ESP in UDP on 4500, from nic's address
ipsec trafficstatus
ip xfrm state | grep -o 'src [0-9.]* dst [0-9.]*\|encap type espinudp sport [0-9]* dport [0-9]*' | sort -u
# two NAT keepalives from road: one octet, UDP length 9, no marker
timeout 20 tcpdump -n -l -i eth1 -c 2 'udp dst port 4500 and udp[4:2] = 9 and udp[8] = 0xff' 2>/dev/null | sed -e 's/^[0-9:.]* //'
