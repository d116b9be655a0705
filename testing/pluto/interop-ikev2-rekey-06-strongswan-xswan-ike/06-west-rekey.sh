# SPDX-License-Identifier: GPL-2.0-or-later
# a steady ping, 10 a second for 10 seconds, with the IKE SA rekeyed in
# the middle of it
../../guestbin/daemon-run flow ping -q -n -c 100 -i 0.1 -I 192.0.1.254 192.0.2.254
# the first answers came back through the tunnel
../../guestbin/wait-until --timeout 10 -- sh -c 'swanctl --list-sas --raw | grep -q "packets-in=[1-9]"'
swanctl --rekey --ike westnet-eastnet > /tmp/rekey.log 2>&1 && echo "rekey asked for"
# one IKE SA, not the first one's SPIs, still owning the same Child SA
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(swanctl --list-sas --raw | grep -o "initiator-spi=[0-9a-f]* responder-spi=[0-9a-f]*" | wc -l)" = 1 ] && ! swanctl --list-sas --raw | grep -qFf /tmp/ike.before'
swanctl --list-sas --raw | grep -o 'initiator-spi=[0-9a-f]* responder-spi=[0-9a-f]*' > /tmp/ike.after
swanctl --list-sas --raw | grep -o 'spi-in=[0-9a-f]* spi-out=[0-9a-f]*' > /tmp/child.after
swanctl --list-sas --raw | grep -o 'state=[A-Z]*' | sort | uniq -c
comm -12 /tmp/ike.before /tmp/ike.after | wc -l
cmp -s /tmp/child.before /tmp/child.after && echo "same Child SA"
../../guestbin/wait-until --timeout 20 grep -q '^exit' /var/log/flow.status
../../guestbin/ping-lost /var/log/flow.out
