# SPDX-License-Identifier: GPL-2.0-or-later
../../guestbin/capture-out stop wire
# every ping (west) and every answer (east) left as ESP on one SPI: the
# Child SA was not touched by the IKE SA rekey
../../guestbin/capture-out show wire esp | tail -n 1
../../guestbin/capture-out show wire esp | grep -o 'spi=0x[0-9a-f]*' | sort -u | wc -l
../../guestbin/capture-out show wire icmp
# which IKE SA carried each exchange: CREATE_CHILD_SA (the rekey) and the
# Delete of the old IKE SA on the first, the Delete of the shutdown on
# the new one (its message IDs start again at 0)
../../guestbin/capture-ike wire
