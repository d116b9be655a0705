/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Connections: what `conn NAME` in ipsec.conf becomes inside pluto once it
 * is added.  A connection is a policy (who, which traffic, which
 * algorithms); the IKE and Child SAs negotiated for it live in state.h.
 *
 * Ends are "local" (this host) and "remote", decided at add time: the end
 * whose address is one of this host's addresses is local (Libreswan's
 * rule; left is tried first).  A remote end of %any makes a template: a
 * responder instantiates it per peer address (connection_instantiate).
 *
 * Owned by the connection table; pointers stay valid until the
 * connection is deleted (connection_delete tells the SA layer first).
 */
#ifndef PLUTO_CONNECTIONS_H
#define PLUTO_CONNECTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "id.h"
#include "ip_address.h"
#include "ipsec_conf.h"
#include "crypto/proposal.h"

struct pluto;

#define CONNECTION_MAX_SELECTORS CONF_MAX_SUBNETS

enum connection_kind {
	CK_PERMANENT,	/* both ends known */
	CK_TEMPLATE,	/* remote is %any: instantiated per peer */
	CK_INSTANCE,	/* made from a template for one peer */
};

enum routing_state {
	RT_UNROUTED,		/* nothing in the kernel */
	RT_ROUTED_ONDEMAND,	/* trap policy installed (auto=ondemand / ipsec route) */
	RT_ROUTED_TUNNEL,	/* Child SA and its policies installed */
};

struct connection_end {
	struct ip_address host;		/* unset for a %any remote template */
	uint16_t ike_port;		/* 500 unless ikeport= */
	struct ip_address nexthop;	/* unset: direct or the peer */
	struct ip_address sourceip;
	struct id id;			/* leftid=; ID_NONE when unset (the host address is meant) */
	unsigned nr_selectors;		/* >= 1 */
	struct ip_selector selectors[CONNECTION_MAX_SELECTORS];
	bool has_client;		/* subnet= given (not just the host) */
	const char *updown;		/* NULL: none */
};

struct connection {
	char *name;
	unsigned serial;		/* $1, $2 ... for logs, as Libreswan */
	enum connection_kind kind;
	struct connection *template_of;	/* CK_INSTANCE: its template */
	unsigned instance_number;	/* CK_INSTANCE: the N of "name"[N] */
	unsigned instances_made;	/* CK_TEMPLATE: instances numbered so far */
	bool oriented;			/* one end is this host (else `up` refuses) */
	bool going_away;		/* connection_delete() is tearing it down */
	struct conn_config *config;	/* our own copy; all keywords */
	struct connection_end local, remote;
	bool local_is_left;		/* for status lines printed left...right */
	struct proposals ike_proposals;
	struct proposals esp_proposals;
	uint32_t reqid;			/* reqid= or allocated: 16384, 16388, ... */
	enum routing_state routing;
	bool route_wanted;		/* auto=ondemand or `ipsec route`: keep the trap */
	unsigned newest_ike_sa;		/* serial of the newest IKE SA, 0: none */
	unsigned newest_child_sa;	/* serial of the newest Child SA, 0: none */
	struct connection *next;	/* in the connection table, add order */
};

/* The connection table: add order, which status output follows. */
struct connection *connections_first(void);

/* `ipsec add NAME`: look NAME up in the parsed file and add it, replacing
 * an existing connection of that name.  False with D (file:line text for
 * config errors) when it cannot be added. */
bool connection_add(struct pluto *p, const struct conn_config *cfg, struct diag *d);
/* Remove it and everything negotiated for it. */
void connection_delete(struct connection *c);

struct connection *connection_find_by_name(const char *name);
/* Responder, IKE_SA_INIT: the best connection for a message that arrived
 * on LOCAL from REMOTE (permanent match first, then a %any template).
 * NULL when none fits. */
struct connection *connection_find_for_responder(const struct ip_address *local,
						 const struct ip_address *remote);
/* Responder, IKE_AUTH: C, or a better connection between the same
 * addresses whose remote ID matches PEER_ID (and whose local ID matches
 * OUR_ID when the peer sent IDr); NULL when no connection accepts PEER_ID. */
struct connection *connection_refine_by_ids(struct connection *c, const struct id *peer_id,
					    const struct id *our_id);
/* Responder, the IKE_AUTH Child SA: a connection other than C between the
 * same addresses, with the same local ID and authby= and accepting
 * PEER_ID (so the peer's AUTH holds for it too), for which FITS(d, ARG)
 * holds -- the peer's traffic selectors fit it.  Templates are not
 * tried.  NULL when there is none. */
struct connection *connection_refine_by_ts(struct connection *c, const struct id *peer_id,
					   bool (*fits)(const struct connection *d, void *arg),
					   void *arg);
/* A template made concrete for one peer address; the instance is in the
 * table until its last SA goes. */
struct connection *connection_instantiate(struct connection *t, const struct ip_address *peer);

/* The SA layer deleted a state of C: an instance nobody uses any more
 * is deleted (Libreswan deletes an instance with its last SA), and a
 * connection that should stay routed (auto=ondemand, `ipsec route`)
 * whose tunnel went gets its trap policies back.  Call after the state
 * is off the state lists; C may be freed. */
void connection_state_gone(struct connection *c);

/* The PSK between C's local ID and PEER (the remote ID, or C's
 * configured remote ID when PEER is NULL).  False when ipsec.secrets has
 * none: D says which IDs were looked for (never the secret). */
bool connection_psk(const struct connection *c, const struct id *peer, struct bytes *psk,
		    struct diag *d);

/* Secrets: (re)load from the configured file.  False with D when the file
 * cannot be read; line errors are logged and the good lines kept. */
bool secrets_reload(struct diag *d);

/* "name" or "name"[N] 192.0.2.1 for an instance, as Libreswan prints. */
#define CONNECTION_NAME_BUF 128
const char *connection_name(const struct connection *c, char buf[CONNECTION_NAME_BUF]);

/* updown: run C's updown script with PLUTO_VERB=VERB (e.g. "up-client")
 * and the PLUTO_* environment for CHILD (may be NULL for route verbs);
 * waits with a timeout, output to the log.  False when it failed. */
struct child_sa;
bool updown_run(const struct connection *c, const struct child_sa *child, const char *verb);

/* Daemon wiring (connection_verbs.c).  connections_init: after the
 * whack server is open, registers the connection verbs and status
 * sections, loads the secrets and adds every conn with auto=add,
 * ondemand or start from the config file.  connections_start: once the
 * IKE sockets listen, routes auto=ondemand and initiates auto=start.
 * connections_shutdown: deletes every connection (before the IKE layer
 * shuts down). */
bool connections_init(struct pluto *p, struct diag *d);
void connections_start(struct pluto *p);
void connections_shutdown(struct pluto *p);

#endif
