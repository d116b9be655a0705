# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl "$EAST_IMPL"
ipsec start
/testing/guestbin/ike add westnet-eastnet
