# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/ike status
/testing/guestbin/xfrm-counters
