# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan took the Delete sent through the new IKE SA: nothing left
../../guestbin/wait-until --timeout 10 -- sh -c '[ -z "$(ipsec whack --showstates)" ]'
ip xfrm state | grep -c '^src'
