# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan's view: the revived Child SA between the two client nets
swanctl --list-sas --raw | grep -o "local-ts=\[[^]]*\] remote-ts=\[[^]]*\]"
