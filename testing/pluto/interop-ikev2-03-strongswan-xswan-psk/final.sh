# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# the ping crossed as ESP, and no ICMP left in the clear
../../guestbin/capture-out show wire esp
../../guestbin/capture-out show wire icmp
