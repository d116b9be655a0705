# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/xfrm-counters
../../guestbin/capture-out stop wire
# the replies left east as ESP, never as cleartext echo replies
../../guestbin/capture-out show wire esp
../../guestbin/capture-out show wire 'icmp[icmptype] == icmp-echoreply or icmp6[icmp6type] == icmp6-echoreply'
