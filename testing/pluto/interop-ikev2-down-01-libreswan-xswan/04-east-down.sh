# SPDX-License-Identifier: GPL-2.0-or-later
# Libreswan takes the tunnel down: it deletes the IKE SA (and with it
# the Child SA) and tells west with an INFORMATIONAL Delete
ipsec auto --down westnet-eastnet | sed -e 's/aged [0-9.]*s/aged N.Ns/'
ipsec whack --trafficstatus
ip xfrm state | grep '^src'
