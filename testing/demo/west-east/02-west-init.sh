# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl "$WEST_IMPL"
ipsec start
/testing/guestbin/ike add westnet-eastnet
# from now on, what leaves west on the 192.1.2 network
/testing/guestbin/capture-out start wire -i eth1
