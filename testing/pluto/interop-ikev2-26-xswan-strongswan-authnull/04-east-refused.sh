# SPDX-License-Identifier: GPL-2.0-or-later
# charon does not know ID_NULL (type 13) nor the NULL AUTH method
grep -o 'looking for peer configs matching .*$' /var/log/charon.log
grep -o 'generating IKE_AUTH response 1 \[ N(AUTH_FAILED) \]' /var/log/charon.log
swanctl --list-sas --raw | grep -c 'established'
