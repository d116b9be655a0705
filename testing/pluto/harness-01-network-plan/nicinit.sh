# SPDX-License-Identifier: GPL-2.0-or-later
ip -br addr
ip route
ip -6 route | grep via
nft list ruleset
