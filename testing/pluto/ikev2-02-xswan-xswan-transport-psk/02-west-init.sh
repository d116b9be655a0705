# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive 192.1.2.23
ipsec start
ipsec auto --add west-east
echo "initdone"
