# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/wait-until --timeout 10 -- sh -c '[ -z "$(ipsec showstates)" ]'
ip xfrm state | grep -c '^src'
