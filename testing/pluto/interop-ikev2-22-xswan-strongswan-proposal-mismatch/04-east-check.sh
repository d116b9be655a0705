# SPDX-License-Identifier: GPL-2.0-or-later
# east refused, and its log says so
grep -q "N(NO_PROP)" /var/log/charon.log && echo "east logged N(NO_PROP)"
swanctl --list-sas --raw | grep -c 'state=INSTALLED'
ip xfrm state
ip xfrm policy | grep -c "proto esp"
