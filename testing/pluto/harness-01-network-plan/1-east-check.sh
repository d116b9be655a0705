# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# replies: to west's client, to road and north as nic (NAT), to road's
# IPv6 address, to north's client network
../../guestbin/capture-out show wire 'icmp[icmptype] == icmp-echoreply or icmp6[icmp6type] == icmp6-echoreply'
