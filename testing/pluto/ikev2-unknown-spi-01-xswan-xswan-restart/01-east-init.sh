# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/swan-prep --impl xswan
# this kernel has the notification; pluto says so as it starts
cat /proc/sys/net/core/xfrm_unknown_spi_interval_ms
ipsec start
grep -o 'kernel: unknown-SPI notification present' /var/log/pluto.log
echo "initdone"
