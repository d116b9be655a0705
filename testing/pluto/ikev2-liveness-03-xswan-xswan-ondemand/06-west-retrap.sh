# SPDX-License-Identifier: GPL-2.0-or-later
# east is back: the next packet hits the trap and negotiates again
../../guestbin/ping-once.sh --fire -I 192.0.1.254 192.0.2.254
../../guestbin/wait-until --timeout 20 -- sh -c 'ipsec trafficstatus | grep -q "type=ESP"'
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
ipsec trafficstatus | sed -e 's/^#[0-9]*:/#N:/'
