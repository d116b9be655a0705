# SPDX-License-Identifier: GPL-2.0-or-later
# now strongSwan deletes the IKE SA
swanctl --terminate --ike westnet-eastnet --timeout 10 > /tmp/terminate.log 2>&1 && echo "terminated IKE SA"
swanctl --list-sas
