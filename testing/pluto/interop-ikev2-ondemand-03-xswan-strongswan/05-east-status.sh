# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan's view: the Child SA between the two client nets, one
# packet each way
swanctl --list-sas --raw | grep -o "bytes-in=[0-9]* packets-in=[0-9]*.* bytes-out=[0-9]* packets-out=[0-9]*" | sed -e 's/ use-in=[0-9]*//' -e 's/ use-out=[0-9]*//'
swanctl --list-sas --raw | grep -o "local-ts=\[[^]]*\] remote-ts=\[[^]]*\]"
