# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# every ping (west) and every answer (east) left as ESP, on the old
# Child SA's SPI and then the new one's
../../guestbin/capture-out show wire esp | tail -n 1
n=$(../../guestbin/capture-out show wire esp | grep -o 'spi=0x[0-9a-f]*' | sort -u | wc -l); [ $n -ge 2 ] && echo "ESP on more than one SPI"
# and no ICMP in the clear, before, during or after the rekey
../../guestbin/capture-out show wire icmp
