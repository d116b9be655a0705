# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# IKE, then the ping as ESP, and no ICMP in the clear
../../guestbin/capture-out show wire
../../guestbin/capture-out show wire icmp
../../guestbin/xfrm-counters
ip xfrm state
