# SPDX-License-Identifier: GPL-2.0-or-later
# the instance went with its last SA; the template stays
../../guestbin/wait-until --timeout 10 -- sh -c '[ -z "$(ipsec trafficstatus)" ]'
ipsec status | grep 'eroute owner'
ip xfrm state
