# SPDX-License-Identifier: GPL-2.0-or-later
# strongSwan's view: the Child SA is installed
swanctl --list-sas --raw | grep -o 'state=INSTALLED mode=[A-Z]*'
