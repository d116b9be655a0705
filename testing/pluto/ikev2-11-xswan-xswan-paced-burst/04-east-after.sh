# SPDX-License-Identifier: GPL-2.0-or-later
ipsec trafficstatus | wc -l
# never past the cookie threshold of 30 half-open IKE SAs
grep -c 'answering IKE_SA_INIT requests with COOKIE' /var/log/pluto.log || true
