# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl strongswan
ipsec start
swanctl --load-all
echo "initdone"
