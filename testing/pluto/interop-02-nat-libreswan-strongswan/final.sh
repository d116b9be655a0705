# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# IKE_SA_INIT on 500, then everything on 4500: IKE_AUTH and ESP in UDP
../../guestbin/capture-out show wire
../../guestbin/capture-out show wire icmp
../../guestbin/xfrm-counters
# the SAs carry the UDP encapsulation
ip xfrm state
