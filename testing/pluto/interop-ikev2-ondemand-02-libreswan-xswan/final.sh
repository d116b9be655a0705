# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# one ping crossed as ESP (the first was dropped before it left), and
# no ICMP left in the clear
../../guestbin/capture-out show wire esp
../../guestbin/capture-out show wire icmp
