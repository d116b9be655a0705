# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# ESP on the old and then the new Child SA's SPI, no ICMP in the clear
n=$(../../guestbin/capture-out show wire esp | grep -o 'spi=0x[0-9a-f]*' | sort -u | wc -l); [ $n -ge 2 ] && echo "ESP on more than one SPI"
../../guestbin/capture-out show wire icmp
