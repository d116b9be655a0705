/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Between the connection layer's own files (connections.c, the lookup,
 * routing, secrets, status and whack verbs); nothing outside the layer
 * includes this.
 */
#ifndef PLUTO_CONNECTIONS_INTERNAL_H
#define PLUTO_CONNECTIONS_INTERNAL_H

#include "connections.h"

struct host_facts;

/* Unit tests orient connections against a made-up host (NULL: the real
 * one, gathered at each add). */
void connections_set_host_facts(const struct host_facts *f);
/* Loading many conns at once (ipsec.conf at start-up): take the host's
 * snapshot once, and resolve every conn of the batch against it, instead
 * of one getifaddrs() and two route-table reads per conn -- with 200
 * conns on 200 addresses that was O(N^2) and 1.7 ms a conn under UML.
 * The host does not change within the one event-loop turn a batch
 * lasts.  False with D when the snapshot fails (each add then tries
 * again, and says why). */
bool connections_batch_begin(struct diag *d);
void connections_batch_end(void);
/* A resolved connection not yet in the table (no serial, no reqid). */
struct connection *connection_new_from_config(const struct conn_config *cfg, struct diag *d);
/* An unoriented C (neither end was this host when added): try again
 * against the host as it is now.  True when C is oriented afterwards. */
bool connection_reorient(struct connection *c, struct diag *d);
/* Shutdown: delete every connection. */
void connections_delete_all(void);

/* connection_route.c: the trap policies of `ipsec route`. */
bool connection_route(struct connection *c, struct diag *d);
/* Remove the trap policies if C is routed on demand; quiet otherwise. */
void connection_unroute(struct connection *c);
const char *routing_name(enum routing_state r);

/* connection_secrets.c: where ipsec.secrets is (set at startup). */
void secrets_set_path(const char *path);
const char *secrets_path(void);
void secrets_free(void);

/* connection_status.c: status sections and status verbs. */
struct pluto;
struct whack_ctx;
struct whack_request;
void connections_status_section(struct pluto *p, struct whack_ctx *w);
void states_status_section(struct pluto *p, struct whack_ctx *w);
int verb_trafficstatus(struct pluto *p, struct whack_ctx *w, const struct whack_request *req);
int verb_showstates(struct pluto *p, struct whack_ctx *w, const struct whack_request *req);
int verb_briefstatus(struct pluto *p, struct whack_ctx *w, const struct whack_request *req);

#endif
