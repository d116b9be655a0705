# SPDX-License-Identifier: GPL-2.0-or-later
#
# Libreswan's test network, as network namespaces inside one guest.
# Sourced by guest/boot; `build_network` makes it.
#
#        192.0.1.0/24          192.1.2.0/24          192.0.2.0/24
#   west eth0 .254 --- west eth1 .45 ---+--- east eth1 .23 --- east eth0 .254
#                                       |
#                                 nic eth1 .254
#                                 nic eth2 .254  (NAT: masquerades 192.1.3.0/24
#                                       |         leaving on eth1)
#                   192.1.3.0/24        |
#   road eth0 .209 --------------------+--- north eth1 .33 --- north eth0 .254
#                                                            192.0.3.0/24
#
# Shared segments are bridges in the guest's root namespace (net-192_1_2,
# net-192_1_3) with one veth per host port; a host's "client" network (eth0
# of west, east and north) is a dummy interface, so an address on it is a
# local address that `ping -I` can use as a source and that other hosts
# reach only through routing (and so through a tunnel when one covers it).
# MAC addresses are fixed, derived from the IPv4 address, so that transcripts
# showing them do not vary.

# host iface kind  segment      IPv4            IPv6
NETWORK_PLAN='
nic   eth1  veth   net-192_1_2  192.1.2.254/24  2001:db8:1:2::254/64
nic   eth2  veth   net-192_1_3  192.1.3.254/24  2001:db8:1:3::254/64
east  eth1  veth   net-192_1_2  192.1.2.23/24   2001:db8:1:2::23/64
east  eth0  dummy  -            192.0.2.254/24  2001:db8:0:2::254/64
west  eth1  veth   net-192_1_2  192.1.2.45/24   2001:db8:1:2::45/64
west  eth0  dummy  -            192.0.1.254/24  2001:db8:0:1::254/64
road  eth0  veth   net-192_1_3  192.1.3.209/24  2001:db8:1:3::209/64
north eth1  veth   net-192_1_3  192.1.3.33/24   2001:db8:1:3::33/64
north eth0  dummy  -            192.0.3.254/24  2001:db8:0:3::254/64
'

# host  IPv4 default     IPv6 default
DEFAULT_ROUTES='
east   192.1.2.254  2001:db8:1:2::254
west   192.1.2.254  2001:db8:1:2::254
road   192.1.3.254  2001:db8:1:3::254
north  192.1.3.254  2001:db8:1:3::254
'

# nic reaches the client networks through their gateways.
NIC_ROUTES='
192.0.1.0/24       192.1.2.45
192.0.2.0/24       192.1.2.23
192.0.3.0/24       192.1.3.33
2001:db8:0:1::/64  2001:db8:1:2::45
2001:db8:0:2::/64  2001:db8:1:2::23
2001:db8:0:3::/64  2001:db8:1:3::33
'

NETWORK_HOSTS="nic east west road north"

# 12:00:<IPv4 address in hex>, e.g. 192.1.2.45 -> 12:00:c0:01:02:2d
mac_of() {
	# shellcheck disable=SC2046
	set -- $(echo "${1%/*}" | tr . ' ')
	printf '12:00:%02x:%02x:%02x:%02x\n' "$1" "$2" "$3" "$4"
}

# Run a command, and stop the boot with its name if it fails.
net() {
	"$@" || { echo "XSWAN-FAIL network: $*"; return 1; }
}

build_network() {
	# the root namespace only switches frames: no IPv6 chatter of its own
	net sysctl -qw net.ipv6.conf.default.disable_ipv6=1 || return 1
	net sysctl -qw net.ipv6.conf.all.disable_ipv6=1 || return 1
	# no ip_vti0, sit0, ... in the hosts: they would clutter `ip addr`
	net sysctl -qw net.core.fb_tunnels_only_for_init_net=2 || return 1
	ip link set lo up
	for seg in net-192_1_2 net-192_1_3; do
		net ip link add "$seg" type bridge forward_delay 0 || return 1
		net ip link set "$seg" up || return 1
	done
	for h in $NETWORK_HOSTS; do
		net ip netns add "$h" || return 1
		net ip -n "$h" link set lo up || return 1
		# whatever a new namespace inherits, hosts speak IPv6
		net ip netns exec "$h" sysctl -qw net.ipv6.conf.default.disable_ipv6=0 || return 1
		net ip netns exec "$h" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 || return 1
	done
	echo "$NETWORK_PLAN" | while read -r h dev kind seg v4 v6; do
		[ -n "$h" ] || continue
		case $kind in
		veth)
			net ip link add "$h-$dev" type veth peer name "$dev" netns "$h" || exit 1
			net ip link set "$h-$dev" master "$seg" up || exit 1
			;;
		dummy)
			net ip -n "$h" link add "$dev" type dummy || exit 1
			;;
		esac
		net ip -n "$h" link set "$dev" address "$(mac_of "$v4")" || exit 1
		net ip -n "$h" addr add "$v4" dev "$dev" || exit 1
		# nodad: usable at once, no tentative period to wait out
		net ip -n "$h" addr add "$v6" dev "$dev" nodad || exit 1
		net ip -n "$h" link set "$dev" up || exit 1
	done || return 1
	echo "$DEFAULT_ROUTES" | while read -r h gw4 gw6; do
		[ -n "$h" ] || continue
		net ip -n "$h" route add default via "$gw4" || exit 1
		net ip -n "$h" -6 route add default via "$gw6" || exit 1
	done || return 1
	echo "$NIC_ROUTES" | while read -r dst gw; do
		[ -n "$dst" ] || continue
		net ip -n nic route add "$dst" via "$gw" || exit 1
	done || return 1
	net ip netns exec nic sysctl -qw net.ipv4.ip_forward=1 || return 1
	net ip netns exec nic sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1
	# road and north are NATed behind nic's 192.1.2.254
	net ip netns exec nic nft -f - <<'NFT' || return 1
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		ip saddr 192.1.3.0/24 oifname "eth1" masquerade
	}
}
NFT
}
