# SPDX-License-Identifier: GPL-2.0-or-later
# idle for dpd_delay=2s, charon probes east (empty INFORMATIONAL); xswan
# answers each probe; wait for two answered ones
../../guestbin/wait-until --timeout 15 -- sh -c '[ $(grep -c "parsed INFORMATIONAL response [0-9]* \[ \]" /var/log/charon.log) -ge 2 ]'
swanctl --list-sas --raw | grep -o "local-ts=\[[^]]*\] remote-ts=\[[^]]*\]"
