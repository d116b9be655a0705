# SPDX-License-Identifier: GPL-2.0-or-later
grep -o '"road-east"\[1\] 192.1.2.254 #[0-9]*: NAT mapping of the peer changed: .*' /var/log/pluto.log
ip xfrm state | grep -o 'encap type espinudp sport [0-9]* dport [0-9]*' | sort -u
ipsec trafficstatus
