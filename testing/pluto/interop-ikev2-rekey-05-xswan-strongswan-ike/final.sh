# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# every ping (west) and every answer (east) left as ESP on one SPI: the
# Child SA was not touched by the IKE SA rekey
../../guestbin/capture-out show wire esp | tail -n 1
../../guestbin/capture-out show wire esp | grep -o 'spi=0x[0-9a-f]*' | sort -u | wc -l
../../guestbin/capture-out show wire icmp
