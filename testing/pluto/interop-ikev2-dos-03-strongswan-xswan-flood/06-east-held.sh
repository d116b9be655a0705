# SPDX-License-Identifier: GPL-2.0-or-later
# still flooded: the spoofed sources hold 30 half-open IKE SAs, no more
ipsec showstates | grep -c 'STATE_V2_PARENT_R1'
ipsec trafficstatus
