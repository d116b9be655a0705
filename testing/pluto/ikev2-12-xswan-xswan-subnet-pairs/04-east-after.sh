# SPDX-License-Identifier: GPL-2.0-or-later
ipsec trafficstatus | sed -e 's/#[0-9]*/#N/g' -e 's/, add_time=[0-9]*//' | sort
# east's lookup by IDs picks one of the three for every IKE SA; the
# traffic selectors move two of them to their own connection
grep -c 'switched to "net[123]": the peer.s traffic selectors fit it' /var/log/pluto.log
# and none was deleted for another (uniqueids=, INITIAL_CONTACT)
grep -c 'replacing older IKE SA\|INITIAL_CONTACT: deleting' /var/log/pluto.log || true
