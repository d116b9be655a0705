# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl strongswan
../../guestbin/wait-until-alive 192.1.2.23
ipsec start
swanctl --load-all > /dev/null
echo "initdone"
