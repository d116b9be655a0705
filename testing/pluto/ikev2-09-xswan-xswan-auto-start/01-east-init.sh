# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
ipsec start
# loaded from ipsec.conf by pluto itself (auto=add); "ignored" is not
ipsec status | grep 'eroute owner'
echo "initdone"
