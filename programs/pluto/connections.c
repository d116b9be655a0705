/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection table: adding a conn (copy its config, resolve it
 * against this host, give it a reqid), deleting, finding by name,
 * instantiating %any templates, and naming connections as Libreswan's
 * logs do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connection_resolve.h"
#include "connections.h"
#include "connections_internal.h"
#include "log.h"
#include "state.h"

static struct connection *table_head;
static unsigned next_conn_serial = 1;
static uint32_t next_reqid = REQID_FIRST;
static const struct host_facts *facts_for_tests;
/* connections_batch_begin()'s snapshot; static: with
 * HOST_FACTS_MAX_ADDRS addresses it is too big for the stack. */
static struct host_facts batch_facts;
static bool batch_active;

struct connection *connections_first(void)
{
	return table_head;
}

void connections_set_host_facts(const struct host_facts *f)
{
	facts_for_tests = f;
}

/* ---- config copies ---- */

static bool dup_str(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return true;
	*dst = strdup(src);
	return *dst != NULL;
}

static void conn_config_free(struct conn_config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->name);
	free((char *)cfg->file);
	free(cfg->ike);
	free(cfg->esp);
	free(cfg->connalias);
	free(cfg->left.updown);
	free(cfg->right.updown);
	free(cfg);
}

static struct conn_config *conn_config_dup(const struct conn_config *src)
{
	struct conn_config *cfg = calloc(1, sizeof(*cfg));
	char *file = NULL;

	if (cfg == NULL)
		return NULL;
	*cfg = *src;
	cfg->name = NULL;
	cfg->file = NULL;
	cfg->ike = cfg->esp = cfg->connalias = cfg->left.updown = cfg->right.updown = NULL;
	bool ok = dup_str(&cfg->name, src->name) && dup_str(&file, src->file) &&
		  dup_str(&cfg->ike, src->ike) && dup_str(&cfg->esp, src->esp) &&
		  dup_str(&cfg->connalias, src->connalias) &&
		  dup_str(&cfg->left.updown, src->left.updown) &&
		  dup_str(&cfg->right.updown, src->right.updown);
	cfg->file = file;
	if (!ok || cfg->name == NULL) {
		conn_config_free(cfg);
		return NULL;
	}
	return cfg;
}

/* ---- the table ---- */

static void table_append(struct connection *c)
{
	struct connection **pp = &table_head;

	while (*pp != NULL)
		pp = &(*pp)->next;
	c->next = NULL;
	*pp = c;
}

static void table_unlink(struct connection *c)
{
	for (struct connection **pp = &table_head; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			c->next = NULL;
			return;
		}
	}
}

static void connection_free(struct connection *c)
{
	if (c == NULL)
		return;
	free(c->name);
	conn_config_free(c->config);
	free(c);
}

static bool reqid_taken(uint32_t reqid, void *arg)
{
	(void)arg;
	for (const struct connection *c = table_head; c != NULL; c = c->next) {
		if (c->reqid == reqid)
			return true;
	}
	return false;
}

static uint32_t conn_reqid(const struct conn_config *cfg)
{
	return cfg->reqid != 0 ? cfg->reqid : reqid_allocate(&next_reqid, reqid_taken, NULL);
}

struct connection *connection_find_by_name(const char *name)
{
	/* The template or permanent connection, not one of its instances. */
	for (struct connection *c = table_head; c != NULL; c = c->next) {
		if (c->kind != CK_INSTANCE && strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

bool connections_batch_begin(struct diag *d)
{
	batch_active = host_facts_gather(&batch_facts, d);
	return batch_active;
}

void connections_batch_end(void)
{
	batch_active = false;
}

struct connection *connection_new_from_config(const struct conn_config *cfg, struct diag *d)
{
	/* static: with HOST_FACTS_MAX_ADDRS addresses it is too big for the
	 * stack, and the loop runs one resolution at a time */
	static struct host_facts real;
	const struct host_facts *f = facts_for_tests;

	if (f == NULL && batch_active)
		f = &batch_facts;
	if (f == NULL) {
		memset(&real, 0, sizeof(real));
		if (!host_facts_gather(&real, d))
			return NULL;
		f = &real;
	}
	struct connection *c = calloc(1, sizeof(*c));
	if (c == NULL || (c->config = conn_config_dup(cfg)) == NULL ||
	    (c->name = strdup(cfg->name)) == NULL) {
		connection_free(c);
		diag(d, "out of memory");
		return NULL;
	}
	if (!connection_resolve(c, f, d)) {
		connection_free(c);
		return NULL;
	}
	return c;
}

bool connection_add(struct pluto *p, const struct conn_config *cfg, struct diag *d)
{
	(void)p;
	struct connection *c = connection_new_from_config(cfg, d);

	if (c == NULL) {
		diag_prefix(d, "%s:%u: conn %s", cfg->file != NULL ? cfg->file : "?", cfg->line,
			    cfg->name);
		return false;
	}
	/* `ipsec add` of a loaded name replaces it (Libreswan's addconn
	 * deletes first). */
	struct connection *old = connection_find_by_name(c->name);
	if (old != NULL)
		connection_delete(old);
	c->serial = next_conn_serial++;
	c->reqid = conn_reqid(c->config);
	if (c->reqid == 0) {
		connection_free(c);
		return diag(d, "conn %s: no reqid is free", cfg->name);
	}
	table_append(c);
	char name[CONNECTION_NAME_BUF];
	ldbg(DBG_CONTROL, "%s: added as $%u, %s, reqid %u", connection_name(c, name), c->serial,
	     c->kind == CK_TEMPLATE ? "template" : "permanent", c->reqid);
	return true;
}

bool connection_reorient(struct connection *c, struct diag *d)
{
	if (c->oriented)
		return true;
	/* An address may have appeared since the conn was added: resolve
	 * the same config again against the host as it is now. */
	struct connection *fresh = connection_new_from_config(c->config, d);
	if (fresh == NULL)
		return false;
	bool oriented = fresh->oriented;
	if (oriented) {
		c->kind = fresh->kind;
		c->local = fresh->local;
		c->remote = fresh->remote;
		c->local_is_left = fresh->local_is_left;
		c->ike_proposals = fresh->ike_proposals;
		c->esp_proposals = fresh->esp_proposals;
		/* The ends point into fresh's config copy: re-point them at C's. */
		c->local.updown = c->local_is_left ? c->config->left.updown : c->config->right.updown;
		c->remote.updown = c->local_is_left ? c->config->right.updown : c->config->left.updown;
		c->oriented = true;
		char name[CONNECTION_NAME_BUF];
		llog("%s: now oriented: this host is %s", connection_name(c, name),
		     c->local_is_left ? "left" : "right");
	}
	connection_free(fresh);
	return oriented;
}

/* Free C itself; its SAs and kernel state are already gone. */
static void connection_discard(struct connection *c)
{
	table_unlink(c);
	connection_free(c);
}

void connection_delete(struct connection *c)
{
	if (c->going_away)
		return;
	c->going_away = true;
	/* Instances first: they point at their template. */
	if (c->kind == CK_TEMPLATE) {
		struct connection *i = table_head;
		while (i != NULL) {
			struct connection *next = i->next;
			if (i->template_of == c) {
				connection_delete(i);
				next = table_head;	/* the list changed under us */
			}
			i = next;
		}
	}
	ike_terminate_connection(c);
	connection_unroute(c);
	connection_discard(c);
}

struct connection *connection_instantiate(struct connection *t, const struct ip_address *peer)
{
	if (t->kind != CK_TEMPLATE || !ip_address_is_set(peer) ||
	    (ip_address_is_set(&t->local.host) && peer->family != t->local.host.family))
		return NULL;
	struct connection *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	*c = *t;
	c->next = NULL;
	c->name = strdup(t->name);
	c->config = conn_config_dup(t->config);
	if (c->name == NULL || c->config == NULL) {
		connection_free(c);
		return NULL;
	}
	/* The ends point into the config for updown; re-point them. */
	c->local.updown = c->local_is_left ? c->config->left.updown : c->config->right.updown;
	c->remote.updown = c->local_is_left ? c->config->right.updown : c->config->left.updown;
	c->kind = CK_INSTANCE;
	c->template_of = t;
	c->instances_made = 0;
	c->instance_number = ++t->instances_made;
	c->serial = next_conn_serial++;
	c->routing = RT_UNROUTED;
	c->route_wanted = false;
	c->newest_ike_sa = c->newest_child_sa = 0;
	c->remote.host = *peer;
	if (!c->remote.has_client) {
		struct ip_subnet host = ip_subnet_from_address(peer);
		struct ip_selector s = ip_selector_from_subnet(&host, &(struct ip_protoport){
			.ipproto = t->remote.selectors[0].ipproto, .port = t->remote.selectors[0].port });
		c->remote.selectors[0] = s;
		c->remote.nr_selectors = 1;
	}
	c->reqid = conn_reqid(c->config);
	if (c->reqid == 0) {
		connection_free(c);
		return NULL;
	}
	table_append(c);
	char name[CONNECTION_NAME_BUF];
	ldbg(DBG_CONTROL, "instantiated %s as $%u, reqid %u", connection_name(c, name), c->serial,
	     c->reqid);
	return c;
}

struct instance_use {
	const struct connection *c;
	bool used;
};

static bool visit_uses(void *arg, const struct state_ref *st)
{
	struct instance_use *u = arg;
	const struct connection *sc = st->child != NULL ? st->child->c : st->ike->c;

	if (sc == u->c) {
		u->used = true;
		return false;
	}
	return true;
}

void connection_state_gone(struct connection *c)
{
	if (c == NULL || c->going_away)
		return;
	if (c->kind != CK_INSTANCE) {
		/* The tunnel's policies replaced the trap and went with the
		 * Child SA: put the trap back. */
		if (c->route_wanted && c->routing == RT_UNROUTED) {
			struct diag d;
			char name[CONNECTION_NAME_BUF];
			if (!connection_route(c, &d))
				llog("%s: cannot restore the trap policy: %s",
				     connection_name(c, name), d.msg);
		}
		return;
	}
	struct instance_use u = { .c = c, .used = false };
	states_visit(visit_uses, &u);
	if (u.used)
		return;
	char name[CONNECTION_NAME_BUF];
	ldbg(DBG_CONTROL, "%s: no SA uses this instance any more; deleting it",
	     connection_name(c, name));
	connection_unroute(c);
	connection_discard(c);
}

const char *connection_name(const struct connection *c, char buf[CONNECTION_NAME_BUF])
{
	if (c->kind == CK_INSTANCE) {
		char ab[IP_FMT_BUF];
		snprintf(buf, CONNECTION_NAME_BUF, "\"%s\"[%u] %s", c->name, c->instance_number,
			 ip_address_fmt(&c->remote.host, ab));
	} else {
		snprintf(buf, CONNECTION_NAME_BUF, "\"%s\"", c->name);
	}
	return buf;
}

void connections_delete_all(void)
{
	while (table_head != NULL) {
		/* Delete a non-instance so its instances go with it. */
		struct connection *c = table_head;
		while (c != NULL && c->kind == CK_INSTANCE)
			c = c->next;
		connection_delete(c != NULL ? c : table_head);
	}
}
