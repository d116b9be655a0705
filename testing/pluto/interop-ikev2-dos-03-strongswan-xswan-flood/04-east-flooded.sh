# SPDX-License-Identifier: GPL-2.0-or-later
# past 30 half-open IKE SAs east switches to COOKIEs
../../guestbin/wait-until --timeout 20 -- sh -c 'grep -q "answering IKE_SA_INIT requests with COOKIE" /var/log/pluto.log'
grep -o '[0-9]* half-open IKE SAs: answering IKE_SA_INIT requests with COOKIE (limit 5000 half-open)' /var/log/pluto.log
