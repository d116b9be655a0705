/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The next hop towards a peer, for updown's PLUTO_NEXT_HOP.
 *
 * Libreswan's rule (ipsec.conf(5), leftnexthop=): an explicit
 * leftnexthop= wins; else %direct, the peer itself.  Its _updown then
 * routes "via" the next hop only when that differs from the peer.  A peer
 * that is not on-link (a road warrior behind a NAT, a gateway across a
 * router) is reached through a gateway, and "via PEER" is refused by the
 * kernel ("Nexthop has invalid gateway"), so the next hop is the gateway
 * of this host's route to the peer when it has one, and the peer when
 * the peer is on-link.  The route is asked of the kernel (RTM_GETROUTE,
 * what `ip route get PEER` does) so policy routing is honoured.
 */
#ifndef PLUTO_ROUTE_LOOKUP_H
#define PLUTO_ROUTE_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ip_address.h"

/* Ask the kernel for its route to DST.  True with GATEWAY set to the
 * route's gateway, or unset (family 0) when DST is on-link or local. */
typedef bool route_gateway_fn(const struct ip_address *dst, struct ip_address *gateway,
			      struct diag *d);
route_gateway_fn route_gateway_to;

/* The kernel's answer to an RTM_GETROUTE with sequence number SEQ, for
 * a destination of FAMILY: one datagram of LEN bytes (hostile: every
 * length and attribute is checked).  Same result as route_gateway_to(). */
bool route_reply_gateway(const void *buf, size_t len, uint32_t seq, int family,
			 struct ip_address *gateway, struct diag *d);

/*
 * PLUTO_NEXT_HOP: CONFIGURED (leftnexthop=, or the default route's
 * gateway for left=%defaultroute) when set; else the gateway of the
 * route to PEER found by LOOKUP; else PEER (on-link, or no route known:
 * the script then adds no "via").
 */
struct ip_address route_next_hop(const struct ip_address *configured,
				 const struct ip_address *peer, route_gateway_fn *lookup);

/* updown.c: the lookup PLUTO_NEXT_HOP uses; NULL restores the kernel's
 * (route_gateway_to).  Tests set one that knows made-up routes. */
void updown_set_route_gateway_fn(route_gateway_fn *fn);

#endif
