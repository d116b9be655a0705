# SPDX-License-Identifier: GPL-2.0-or-later
# xswan's pluto dies without a word; its ESP SAs go too, so nothing answers
../../guestbin/kill-daemon-9 pluto
ip xfrm state flush
ip xfrm policy flush
