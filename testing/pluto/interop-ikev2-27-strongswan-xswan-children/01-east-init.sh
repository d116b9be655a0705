# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
ipsec start
ipsec auto --add westnet-eastnet
ipsec auto --add net2
echo "initdone"
