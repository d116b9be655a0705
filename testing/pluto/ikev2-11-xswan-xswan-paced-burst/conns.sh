# SPDX-License-Identifier: GPL-2.0-or-later
# usage: sh conns.sh addrs SIDE | sh conns.sh conf
# addrs: `ip -batch` lines for SIDE's 40 addresses (west 10.1.0.N, east
# 10.2.0.N) on eth1 and the way to the other side's; conf: the 40 conns,
# all with connalias=burst, no updown (40 script runs would be most of
# the test's time in UML)
case "$1" in
addrs)
	me=$([ "$2" = west ] && echo 1 || echo 2)
	peer=$([ "$2" = west ] && echo 2 || echo 1)
	for i in $(seq 1 40); do
		echo "addr add 10.$me.0.$i/16 dev eth1"
	done
	echo "route add 10.$peer.0.0/16 dev eth1"
	;;
conf)
	for i in $(seq 1 40); do
		printf 'conn t%d\n\tleft=10.1.0.%d\n\tright=10.2.0.%d\n' "$i" "$i" "$i"
		printf '\tauthby=secret\n\tauto=add\n\tleftupdown=%%disabled\n\tconnalias=burst\n\n'
	done
	;;
esac
