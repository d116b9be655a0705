# SPDX-License-Identifier: GPL-2.0-or-later
# the new IKE SA's keys work: its Delete reaches east and both ends clear
swanctl --terminate --ike westnet-eastnet --timeout 30 > /tmp/terminate.log 2>&1 && echo "terminated"
swanctl --list-sas --raw | grep -c "initiator-spi="
ip xfrm state | grep -c '^src'
