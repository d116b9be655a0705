# SPDX-License-Identifier: GPL-2.0-or-later
ipsec start
ipsec auto --add westnet-eastnet
