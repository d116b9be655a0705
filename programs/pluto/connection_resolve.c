/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A conn section against this host: orientation, %defaultroute,
 * selectors, IDs, proposals (see connection_resolve.h).
 */
#include <string.h>
#include <sys/socket.h>

#include "connection_resolve.h"
#include "log.h"

bool host_facts_has_address(const struct host_facts *f, const struct ip_address *a)
{
	for (unsigned i = 0; i < f->nr_addrs; i++) {
		if (ip_address_eq(&f->addrs[i], a))
			return true;
	}
	return false;
}

static const char *side_name(bool left)
{
	return left ? "left" : "right";
}

/* Is this end this host?  %defaultroute always means us; an address when
 * one of our interfaces carries it. */
static bool end_is_here(const struct end_config *e, const struct host_facts *f)
{
	switch (e->host.kind) {
	case HOST_DEFAULTROUTE:
		return true;
	case HOST_ADDRESS:
		return host_facts_has_address(f, &e->host.addr);
	case HOST_ANY:
	case HOST_UNSET:
		break;
	}
	return false;
}

/* The address family the conn's hosts use: from whichever end names an
 * address, else from the subnets, else IPv4 (Libreswan's default). */
static int conn_host_family(const struct conn_config *cfg)
{
	if (cfg->left.host.kind == HOST_ADDRESS)
		return cfg->left.host.addr.family;
	if (cfg->right.host.kind == HOST_ADDRESS)
		return cfg->right.host.addr.family;
	if (cfg->left.subnets.count > 0)
		return cfg->left.subnets.list[0].addr.family;
	if (cfg->right.subnets.count > 0)
		return cfg->right.subnets.list[0].addr.family;
	return AF_INET;
}

static bool resolve_end(struct connection_end *end, const struct end_config *e, bool left,
			bool local, int family, const struct host_facts *f, struct diag *d)
{
	memset(end, 0, sizeof(*end));
	switch (e->host.kind) {
	case HOST_ADDRESS:
		end->host = e->host.addr;
		break;
	case HOST_DEFAULTROUTE: {
		const struct default_route *r = family == AF_INET6 ? &f->v6 : &f->v4;
		if (!local)
			return diag(d, "%s=%%defaultroute names this host, but the other end is "
				    "this host", side_name(left));
		if (!r->present || !ip_address_is_set(&r->source))
			return diag(d, "%s=%%defaultroute: this host has no %s default route "
				    "with an address; give the address instead",
				    side_name(left), family == AF_INET6 ? "IPv6" : "IPv4");
		end->host = r->source;
		end->nexthop = r->gateway;
		break;
	}
	case HOST_ANY:
		if (local)
			return diag(d, "must specify host IP address for our side (%s=%%any)",
				    side_name(left));
		break;	/* a template: learnt from the peer */
	case HOST_UNSET:
		return diag(d, "%s= is not set", side_name(left));
	}
	if (ip_address_is_set(&e->nexthop))
		end->nexthop = e->nexthop;
	end->sourceip = e->sourceip;
	end->ike_port = e->ikeport != 0 ? (uint16_t)e->ikeport : 500;
	end->id = e->id;	/* ID_NONE: the host address is meant */
	end->updown = e->updown;

	if (e->subnets.count > 0) {
		if (e->subnets.count > CONNECTION_MAX_SELECTORS)
			return diag(d, "%ssubnets= lists more than %u subnets", side_name(left),
				    CONNECTION_MAX_SELECTORS);
		for (unsigned i = 0; i < e->subnets.count; i++)
			end->selectors[i] = ip_selector_from_subnet(&e->subnets.list[i], &e->protoport);
		end->nr_selectors = e->subnets.count;
		end->has_client = true;
	} else {
		/* The host itself; for a %any template the peer's address
		 * fills this in when the template is instantiated. */
		end->nr_selectors = 1;
		if (ip_address_is_set(&end->host)) {
			struct ip_subnet host = ip_subnet_from_address(&end->host);
			end->selectors[0] = ip_selector_from_subnet(&host, &e->protoport);
		} else {
			end->selectors[0].ipproto = e->protoport.ipproto;
			end->selectors[0].port = e->protoport.port;
		}
	}
	return true;
}

static bool check_families(const struct connection *c, struct diag *d)
{
	const struct connection_end *l = &c->local, *r = &c->remote;
	char a[IP_FMT_BUF], b[IP_FMT_BUF];

	if (ip_address_is_set(&l->host) && ip_address_is_set(&r->host) &&
	    l->host.family != r->host.family)
		return diag(d, "host address family of %s conflicts with %s",
			    ip_address_fmt(&l->host, a), ip_address_fmt(&r->host, b));
	int fam = 0;
	for (unsigned i = 0; i < l->nr_selectors + r->nr_selectors; i++) {
		const struct ip_selector *s = i < l->nr_selectors ? &l->selectors[i]
								 : &r->selectors[i - l->nr_selectors];
		if (s->subnet.addr.family == 0)
			continue;
		if (fam == 0)
			fam = s->subnet.addr.family;
		else if (fam != s->subnet.addr.family)
			return diag(d, "subnet %s is not of the same address family as the "
				    "other subnets", ip_selector_fmt(s, a));
	}
	return true;
}

bool conn_config_check_proposals(const struct conn_config *cfg, struct diag *d)
{
	struct proposals p;

	if (cfg->ike != NULL && !proposals_parse(PROPOSAL_IKE, cfg->ike, &p, d)) {
		diag_prefix(d, "ike=%s", cfg->ike);
		return false;
	}
	if (cfg->esp != NULL && !proposals_parse(PROPOSAL_ESP, cfg->esp, &p, d)) {
		diag_prefix(d, "esp=%s", cfg->esp);
		return false;
	}
	return true;
}

static bool resolve_proposals(struct connection *c, struct diag *d)
{
	const struct conn_config *cfg = c->config;

	if (cfg->ike != NULL) {
		if (!proposals_parse(PROPOSAL_IKE, cfg->ike, &c->ike_proposals, d)) {
			diag_prefix(d, "ike=%s", cfg->ike);
			return false;
		}
	} else {
		proposals_default(PROPOSAL_IKE, &c->ike_proposals);
	}
	if (cfg->esp != NULL) {
		if (!proposals_parse(PROPOSAL_ESP, cfg->esp, &c->esp_proposals, d)) {
			diag_prefix(d, "esp=%s", cfg->esp);
			return false;
		}
	} else {
		proposals_default(PROPOSAL_ESP, &c->esp_proposals);
	}
	enum esn_policy esn = cfg->esn == ESN_YES ? ESN_POLICY_YES :
			      cfg->esn == ESN_NO ? ESN_POLICY_NO : ESN_POLICY_EITHER;
	proposals_set_esn(&c->esp_proposals, esn);
	return true;
}

bool connection_resolve(struct connection *c, const struct host_facts *f, struct diag *d)
{
	const struct conn_config *cfg = c->config;

	if (cfg->type == TYPE_PASSTHROUGH || cfg->type == TYPE_DROP)
		return diag(d, "type=%s (a shunt) is not supported yet", conn_type_name(cfg->type));

	bool left_here = end_is_here(&cfg->left, f);
	bool right_here = end_is_here(&cfg->right, f);
	/* Left is tried first, as Libreswan does: with both ends on this
	 * host (a loopback test), left is us. */
	bool local_left = left_here || !right_here;
	c->oriented = left_here || right_here;
	c->local_is_left = local_left;

	int family = conn_host_family(cfg);
	const struct end_config *le = local_left ? &cfg->left : &cfg->right;
	const struct end_config *re = local_left ? &cfg->right : &cfg->left;

	if (!c->oriented) {
		/* Keep the ends as written so status can show them; a
		 * %defaultroute end would have oriented us, so neither end is
		 * one here. */
		if (!resolve_end(&c->local, le, local_left, false, family, f, d) ||
		    !resolve_end(&c->remote, re, !local_left, false, family, f, d))
			return false;
	} else if (!resolve_end(&c->local, le, local_left, true, family, f, d) ||
		   !resolve_end(&c->remote, re, !local_left, false, family, f, d)) {
		return false;
	}
	if (!check_families(c, d))
		return false;
	c->kind = ip_address_is_set(&c->remote.host) ? CK_PERMANENT : CK_TEMPLATE;
	return resolve_proposals(c, d);
}

uint32_t reqid_allocate(uint32_t *next, reqid_in_use_fn *in_use, void *arg)
{
	/* Reqids below REQID_FIRST are for reqid= (Libreswan's manual range);
	 * each connection takes a block of REQID_STEP (Libreswan gives a
	 * Child SA's protocols consecutive reqids from it). */
	const uint32_t span = (UINT32_MAX - REQID_FIRST) / REQID_STEP;

	if (*next < REQID_FIRST)
		*next = REQID_FIRST;
	for (uint32_t tries = 0; tries < span; tries++) {
		uint32_t r = *next;
		*next = r > UINT32_MAX - REQID_STEP ? REQID_FIRST : r + REQID_STEP;
		if (in_use == NULL || !in_use(r, arg))
			return r;
	}
	return 0;
}
