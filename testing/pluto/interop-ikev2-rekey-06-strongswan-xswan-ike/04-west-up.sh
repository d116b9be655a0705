# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west on the 192.1.2 network
../../guestbin/capture-out start wire -i eth1
# charon's progress lines carry times and SPIs: only its verdict here
swanctl --initiate --child westnet-eastnet --timeout 30 > /tmp/initiate.log 2>&1 && echo "initiated"
# the first IKE SA's SPIs and the Child SA's ESP SPIs
swanctl --list-sas --raw | grep -o 'initiator-spi=[0-9a-f]* responder-spi=[0-9a-f]*' > /tmp/ike.before
swanctl --list-sas --raw | grep -o 'spi-in=[0-9a-f]* spi-out=[0-9a-f]*' > /tmp/child.before
wc -l < /tmp/ike.before
wc -l < /tmp/child.before
