# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan deleted its old Child SA on west's Delete: one left, two kernel SAs
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec whack --trafficstatus | wc -l)" = 1 ]'
ip xfrm state | grep -c '^src'
