# SPDX-License-Identifier: GPL-2.0-or-later
# xswan's view as responder: one packet each way, west's ID
ipsec trafficstatus
ipsec status | grep '^"westnet-eastnet": 192'
