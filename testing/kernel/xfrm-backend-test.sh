#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Inside the UML guest: make two hosts (network namespaces west and east
# joined by a veth, Libreswan's test addresses), put one unrelated SA and
# policy on each with `ip xfrm` (they must survive the backend's cleanup),
# then run xfrm-backend-test.  Exits with the test's status.
#
# As the guest's init (PID 1) it first mounts /proc, /sys and a private
# /run, writes the status to $XFRM_TEST_STATUS if set, and halts.
#
# Environment: XFRM_BACKEND_TEST (the program; default: the release build
# beside this script), XFRM_TEST_ARGS (extra arguments, e.g.
# "--expect-features none"), or XFRM_TEST_ARGS_FILE naming a file that
# holds them (the kernel command line cannot carry spaces), XFRM_TEST_LOG
# (also write the program's output to this file).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
here=$(cd "$(dirname "$0")" && pwd)
prog=${XFRM_BACKEND_TEST:-$here/../../build/release/programs/xfrm-backend-test}
if [ -n "${XFRM_TEST_ARGS_FILE:-}" ]; then
	XFRM_TEST_ARGS=$(cat "$XFRM_TEST_ARGS_FILE")
fi

if [ $$ -eq 1 ]; then
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	# hostfs shows the host's /run; netns files must be guest-private.
	mount -t tmpfs tmpfs /run
	ip link set lo up
fi
mkdir -p /run/netns

setup() {
	for h in west east; do
		ip netns add $h || return 1
		ip -n $h link set lo up
		# No DAD: addresses are usable at once, no sleeping for them.
		ip netns exec $h sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	done
	ip link add w1 type veth peer name e1 || return 1
	ip link set w1 netns west
	ip link set e1 netns east
	ip -n west addr add 192.1.2.45/24 dev w1
	ip -n east addr add 192.1.2.23/24 dev e1
	ip -n west addr add 2001:db8:1:2::45/64 dev w1 nodad
	ip -n east addr add 2001:db8:1:2::23/64 dev e1 nodad
	ip -n west link set w1 up
	ip -n east link set e1 up
	# Inner subnets for tunnel mode, on lo, routed via the peer.
	ip -n west addr add 192.0.1.254/24 dev lo
	ip -n east addr add 192.0.2.254/24 dev lo
	ip -n west addr add 2001:db8:0:1::254/64 dev lo nodad
	ip -n east addr add 2001:db8:0:2::254/64 dev lo nodad
	ip -n west route add 192.0.2.0/24 via 192.1.2.23 src 192.0.1.254
	ip -n east route add 192.0.1.0/24 via 192.1.2.45 src 192.0.2.254
	ip -n west route add 2001:db8:0:2::/64 via 2001:db8:1:2::23 src 2001:db8:0:1::254
	ip -n east route add 2001:db8:0:1::/64 via 2001:db8:1:2::45 src 2001:db8:0:2::254
	for h in west east; do
		# Someone else's entries: cleanup must leave them alone.
		ip -n $h xfrm state add src 198.51.100.1 dst 203.0.113.1 proto esp \
			spi 0xdead0001 reqid 7 mode tunnel \
			aead 'rfc4106(gcm(aes))' 0x0102030405060708090a0b0c0d0e0f1011121314 128 || return 1
		ip -n $h xfrm policy add src 198.51.100.0/24 dst 203.0.113.0/24 dir out \
			tmpl src 198.51.100.1 dst 203.0.113.1 proto esp reqid 7 mode tunnel || return 1
	done
	# The peer must answer ARP/ND before the first ping times out.
	ip netns exec west ping -q -c 1 -W 5 192.1.2.23 >/dev/null || return 1
	ip netns exec west ping -q -c 1 -W 5 2001:db8:1:2::23 >/dev/null || return 1
}

if setup; then
	echo "xfrm-backend-test: hosts ready on $(uname -r)"
	if [ -n "${XFRM_TEST_LOG:-}" ]; then
		# A file keeps the lines whole (the UML console may break them).
		# shellcheck disable=SC2086
		"$prog" $XFRM_TEST_ARGS > "$XFRM_TEST_LOG" 2>&1
		status=$?
		cat "$XFRM_TEST_LOG"
	else
		# shellcheck disable=SC2086
		"$prog" $XFRM_TEST_ARGS
		status=$?
	fi
else
	echo "xfrm-backend-test: FAIL setting up the hosts"
	status=1
fi
echo "xfrm-backend-test: exit status $status"

if [ $$ -eq 1 ]; then
	[ -n "$XFRM_TEST_STATUS" ] && echo $status > "$XFRM_TEST_STATUS"
	halt -f
fi
exit $status
