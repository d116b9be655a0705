/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The whack verbs of the connection layer (add, delete, up, down,
 * route, unroute, rereadsecrets, deletestate, and the status verbs)
 * and the layer's start-up: secrets, the conns with auto=, routing and
 * initiating once pluto listens.
 *
 * `ipsec add NAME` makes pluto read the config file itself (the file
 * named by --config), so what is added is what the file says now.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connection_status.h"
#include "connections_internal.h"
#include "ikev2_rekey.h"
#include "ipsec_conf.h"
#include "log.h"
#include "server.h"
#include "status.h"
#include "updown_exec.h"
#include "whack_server.h"

/* Both a log line and, when a whack asked, a line to it. */
static void say(struct whack_ctx *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct whack_ctx *w, const char *fmt, ...)
{
	char line[WHACK_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	llog("%s", line);
	if (w != NULL)
		whack_printf(w, "%s", line);
}

static struct ipsec_conf *load_config(struct pluto *p, struct whack_ctx *w, bool verbose)
{
	struct diag_list errors = { 0 };
	const char *file = p->opts->config_file;
	struct ipsec_conf *conf = ipsec_conf_load(file, &errors);

	if (conf == NULL || verbose) {
		for (size_t i = 0; i < errors.count; i++)
			say(w, "%s", errors.items[i].msg);
	}
	if (conf == NULL && errors.count == 0)
		say(w, "cannot read config file %s", file);
	diag_list_free(&errors);
	return conf;
}

static bool add_one(struct pluto *p, struct whack_ctx *w, const struct conn_config *cfg)
{
	struct diag d;

	if (!connection_add(p, cfg, &d)) {
		say(w, "%s", d.msg);
		return false;
	}
	say(w, "\"%s\": added IKEv2 connection", cfg->name);
	const struct connection *c = connection_find_by_name(cfg->name);
	if (c != NULL && !c->oriented) {
		char a[IP_FMT_BUF], b[IP_FMT_BUF];
		llog("\"%s\": neither %s nor %s is an address of this host; the connection stays "
		     "unoriented", cfg->name, ip_address_fmt(&c->local.host, a),
		     ip_address_fmt(&c->remote.host, b));
	}
	return true;
}

static int verb_add(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	struct ipsec_conf *conf = load_config(p, w, false);
	struct diag why;
	int rc = WHACK_RC_OK;

	if (conf == NULL)
		return WHACK_RC_FATAL;
	const struct conn_config *cfg = ipsec_conf_find(conf, req->name, &why);
	if (cfg == NULL) {
		say(w, "%s", why.msg);
		/* Not in the file at all, or in it but refused. */
		rc = strstr(why.msg, "not loaded") != NULL ? WHACK_RC_FATAL : WHACK_RC_UNKNOWN_NAME;
	} else if (!add_one(p, w, cfg)) {
		rc = WHACK_RC_FATAL;
	}
	ipsec_conf_free(conf);
	return rc;
}

static struct connection *named(struct whack_ctx *w, const char *name)
{
	struct connection *c = connection_find_by_name(name);

	if (c == NULL)
		whack_printf(w, "no connection named \"%s\"", name);
	return c;
}

static int verb_delete(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	struct connection *c = named(w, req->name);

	if (c == NULL)
		return WHACK_RC_UNKNOWN_NAME;
	connection_delete(c);
	updown_wait();	/* its down scripts have run when the answer comes */
	return WHACK_RC_OK;
}

/* Is NAME one of the space-separated words of C's connalias=? */
static bool has_alias(const struct connection *c, const char *name)
{
	const char *list = c->config != NULL ? c->config->connalias : NULL;
	size_t n = strlen(name);

	for (const char *p = list; p != NULL && *p != '\0';) {
		p += strspn(p, " \t");
		size_t len = strcspn(p, " \t");
		if (len == n && len > 0 && strncmp(p, name, n) == 0)
			return true;
		p += len;
	}
	return false;
}

static int initiate_one(struct whack_ctx *w, struct connection *c, bool async);

/*
 * Libreswan's connalias=: a name that is no conn's but is an alias of
 * some starts each of them, asynchronously (one whack for many
 * tunnels: a process start per tunnel is what costs, in UML above all).
 * Succeeds when at least one started.
 */
static int initiate_alias(struct whack_ctx *w, const char *alias)
{
	unsigned tried = 0, started = 0;

	for (struct connection *c = connections_first(); c != NULL; c = c->next) {
		if (c->kind == CK_INSTANCE || !has_alias(c, alias))
			continue;
		tried++;
		if (initiate_one(w, c, true) == WHACK_RC_OK)
			started++;
	}
	if (tried == 0) {
		whack_printf(w, "no connection named \"%s\"", alias);
		return WHACK_RC_UNKNOWN_NAME;
	}
	return started > 0 ? WHACK_RC_OK : WHACK_RC_FATAL;
}

static int verb_initiate(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	struct connection *c = connection_find_by_name(req->name);

	if (c == NULL)
		return initiate_alias(w, req->name);
	return initiate_one(w, c, (req->flags & WHACK_F_ASYNC) != 0);
}

static int initiate_one(struct whack_ctx *w, struct connection *c, bool async)
{
	char name[CONNECTION_NAME_BUF], a[IP_FMT_BUF], b[IP_FMT_BUF];
	struct diag d;

	connection_name(c, name);
	if (!connection_reorient(c, &d)) {
		whack_printf(w, "%s: we cannot identify ourselves with either end of this "
			     "connection.  %s or %s are not usable", name,
			     ip_address_fmt(&c->local.host, a), ip_address_fmt(&c->remote.host, b));
		return WHACK_RC_ORIENT;
	}
	if (c->kind == CK_TEMPLATE) {
		whack_printf(w, "%s: cannot initiate connection without knowing peer IP address "
			     "(kind=CK_TEMPLATE)", name);
		return WHACK_RC_ORIENT;
	}
	struct ike_sa *ike = ike_initiate(c, w, &d);
	if (ike == NULL) {
		whack_printf(w, "%s: %s", name, d.msg);
		return WHACK_RC_FATAL;
	}
	if (async) {
		/* The lines so far went to the client; the rest only to the
		 * log, and the reply ends now. */
		ike->whack = NULL;
		return WHACK_RC_OK;
	}
	return WHACK_PENDING;
}

static int verb_terminate(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	struct connection *c = named(w, req->name);
	char name[CONNECTION_NAME_BUF];

	if (c == NULL)
		return WHACK_RC_UNKNOWN_NAME;
	say(w, "%s: terminating SAs using this connection", connection_name(c, name));
	if (c->kind == CK_TEMPLATE) {
		/* Its instances hold the SAs. */
		for (struct connection *i = connections_first(); i != NULL; i = i->next) {
			if (i->template_of == c)
				ike_terminate_connection(i);
		}
	}
	ike_terminate_connection(c);
	updown_wait();	/* the routes are gone when `ipsec down` returns */
	return WHACK_RC_OK;
}

static int verb_route(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	struct connection *c = named(w, req->name);
	char name[CONNECTION_NAME_BUF];
	struct diag d;

	if (c == NULL)
		return WHACK_RC_UNKNOWN_NAME;
	if (!connection_route(c, &d)) {
		whack_printf(w, "%s: %s", connection_name(c, name), d.msg);
		return WHACK_RC_ROUTE;
	}
	return WHACK_RC_OK;
}

static int verb_unroute(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	struct connection *c = named(w, req->name);
	char name[CONNECTION_NAME_BUF];

	if (c == NULL)
		return WHACK_RC_UNKNOWN_NAME;
	if (c->routing == RT_ROUTED_TUNNEL) {
		whack_printf(w, "%s: cannot unroute: the connection has an established IPsec SA "
			     "(use 'ipsec down' first)", connection_name(c, name));
		return WHACK_RC_ROUTE;
	}
	c->route_wanted = false;
	connection_unroute(c);
	return WHACK_RC_OK;
}

static int verb_rereadsecrets(struct pluto *p, struct whack_ctx *w,
			      const struct whack_request *req)
{
	(void)p;
	(void)req;
	struct diag d;

	if (!secrets_reload(&d)) {
		whack_printf(w, "%s", d.msg);
		return WHACK_RC_FATAL;
	}
	return WHACK_RC_OK;
}

struct find_state {
	so_serial_t serial;
	struct ike_sa *ike;
	struct child_sa *child;
};

static bool find_state_cb(void *arg, const struct state_ref *st)
{
	struct find_state *f = arg;

	if (st->child != NULL && st->child->serial == f->serial) {
		f->child = st->child;
		return false;
	}
	if (st->child == NULL && st->ike->serial == f->serial) {
		f->ike = st->ike;
		return false;
	}
	return true;
}

static int verb_deletestate(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	struct find_state f = { .serial = req->number };

	states_visit(find_state_cb, &f);
	if (f.child != NULL) {
		whack_printf(w, "#%lu is a Child SA: deleting a Child SA alone is not supported yet; "
			     "delete its IKE SA #%lu", f.child->serial,
			     f.child->ike != NULL ? f.child->ike->serial : 0ul);
		return WHACK_RC_FATAL;
	}
	if (f.ike == NULL) {
		whack_printf(w, "no state #%lu", (unsigned long)req->number);
		return WHACK_RC_UNKNOWN_NAME;
	}
	ike_sa_delete_notify(f.ike);
	return WHACK_RC_OK;
}

/* Rekeying on request is the exchanges' to add; until then say so
 * instead of pretending (their handler replaces this one). */
static int verb_rekey(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	struct connection *c = named(w, req->name);
	char name[CONNECTION_NAME_BUF];
	struct diag d;

	if (c == NULL)
		return WHACK_RC_UNKNOWN_NAME;
	/* Starts the CREATE_CHILD_SA exchange; its result is logged. */
	if (!rekey_connection_now(c, req->verb == WHACK_REKEY_IKE, &d)) {
		whack_printf(w, "%s: %s", connection_name(c, name), d.msg);
		return WHACK_RC_FATAL;
	}
	return WHACK_RC_OK;
}

static const struct {
	enum whack_verb verb;
	whack_handler_fn *fn;
} connection_verbs[] = {
	{ WHACK_ADD, verb_add },
	{ WHACK_DELETE, verb_delete },
	{ WHACK_INITIATE, verb_initiate },
	{ WHACK_TERMINATE, verb_terminate },
	{ WHACK_ROUTE, verb_route },
	{ WHACK_UNROUTE, verb_unroute },
	{ WHACK_REREADSECRETS, verb_rereadsecrets },
	{ WHACK_DELETESTATE, verb_deletestate },
	{ WHACK_TRAFFICSTATUS, verb_trafficstatus },
	{ WHACK_SHOWSTATES, verb_showstates },
	{ WHACK_BRIEFSTATUS, verb_briefstatus },
	{ WHACK_REKEY_IKE, verb_rekey },
	{ WHACK_REKEY_CHILD, verb_rekey },
};

/* --secretsfile wins; config setup's secretsfile= is used when the
 * command line left the default. */
static void choose_secrets_file(struct pluto *p, const struct ipsec_conf *conf)
{
	const char *path = p->opts->secrets_file;

	if (conf != NULL && conf->setup.secretsfile != NULL &&
	    (path == NULL || strcmp(path, XSWAN_SYSCONFDIR "/ipsec.secrets") == 0))
		path = conf->setup.secretsfile;
	secrets_set_path(path);
}

/* Shutdown begins while the IKE sockets are still open: the SAs go
 * now, with Delete notifications unless --leave-state, so the peers
 * hear of it (after the loop, nothing could be sent any more). */
static void shutdown_begins(struct pluto *p)
{
	ike_delete_all(!p->leave_state);
}

bool connections_init(struct pluto *p, struct diag *d)
{
	(void)d;
	p->shutdown_hook = shutdown_begins;
	updown_set_event_base(p->base);
	for (size_t i = 0; i < sizeof(connection_verbs) / sizeof(connection_verbs[0]); i++)
		whack_server_register(p->whack, connection_verbs[i].verb, connection_verbs[i].fn);
	status_set_section(p, STATUS_CONNECTIONS, connections_status_section);
	status_set_section(p, STATUS_STATES, states_status_section);

	/* A config that cannot be read is not fatal: conns can be added
	 * later, and the file may appear. */
	struct ipsec_conf *conf = load_config(p, NULL, true);
	choose_secrets_file(p, conf);
	struct diag sd;
	if (!secrets_reload(&sd))
		llog("WARNING: %s", sd.msg);
	if (conf == NULL)
		return true;
	struct diag fd;
	if (!connections_batch_begin(&fd))
		llog("WARNING: %s", fd.msg);
	for (size_t i = 0; i < conf->nr_conns; i++) {
		const struct conn_config *cfg = conf->conns[i];
		if (cfg->autostart != AUTO_IGNORE)
			add_one(p, NULL, cfg);
	}
	connections_batch_end();
	ipsec_conf_free(conf);
	return true;
}

void connections_start(struct pluto *p)
{
	(void)p;
	/* What auto= says, for the conns added at start-up (each keeps
	 * its own copy of the config). */
	for (struct connection *c = connections_first(); c != NULL; c = c->next) {
		char name[CONNECTION_NAME_BUF];
		struct diag d;

		if (!c->oriented || c->kind == CK_INSTANCE)
			continue;
		connection_name(c, name);
		if (c->config->autostart == AUTO_ONDEMAND && !connection_route(c, &d))
			llog("%s: auto=ondemand: %s", name, d.msg);
		if (c->config->autostart == AUTO_START && c->kind != CK_TEMPLATE &&
		    ike_initiate(c, NULL, &d) == NULL)
			llog("%s: auto=start: %s", name, d.msg);
	}
}

void connections_shutdown(struct pluto *p)
{
	(void)p;
	/* The loop has stopped: the scripts the SAs' deletion queued run
	 * now, and the unroute scripts below run in turn. */
	updown_flush();
	connections_delete_all();
	secrets_free();
}
