# SPDX-License-Identifier: GPL-2.0-or-later
# from now on, what leaves west
../../guestbin/capture-out start wire -i eth1
# charon's progress lines carry times and SPIs: only its verdict here
swanctl --initiate --child west-east --timeout 30 > /tmp/initiate.log 2>&1 && echo "initiated"
../../guestbin/ping-once.sh --up 192.1.2.23
