# SPDX-License-Identifier: GPL-2.0-or-later
/testing/guestbin/ike up westnet-eastnet
ping -n -c 3 -I 192.0.1.254 192.0.2.254
/testing/guestbin/ike status
/testing/guestbin/capture-out stop wire
# what west sent: IKE, then the pings as ESP, and no ICMP in the clear
/testing/guestbin/capture-out show wire
/testing/guestbin/capture-out show wire icmp
