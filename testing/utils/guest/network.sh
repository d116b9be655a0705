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
	old_ifs=$IFS
	IFS=.
	# shellcheck disable=SC2086
	set -- ${1%/*}
	IFS=$old_ifs
	printf '12:00:%02x:%02x:%02x:%02x\n' "$1" "$2" "$3" "$4"
}

# Starting a process in UML costs tens of milliseconds, so the plan is
# written as `ip -batch` files (one for the root namespace, one per host)
# and sysctls are written to /proc/sys by the shell itself.
build_network() {
	b=/run/xswan/net
	mkdir -p $b || return 1
	# the root namespace only switches frames: no IPv6 chatter of its own,
	# and no ip_vti0, sit0, ... in the hosts to clutter `ip addr`
	echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6 &&
	echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 &&
	echo 2 > /proc/sys/net/core/fb_tunnels_only_for_init_net || {
		echo "XSWAN-FAIL network: root namespace sysctls"; return 1; }
	{
		echo "link set lo up"
		for seg in net-192_1_2 net-192_1_3; do
			echo "link add $seg type bridge forward_delay 0"
			echo "link set $seg up"
		done
		for h in $NETWORK_HOSTS; do
			echo "netns add $h"
		done
	} > $b/root
	for h in $NETWORK_HOSTS; do
		echo "link set lo up" > $b/$h
	done
	while read -r h dev kind seg v4 v6; do
		[ -n "$h" ] || continue
		case $kind in
		veth)
			echo "link add $h-$dev type veth peer name $dev netns $h" >> $b/root
			echo "link set $h-$dev master $seg up" >> $b/root
			;;
		dummy)
			echo "link add $dev type dummy" >> $b/$h
			;;
		esac
		{
			echo "link set $dev address $(mac_of "$v4")"
			echo "addr add $v4 dev $dev"
			# nodad: usable at once, no tentative period to wait out
			echo "addr add $v6 dev $dev nodad"
			echo "link set $dev up"
		} >> $b/$h
	done <<PLAN
$NETWORK_PLAN
PLAN
	while read -r h gw4 gw6; do
		[ -n "$h" ] || continue
		echo "route add default via $gw4" >> $b/$h
		echo "route add default via $gw6" >> $b/$h
	done <<ROUTES
$DEFAULT_ROUTES
ROUTES
	while read -r dst gw; do
		[ -n "$dst" ] || continue
		echo "route add $dst via $gw" >> $b/nic
	done <<ROUTES
$NIC_ROUTES
ROUTES

	ip -batch $b/root || { echo "XSWAN-FAIL network: ip -batch $b/root"; return 1; }
	for h in $NETWORK_HOSTS; do
		# hosts speak IPv6 whatever a new namespace inherits; static
		# addresses, so no router solicitations (their timing varies);
		# nic routes
		ip netns exec "$h" sh -c '
			for c in /proc/sys/net/ipv6/conf/*; do
				echo 0 > $c/disable_ipv6
				echo 0 > $c/router_solicitations
			done
			[ "$0" != nic ] || {
				echo 1 > /proc/sys/net/ipv4/ip_forward &&
				echo 1 > /proc/sys/net/ipv6/conf/all/forwarding
			}' "$h" ||
			{ echo "XSWAN-FAIL network: sysctls of $h"; return 1; }
		ip -n "$h" -batch $b/$h || { echo "XSWAN-FAIL network: ip -batch $b/$h"; return 1; }
	done
	# road and north are NATed behind nic's 192.1.2.254
	ip netns exec nic nft -f - <<'NFT' || { echo "XSWAN-FAIL network: nft on nic"; return 1; }
table ip nat {
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		ip saddr 192.1.3.0/24 oifname "eth1" masquerade
	}
}
NFT
}
