# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan's view of the same Child SA: one packet each way
ipsec whack --trafficstatus
