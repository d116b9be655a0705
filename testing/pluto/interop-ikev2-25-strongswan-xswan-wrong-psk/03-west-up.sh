# SPDX-License-Identifier: GPL-2.0-or-later
# charon's progress lines carry times and SPIs: only its verdict here
swanctl --initiate --child westnet-eastnet --timeout 30 > /tmp/initiate.log 2>&1 || echo "initiation failed"
# no tunnel: no Child SA, no SA, no ESP policy
swanctl --list-sas --raw | grep -c 'state=INSTALLED'
ip xfrm state
ip xfrm policy | grep -c "proto esp"
