# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan deletes the Child SA only (a Delete of the ESP SPI): the
# IKE SA stays
swanctl --terminate --child westnet-eastnet --timeout 10 > /tmp/terminate.log 2>&1 && echo "terminated Child SA"
ip xfrm state | grep '^src'
ip xfrm policy | grep -A1 '^src 192\.0\.' | grep -o '^src .*\|dir [a-z]*'
