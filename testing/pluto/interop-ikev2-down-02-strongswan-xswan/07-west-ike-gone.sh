# SPDX-License-Identifier: GPL-2.0-or-later
# west deleted its IKE SA too: no state left; the conn is still loaded
../../guestbin/wait-until --timeout 10 -- sh -c '[ -z "$(ipsec showstates)" ]'
ipsec showstates
ipsec status | grep '^"westnet-eastnet": 192'
