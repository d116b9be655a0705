# SPDX-License-Identifier: GPL-2.0-or-later
# ESP from the new mapping: east's kernel reports it, east follows (the
# reply to that first packet may still take the old way: not checked)
ping -n -q -c 1 -W 2 -I 192.1.3.209 192.0.2.254 > /dev/null
../../guestbin/wait-until --timeout 10 -- ../../guestbin/ping-once.sh --up -I 192.1.3.209 192.0.2.254
