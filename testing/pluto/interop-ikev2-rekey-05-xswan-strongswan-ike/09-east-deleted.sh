# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan took the Delete sent through the new IKE SA: no IKE SA left
../../guestbin/wait-until --timeout 10 -- sh -c '! swanctl --list-sas --raw | grep -q "initiator-spi="'
swanctl --list-sas --raw | grep -c "initiator-spi="
ip xfrm state | grep -c '^src'
