# SPDX-License-Identifier: GPL-2.0-or-later
# west replaced its stale SAs on east's INITIAL_CONTACT
grep -o '"westnet-eastnet" #[0-9]*: INITIAL_CONTACT.*' /var/log/pluto.log
# the flow goes through the new tunnel
../../guestbin/wait-until --timeout 10 sh -c "ipsec trafficstatus | grep -q 'inBytes=[1-9]'"
kill -INT $(cat /run/xswan-daemons/flow.pid)
../../guestbin/wait-until --timeout 10 grep -q '^exit' /var/log/flow.status
ipsec trafficstatus | sed -e 's/\(in\|out\)Bytes=[1-9][0-9]*/\1Bytes=N/g'
ip xfrm state | grep -c '^src'
# recovered long before west's liveness check could declare east dead
grep -c 'liveness: no response' /var/log/pluto.log
