# SPDX-License-Identifier: GPL-2.0-or-later
# the same packet each way
ipsec trafficstatus
