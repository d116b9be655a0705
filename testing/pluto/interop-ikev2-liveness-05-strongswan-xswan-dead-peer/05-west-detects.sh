# SPDX-License-Identifier: GPL-2.0-or-later
# the next probe goes unanswered: after 2 retransmits (about 5 s with
# west.strongswan.conf's timers) charon gives the IKE SA up
../../guestbin/wait-until --timeout 30 -- sh -c 'grep -q "giving up after [0-9]* retransmits" /var/log/charon.log'
grep -o "giving up after [0-9]* retransmits" /var/log/charon.log
# dpd_action=clear: nothing of the tunnel is left on west
swanctl --list-sas --raw | grep -c "westnet-eastnet"
ip xfrm state | grep -c '^src'
