# SPDX-License-Identifier: GPL-2.0-or-later
# east refused, and its log says so
grep -q "N(AUTH_FAILED)" /var/log/charon.log && echo "east logged N(AUTH_FAILED)"
swanctl --list-sas --raw | grep -c 'state=INSTALLED'
ip xfrm state
ip xfrm policy | grep -c "proto esp"
