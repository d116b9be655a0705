# SPDX-License-Identifier: GPL-2.0-or-later
# the first IKE SA's SPIs and the Child SA's ESP SPIs, as strongSwan sees them
swanctl --list-sas --raw | grep -o 'initiator-spi=[0-9a-f]* responder-spi=[0-9a-f]*' > /tmp/ike.before
swanctl --list-sas --raw | grep -o 'spi-in=[0-9a-f]* spi-out=[0-9a-f]*' > /tmp/child.before
wc -l < /tmp/ike.before
wc -l < /tmp/child.before
