# SPDX-License-Identifier: GPL-2.0-or-later
# a revival attempt reaches the new charon: the tunnel is back
../../guestbin/wait-until --timeout 40 -- sh -c 'ipsec trafficstatus | grep -q "type=ESP"'
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
ipsec trafficstatus | sed -e 's/^#[0-9]*:/#N:/'
