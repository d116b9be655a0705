# SPDX-License-Identifier: GPL-2.0-or-later
# the first packet only starts IKE
../../guestbin/ping-once.sh --fire -I 192.0.1.254 192.0.2.254
../../guestbin/wait-until --timeout 20 -- sh -c 'ipsec trafficstatus | grep -q "#2:"'
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
ipsec status | grep '^"westnet-eastnet": 192'
