# SPDX-License-Identifier: GPL-2.0-or-later
ipsec whack --name far --initiate --asynchronous > /dev/null
../../guestbin/wait-until --timeout 60 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" -eq 1 ]'
ipsec trafficstatus | sed -e 's/#[0-9]*/#N/g' -e 's/inBytes=[0-9]*/inBytes=B/' -e 's/outBytes=[0-9]*/outBytes=B/'
