# SPDX-License-Identifier: GPL-2.0-or-later
# a crash: no Delete reaches west, which keeps sending on its old SAs
../../guestbin/kill-daemon-9 pluto
ipsec start
# the new pluto removed the dead one's SAs, so west's ESP now hits
# unknown SPIs; the kernel says so and pluto initiates at once
../../guestbin/wait-until --timeout 10 grep -q 'established Child SA' /var/log/pluto.log
grep -o '"westnet-eastnet": ESP from .*' /var/log/pluto.log | sed -e 's/SPI 0x[0-9a-f]*/SPI 0xSPISPI/'
ipsec trafficstatus | sed -e 's/\(in\|out\)Bytes=[1-9][0-9]*/\1Bytes=N/g'
