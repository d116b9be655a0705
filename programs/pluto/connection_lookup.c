/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finding the connection for a responder: by addresses on IKE_SA_INIT
 * (a permanent connection between exactly these hosts beats a %any
 * template), then by IDs on IKE_AUTH (rightid= may pick another
 * connection between the same hosts).
 */
#include <string.h>

#include "connections_internal.h"
#include "log.h"

/* Does C's local end listen on LOCAL?  An end resolved to this host's
 * address must be that address. */
static bool local_matches(const struct connection *c, const struct ip_address *local)
{
	return c->oriented && !c->going_away && ip_address_eq(&c->local.host, local);
}

struct connection *connection_find_for_responder(const struct ip_address *local,
						 const struct ip_address *remote)
{
	struct connection *template = NULL;

	for (struct connection *c = connections_first(); c != NULL; c = c->next) {
		if (!local_matches(c, local))
			continue;
		/* An instance already made for this peer is as good as a
		 * permanent connection: it was instantiated for exactly it. */
		if ((c->kind == CK_PERMANENT || c->kind == CK_INSTANCE) &&
		    ip_address_eq(&c->remote.host, remote))
			return c;
		if (c->kind == CK_TEMPLATE && template == NULL &&
		    (!ip_address_is_set(&c->local.host) || c->local.host.family == remote->family))
			template = c;
	}
	return template;
}

/* The ID C expects of its peer: rightid=, else the peer's address (a
 * template without rightid= takes any ID, as Libreswan's %any does). */
static bool remote_id_accepts(const struct connection *c, const struct id *peer)
{
	const struct id *want = &c->remote.id;

	if (want->kind == ID_NONE) {
		/* right=%any without rightid=: whoever authenticates. */
		if (c->kind != CK_PERMANENT)
			return true;
		/* authby=null: the peer is anonymous (RFC 7619). */
		if (c->config->authby == AUTHBY_NULL && peer->kind == ID_NULL)
			return true;
		struct id addr = id_from_address(&c->remote.host);
		return id_eq(&addr, peer);
	}
	if (id_is_any(want))
		return true;
	if (want->kind == ID_NULL)
		return peer->kind == ID_NULL;
	return id_eq(want, peer);
}

/* IDr, when the peer sent one, must name us. */
static bool local_id_accepts(const struct connection *c, const struct id *our_id)
{
	if (our_id == NULL)
		return true;
	const struct id *mine = &c->local.id;
	if (mine->kind == ID_NONE) {
		if (c->config->authby == AUTHBY_NULL && our_id->kind == ID_NULL)
			return true;
		struct id addr = id_from_address(&c->local.host);
		return id_eq(&addr, our_id);
	}
	if (id_is_any(mine))
		return true;
	return id_eq(mine, our_id);
}

static bool ids_fit(const struct connection *c, const struct id *peer, const struct id *our_id)
{
	return remote_id_accepts(c, peer) && local_id_accepts(c, our_id);
}

struct connection *connection_refine_by_ts(struct connection *c, const struct id *peer_id,
					   bool (*fits)(const struct connection *d, void *arg),
					   void *arg)
{
	for (struct connection *d = connections_first(); d != NULL; d = d->next) {
		if (d == c || d->kind == CK_TEMPLATE || !local_matches(d, &c->local.host) ||
		    !ip_address_eq(&d->remote.host, &c->remote.host) ||
		    d->config == NULL || c->config == NULL ||
		    d->config->authby != c->config->authby ||
		    !id_eq(&d->local.id, &c->local.id) || !remote_id_accepts(d, peer_id))
			continue;
		if (fits(d, arg))
			return d;
	}
	return NULL;
}

struct connection *connection_refine_by_ids(struct connection *c, const struct id *peer_id,
					    const struct id *our_id)
{
	if (ids_fit(c, peer_id, our_id))
		return c;
	/* Another connection between the same hosts: a permanent one (or an
	 * instance made for this peer) first, then a template. */
	const struct ip_address *peer = &c->remote.host;
	struct connection *template = NULL;
	for (struct connection *d = connections_first(); d != NULL; d = d->next) {
		if (d == c || !local_matches(d, &c->local.host) ||
		    (c->template_of != NULL && d == c->template_of))
			continue;
		if (d->kind != CK_TEMPLATE && ip_address_eq(&d->remote.host, peer) &&
		    ids_fit(d, peer_id, our_id))
			return d;
		if (d->kind == CK_TEMPLATE && template == NULL && ids_fit(d, peer_id, our_id))
			template = d;
	}
	if (template == NULL)
		return NULL;
	char name[CONNECTION_NAME_BUF];
	ldbg(DBG_BASE, "switching to %s for the peer's ID", connection_name(template, name));
	return connection_instantiate(template, peer);
}
