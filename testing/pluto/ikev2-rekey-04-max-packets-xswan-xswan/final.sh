# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# every ping (west) and every answer (east) left as ESP, on a new SPI
# every 5 or 6 packets (at least three SPIs for 30 packets)
../../guestbin/capture-out show wire esp | tail -n 1
n=$(../../guestbin/capture-out show wire esp | grep -o 'spi=0x[0-9a-f]*' | sort -u | wc -l); [ $n -ge 3 ] && echo "ESP on at least three SPIs"
# and no ICMP in the clear
../../guestbin/capture-out show wire icmp
