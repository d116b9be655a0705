# SPDX-License-Identifier: GPL-2.0-or-later
# east answered: its new IKE SA owns Child SA #2 now
../../guestbin/wait-until --timeout 10 -- sh -c '[ "$(ipsec showstates | grep -c ESTABLISHED_IKE_SA)" = 1 ] && ! ipsec showstates | grep -q "^#1:"'
ipsec showstates | grep -v Traffic | sed -e 's/^#[3-9][0-9]*:/#N:/' -e 's/IKE SA #[0-9]*;/IKE SA #N;/'
