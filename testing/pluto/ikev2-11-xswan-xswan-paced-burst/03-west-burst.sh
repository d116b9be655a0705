# SPDX-License-Identifier: GPL-2.0-or-later
# one whack, 40 conns; it returns before any is up
ipsec whack --name burst --initiate --asynchronous | grep -c 'initiating IKEv2 connection'
../../guestbin/wait-until --timeout 90 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" -eq 40 ]'
ipsec trafficstatus | wc -l
