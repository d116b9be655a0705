# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# the requests left west as ESP, never as cleartext echo requests
../../guestbin/capture-out show wire esp
../../guestbin/capture-out show wire 'icmp[icmptype] == icmp-echo or icmp6[icmp6type] == icmp6-echo'
