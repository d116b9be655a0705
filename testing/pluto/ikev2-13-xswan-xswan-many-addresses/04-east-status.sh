# SPDX-License-Identifier: GPL-2.0-or-later
# every address got its two sockets: more than the 1024 files pluto started with
[ "$(grep -c 'adding UDP interface eth1 10[.]2[.]' /var/log/pluto.log)" -eq 1200 ] && echo "1200 sockets on the 600 addresses"
grep -c 'Too many open files' /var/log/pluto.log || true
ipsec trafficstatus | wc -l
