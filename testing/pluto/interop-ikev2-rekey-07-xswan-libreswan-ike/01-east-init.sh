# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl libreswan
ipsec start
ipsec auto --add westnet-eastnet
echo "initdone"
