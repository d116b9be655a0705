# SPDX-License-Identifier: GPL-2.0-or-later
# during the flood: xswan demands a COOKIE, strongSwan answers it
# (charon's progress lines carry times and SPIs: only its verdict here)
swanctl --initiate --child westnet-eastnet --timeout 30 > /tmp/initiate.log 2>&1 && echo "initiated"
grep -o "parsed IKE_SA_INIT response 0 \[ N(COOKIE) \]" /var/log/charon.log
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
swanctl --list-sas --raw | grep -o "local-ts=\[[^]]*\] remote-ts=\[[^]]*\]"
