# SPDX-License-Identifier: GPL-2.0-or-later
# one whack, two conns; it returns before either is up
ipsec whack --name both --initiate --asynchronous | sort
../../guestbin/wait-until --timeout 20 -- sh -c '[ "$(ipsec trafficstatus | wc -l)" -eq 2 ]'
ipsec trafficstatus | sed -e 's/#[0-9]*/#N/g' -e 's/, add_time=[0-9]*//' | sort
# the conn with another alias was not started: no state of it
ipsec showstates | grep -c '"other"' || true
# neither a conn nor an alias
ipsec whack --name nobody --initiate --asynchronous
echo "status $?"
