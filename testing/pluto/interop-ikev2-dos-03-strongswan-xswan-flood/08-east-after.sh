# SPDX-License-Identifier: GPL-2.0-or-later
# the whole flood left at most 30 half-open IKE SAs (+ west's, answered)
ipsec showstates | grep -c 'STATE_V2_PARENT_R1'
grep -c 'sent IKE_SA_INIT reply' /var/log/pluto.log
