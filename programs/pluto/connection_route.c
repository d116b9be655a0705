/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `ipsec route`: trap policies.  An outbound policy per (local,
 * remote) selector pair with the connection's ESP template and no SA
 * behind it makes the kernel send an ACQUIRE for the first packet,
 * which starts IKE.  The tunnel's own policies (ikev2_child.c) replace
 * these when the Child SA is installed.
 */
#include <netinet/in.h>
#include <string.h>

#include "connections_internal.h"
#include "kernel.h"
#include "log.h"
#include "state.h"

const char *routing_name(enum routing_state r)
{
	/* Libreswan 4.10's words for the routing state. */
	switch (r) {
	case RT_UNROUTED: return "unrouted";
	case RT_ROUTED_ONDEMAND: return "prospective erouted";
	case RT_ROUTED_TUNNEL: return "erouted";
	}
	return "?";
}

static void trap_policy(const struct connection *c, unsigned li, unsigned ri,
			struct kernel_policy *p)
{
	bool transport = c->config->type == TYPE_TRANSPORT;

	memset(p, 0, sizeof(*p));
	p->src = c->local.selectors[li];
	p->dst = c->remote.selectors[ri];
	p->dir = KERNEL_POLICY_OUT;
	p->action = KERNEL_POLICY_ALLOW;
	p->ntemplates = 1;
	p->templates[0].proto = IPPROTO_ESP;
	p->templates[0].reqid = c->reqid;
	p->templates[0].mode = transport ? KERNEL_MODE_TRANSPORT : KERNEL_MODE_TUNNEL;
	if (!transport) {
		p->templates[0].src = c->local.host;
		p->templates[0].dst = c->remote.host;
	}
	p->priority = kernel_policy_priority(&p->src, &p->dst, KERNEL_PRIORITY_ONDEMAND);
}

static void remove_traps(struct connection *c, unsigned upto)
{
	struct ike_env *env = ike_env_default;
	unsigned n = 0;
	struct diag d;

	for (unsigned li = 0; li < c->local.nr_selectors; li++) {
		for (unsigned ri = 0; ri < c->remote.nr_selectors; ri++, n++) {
			struct kernel_policy p;
			if (n >= upto)
				return;
			trap_policy(c, li, ri, &p);
			if (!env->kernel_ops->del_policy(env->kernel, &p, &d)) {
				char name[CONNECTION_NAME_BUF];
				llog("%s: cannot remove trap policy: %s", connection_name(c, name), d.msg);
			}
		}
	}
}

bool connection_route(struct connection *c, struct diag *d)
{
	struct ike_env *env = ike_env_default;

	if (c->routing != RT_UNROUTED) {
		c->route_wanted = true;
		return true;	/* already routed or erouted */
	}
	if (!connection_reorient(c, d))
		return diag(d, "we cannot identify ourselves with either end of this connection");
	if (c->kind == CK_TEMPLATE)
		return diag(d, "cannot route a connection without knowing the peer IP address "
			    "(right=%%any)");
	if (env == NULL || env->kernel_ops == NULL || env->kernel == NULL)
		return diag(d, "cannot route: no kernel backend is running (see the log)");
	unsigned n = 0;
	for (unsigned li = 0; li < c->local.nr_selectors; li++) {
		for (unsigned ri = 0; ri < c->remote.nr_selectors; ri++) {
			struct kernel_policy p;
			trap_policy(c, li, ri, &p);
			if (!env->kernel_ops->add_policy(env->kernel, &p, false, d)) {
				remove_traps(c, n);
				diag_prefix(d, "cannot install trap policy");
				return false;
			}
			n++;
		}
	}
	c->routing = RT_ROUTED_ONDEMAND;
	c->route_wanted = true;
	updown_run(c, NULL, "route");
	return true;
}

void connection_unroute(struct connection *c)
{
	struct ike_env *env = ike_env_default;

	if (c->routing != RT_ROUTED_ONDEMAND)
		return;
	if (env != NULL && env->kernel_ops != NULL && env->kernel != NULL)
		remove_traps(c, ~0u);
	c->routing = RT_UNROUTED;
	updown_run(c, NULL, "unroute");
}
