# SPDX-License-Identifier: GPL-2.0-or-later
# the instance made for west, beside its template
ipsec trafficstatus
ipsec status | grep 'eroute owner'
