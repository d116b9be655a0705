# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
../../guestbin/wait-until-alive 192.0.2.254
ipsec start
ipsec auto --add rw
echo "initdone"
