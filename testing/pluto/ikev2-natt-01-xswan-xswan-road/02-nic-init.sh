# SPDX-License-Identifier: GPL-2.0-or-later
# short UDP mappings, so that a blocked flow's mapping expires quickly
echo 3 > /proc/sys/net/netfilter/nf_conntrack_udp_timeout
echo 3 > /proc/sys/net/netfilter/nf_conntrack_udp_timeout_stream
echo "initdone"
