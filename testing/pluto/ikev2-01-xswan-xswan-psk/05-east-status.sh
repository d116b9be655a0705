# SPDX-License-Identifier: GPL-2.0-or-later
# east's view of the same Child SA: the same two packets each way
ipsec trafficstatus
ipsec status | grep '^"westnet-eastnet": 192'
