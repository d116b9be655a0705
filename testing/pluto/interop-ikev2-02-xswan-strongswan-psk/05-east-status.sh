# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan's view: the Child SA between the two client nets
swanctl --list-sas --raw | grep -o "local-ts=\[[^]]*\] remote-ts=\[[^]]*\]"
