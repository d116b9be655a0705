#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# ping-once.sh --up|--down|--fire [PING-OPTIONS] DESTINATION
#
# Send one echo request (wait up to 2 s for the reply) and print "up" or
# "down".  With --up or --down it is a check: the other answer is printed
# with "UNEXPECTED" and ping's output, and the exit status is 1.  --fire
# sends and prints nothing (for traffic that triggers something).

want=$1
case $want in
--up|--down|--fire) shift ;;
*) echo "usage: ping-once.sh --up|--down|--fire [PING-OPTIONS] DESTINATION" >&2; exit 2 ;;
esac
if out=$(ping -n -c 1 -W 2 "$@" 2>&1); then got=up; else got=down; fi
[ "$want" = --fire ] && exit 0
if [ "--$got" = "$want" ]; then
	echo "$got"
	exit 0
fi
echo "$got UNEXPECTED"
echo "$out"
exit 1
