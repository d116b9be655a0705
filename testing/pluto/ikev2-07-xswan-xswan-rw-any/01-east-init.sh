# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
ipsec start
ipsec auto --add rw
# a template: no peer address yet
ipsec status | grep 'eroute owner'
echo "initdone"
