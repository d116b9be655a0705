/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection layer's status output: the "Connection list" and
 * states sections of `ipsec status`, `ipsec trafficstatus`,
 * `ipsec showstates` and `ipsec briefstatus`.  Lines come from the
 * formatters in connection_status_fmt.c; this file walks the tables
 * and asks the kernel for byte counts.
 */
#include <stdio.h>

#include "connection_status.h"
#include "connections_internal.h"
#include "server.h"
#include "whack_server.h"

static void emit_whack(void *arg, const char *line)
{
	whack_printf(arg, "%s", line);
}

/* Counts from the kernel; zeros (and a debug line) when it cannot say,
 * e.g. while the SA is still being negotiated. */
static void child_counts(const struct child_sa *child, uint64_t *in, uint64_t *out)
{
	struct diag d;

	*in = *out = 0;
	if (child->state != CHILD_STATE_ESTABLISHED || !child_sa_traffic(child, in, out, &d))
		*in = *out = 0;
}

void connections_status_section(struct pluto *p, struct whack_ctx *w)
{
	unsigned loaded = 0, active = 0;

	(void)p;
	whack_printf(w, "Connection list:");
	whack_printf(w, "%s", "");
	for (const struct connection *c = connections_first(); c != NULL; c = c->next) {
		status_conn_lines(c, emit_whack, w);
		loaded++;
		if (c->routing == RT_ROUTED_TUNNEL)
			active++;
	}
	if (loaded > 0)
		whack_printf(w, "%s", "");
	whack_printf(w, "Total IPsec connections: loaded %u, active %u", loaded, active);
}

struct sa_counts {
	unsigned ike_total, half_open, open, authenticated, anonymous;
	unsigned child_total, child_auth, child_anon;
};

static bool is_anonymous(const struct connection *c)
{
	return c != NULL && c->config->authby == AUTHBY_NULL;
}

static bool count_one(void *arg, const struct state_ref *st)
{
	struct sa_counts *n = arg;

	if (st->child != NULL) {
		if (st->child->state != CHILD_STATE_ESTABLISHED)
			return true;
		n->child_total++;
		if (is_anonymous(st->child->c))
			n->child_anon++;
		else
			n->child_auth++;
		return true;
	}
	const struct ike_sa *ike = st->ike;
	n->ike_total++;
	switch (ike->state) {
	case IKE_STATE_PARENT_I0:
	case IKE_STATE_PARENT_I1:
	case IKE_STATE_PARENT_R1:
		n->half_open++;
		break;
	case IKE_STATE_PARENT_I2:
		n->open++;
		break;
	case IKE_STATE_ESTABLISHED:
	case IKE_STATE_DELETING:
	case IKE_STATE_ROOF:
		if (is_anonymous(ike->c))
			n->anonymous++;
		else
			n->authenticated++;
		break;
	}
	return true;
}

static void print_counts(struct whack_ctx *w)
{
	struct sa_counts n = { 0 };
	bool cookies = ike_env_default != NULL && ike_env_default->require_cookie;

	states_visit(count_one, &n);
	whack_printf(w, "State Information: DDoS cookies %s, Accepting new IKE connections",
		     cookies ? "required" : "not required");
	whack_printf(w, "IKE SAs: total(%u), half-open(%u), open(%u), authenticated(%u), "
		     "anonymous(%u)", n.ike_total, n.half_open, n.open, n.authenticated, n.anonymous);
	whack_printf(w, "IPsec SAs: total(%u), authenticated(%u), anonymous(%u)", n.child_total,
		     n.child_auth, n.child_anon);
}

static bool show_one_state(void *arg, const struct state_ref *st)
{
	struct whack_ctx *w = arg;
	char l1[STATUS_LINE_MAX], l2[STATUS_LINE_MAX];

	if (st->child != NULL) {
		uint64_t in, out;
		child_counts(st->child, &in, &out);
		status_child_lines(st->child, child_state_name(st->child->state),
				   child_state_story(st->child->state), in, out, l1, l2, sizeof(l1));
		whack_printf(w, "%s", l1);
		whack_printf(w, "%s", l2);
	} else {
		status_ike_line(st->ike, ike_state_name(st->ike->state),
				ike_state_story(st->ike->state), l1, sizeof(l1));
		whack_printf(w, "%s", l1);
	}
	return true;
}

void states_status_section(struct pluto *p, struct whack_ctx *w)
{
	(void)p;
	print_counts(w);
	whack_printf(w, "%s", "");
	states_visit(show_one_state, w);
	whack_printf(w, "%s", "");
	whack_printf(w, "Bare Shunt list:");
}

static bool traffic_one(void *arg, const struct state_ref *st)
{
	struct whack_ctx *w = arg;
	char line[STATUS_LINE_MAX];
	uint64_t in, out;

	if (st->child == NULL || st->child->state != CHILD_STATE_ESTABLISHED)
		return true;
	child_counts(st->child, &in, &out);
	status_traffic_line(st->child, in, out, line, sizeof(line));
	whack_printf(w, "%s", line);
	return true;
}

int verb_trafficstatus(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	(void)req;
	states_visit(traffic_one, w);
	return WHACK_RC_OK;
}

int verb_showstates(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	(void)req;
	states_visit(show_one_state, w);
	return WHACK_RC_OK;
}

int verb_briefstatus(struct pluto *p, struct whack_ctx *w, const struct whack_request *req)
{
	(void)p;
	(void)req;
	print_counts(w);
	return WHACK_RC_OK;
}
