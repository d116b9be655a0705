# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan deleted its old Child SA on west's Delete: one left, two kernel
# SAs (one wait for both: west rekeys again every few seconds)
../../guestbin/wait-until --timeout 20 -- sh -c '[ "$(ipsec whack --trafficstatus | wc -l)" = 1 ] && [ "$(ip xfrm state | grep -c "^src")" = 2 ]'
