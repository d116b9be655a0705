# SPDX-License-Identifier: GPL-2.0-or-later
ip xfrm state
ip xfrm policy
