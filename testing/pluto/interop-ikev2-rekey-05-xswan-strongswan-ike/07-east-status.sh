# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan answered west's rekey and took west's Delete of the old IKE
# SA: one IKE SA, not the first one's SPIs, still owning the same Child SA
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(swanctl --list-sas --raw | grep -o "initiator-spi=[0-9a-f]* responder-spi=[0-9a-f]*" | wc -l)" = 1 ]'
swanctl --list-sas --raw | grep -o 'initiator-spi=[0-9a-f]* responder-spi=[0-9a-f]*' > /tmp/ike.after
swanctl --list-sas --raw | grep -o 'spi-in=[0-9a-f]* spi-out=[0-9a-f]*' > /tmp/child.after
swanctl --list-sas --raw | grep -o 'state=[A-Z]*' | sort | uniq -c
# new IKE SPIs
comm -12 /tmp/ike.before /tmp/ike.after | wc -l
# the same Child SA
cmp -s /tmp/child.before /tmp/child.after && echo "same Child SA"
swanctl --list-sas --raw | grep -o "local-ts=\[[^]]*\] remote-ts=\[[^]]*\]"
ip xfrm state | grep -c '^src'
