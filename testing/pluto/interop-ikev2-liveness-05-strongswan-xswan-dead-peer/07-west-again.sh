# SPDX-License-Identifier: GPL-2.0-or-later
# a fresh start reaches the new pluto: the tunnel is back
swanctl --initiate --child westnet-eastnet --timeout 30 > /tmp/initiate2.log 2>&1 && echo "initiated"
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
