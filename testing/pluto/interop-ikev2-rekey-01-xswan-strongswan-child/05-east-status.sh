# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan deleted its old Child SA on west's Delete (it keeps the old
# inbound SA a few seconds longer, delete_rekeyed_delay): then one Child SA
# is left and two SAs in the kernel
../../guestbin/wait-until --timeout 20 -- sh -c '[ "$(ip xfrm state | grep -c "^src")" = 2 ]'
swanctl --list-sas --raw | grep -o "local-ts=\[[^]]*\] remote-ts=\[[^]]*\]"
