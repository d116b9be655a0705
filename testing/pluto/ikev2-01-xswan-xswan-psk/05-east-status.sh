# SPDX-License-Identifier: GPL-2.0-or-later
# east's view of the same Child SA: the same two packets each way
ipsec trafficstatus
ipsec status | grep '^"westnet-eastnet": 192'
# the IKE SA on one line, the Child SA on two (SPIs hidden)
ipsec showstates | sed -e 's/esp\.[0-9a-f]*@/esp.SPISPI@/g'
