# SPDX-License-Identifier: GPL-2.0-or-later
# the first child comes with IKE_AUTH, the second in a CREATE_CHILD_SA
# exchange on the same IKE SA; charon's progress lines carry times and
# SPIs: only its verdicts here
swanctl --initiate --child westnet-eastnet --timeout 30 > /tmp/initiate.log 2>&1 && echo "initiated"
swanctl --initiate --child net2 --timeout 30 > /tmp/initiate2.log 2>&1 && echo "initiated"
../../guestbin/ping-once.sh --up -I 192.0.1.254 192.0.2.254
