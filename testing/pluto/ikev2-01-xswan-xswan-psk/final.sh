# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# the ping crossed as ESP (IKE's own packets vary with retransmits)
../../guestbin/capture-out show wire esp
# and no ICMP left in the clear
../../guestbin/capture-out show wire icmp
