# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan 5.9.8 cannot verify AUTH_NULL: it answers AUTHENTICATION_FAILED
ipsec auto --up westnet-eastnet-null
# and west keeps nothing: no IKE or Child SA, no kernel SA, no policy
# between the client nets (the per-socket IKE bypasses stay)
ipsec showstates
ipsec trafficstatus
ip xfrm state | grep -c '^src'
ip xfrm policy | grep -c '^src 192.0'
