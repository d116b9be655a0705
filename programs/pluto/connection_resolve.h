/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Turning a `conn` section into a connection's resolved ends: which end
 * is this host, what %defaultroute means here, the selectors, the IDs
 * and the proposals.  Everything here is a pure function of the config
 * and a snapshot of the host (struct host_facts), so unit tests feed it
 * made-up hosts; host_facts_gather() takes the real snapshot.
 */
#ifndef PLUTO_CONNECTION_RESOLVE_H
#define PLUTO_CONNECTION_RESOLVE_H

#include <stdbool.h>

#include "connections.h"

/* Addresses of this host that orientation looks at.  Beyond this many an
 * address is not seen (and a conn using it stays unoriented); gathering
 * says so in the log.  A benchmark host with 200 aliases hit the old 64. */
#define HOST_FACTS_MAX_ADDRS 2048

/* The default route of one family: the gateway and the address packets
 * leave from (the route's preferred source, else the first address of
 * its device). */
struct default_route {
	bool present;
	struct ip_address gateway;	/* unset: on-link default */
	struct ip_address source;
};

struct host_facts {
	unsigned nr_addrs;
	struct ip_address addrs[HOST_FACTS_MAX_ADDRS];
	struct default_route v4, v6;
};

/* getifaddrs() for the addresses, /proc/net/route and /proc/net/ipv6_route
 * for the default routes.  False with D when getifaddrs fails; a missing
 * route table just leaves the routes absent. */
bool host_facts_gather(struct host_facts *f, struct diag *d);
bool host_facts_has_address(const struct host_facts *f, const struct ip_address *a);

/*
 * Parse one line of /proc/net/route ("eth0 00000000 0102A8C0 0003 ...")
 * or /proc/net/ipv6_route ("00000000000000000000000000000000 00 ... eth0").
 * True when it is a default route; IFNAME and GATEWAY filled.  Exposed
 * for unit tests: the kernel's text is input like any other.
 */
bool route_line_v4_default(const char *line, char ifname[32], struct ip_address *gateway);
bool route_line_v6_default(const char *line, char ifname[32], struct ip_address *gateway);

/*
 * Fill C's local/remote ends, kind, IDs, selectors and proposals from
 * CFG (already copied into c->config) against the host F.  False with D
 * (without the file:line prefix) when the conn cannot be used at all.
 * A conn neither of whose ends is this host is not an error: C is left
 * unoriented (c->oriented false) and `up` says so.
 */
bool connection_resolve(struct connection *c, const struct host_facts *f, struct diag *d);

/* ike= and esp= of CFG parse (what `ipsec checkconfig` can say without
 * this host); false with D ("ike=TEXT: ...") otherwise. */
bool conn_config_check_proposals(const struct conn_config *cfg, struct diag *d);

/* Libreswan's automatic reqids: 16384, 16388, ... skipping those IN_USE
 * says are taken.  0 when every reqid is taken (never in practice). */
typedef bool reqid_in_use_fn(uint32_t reqid, void *arg);
uint32_t reqid_allocate(uint32_t *next, reqid_in_use_fn *in_use, void *arg);
#define REQID_FIRST 16384u
#define REQID_STEP 4u

#endif
