# SPDX-License-Identifier: GPL-2.0-or-later
# west's Delete reached east, which removed its side too
../../guestbin/wait-until --timeout 10 -- sh -c '[ -z "$(ipsec trafficstatus)" ]'
ip xfrm state
ip xfrm policy | grep -c "dir \(in\|out\|fwd\)"
