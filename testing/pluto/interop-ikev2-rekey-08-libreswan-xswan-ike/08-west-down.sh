# SPDX-License-Identifier: GPL-2.0-or-later
# the new IKE SA's keys work: its Delete reaches east and both ends clear
ipsec auto --down westnet-eastnet > /tmp/down.log 2>&1 && echo "down"
ipsec whack --showstates | wc -l
ip xfrm state | grep -c '^src'
