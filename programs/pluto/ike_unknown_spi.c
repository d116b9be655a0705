/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fast recovery after a crash: the kernel (xswan series) reports ESP from
 * a peer for an SPI we have no SA for.  What we have with that peer picks
 * the answer (unknown_spi_policy.c): initiate the connection to it when
 * there is no IKE SA (INITIAL_CONTACT in our IKE_AUTH makes the peer drop
 * the SAs it still holds for our lost ones), a liveness check when there
 * is one.  The report is unauthenticated: nothing here deletes anything.
 */
#include <netinet/in.h>
#include <stdio.h>

#include "clock.h"
#include "connections.h"
#include "ikev2.h"
#include "kernel.h"
#include "log.h"
#include "unknown_spi_policy.h"

static struct unknown_spi_limiter limiter;
static bool limiter_ready;

struct peer_search {
	const struct ip_address *peer;
	struct ike_sa *established;	/* an established IKE SA with it */
	bool negotiating;		/* an IKE SA with it in any other state */
};

static bool visit_ike(void *arg, const struct state_ref *st)
{
	struct peer_search *s = arg;
	struct ike_sa *ike = st->ike;

	if (st->child != NULL || ike == NULL || !ip_address_eq(&ike->remote, s->peer))
		return true;
	if (ike->state == IKE_STATE_ESTABLISHED) {
		if (s->established == NULL)
			s->established = ike;
	} else {
		s->negotiating = true;
	}
	return true;
}

/* The connection we would initiate to PEER from LOCAL: the first (in add
 * order) that is oriented and names PEER as its remote host.  A template
 * (%any) cannot be initiated; an instance exists only with its SAs. */
static struct connection *connection_to(const struct ip_address *peer,
					const struct ip_address *local)
{
	for (struct connection *c = connections_first(); c != NULL; c = c->next) {
		if (c->kind != CK_PERMANENT || !c->oriented || c->going_away)
			continue;
		if (!ip_address_eq(&c->remote.host, peer))
			continue;
		if (ip_address_is_set(local) && !ip_address_eq(&c->local.host, local))
			continue;
		return c;
	}
	return NULL;
}

static enum unknown_spi_peer peer_state(const struct kernel_unknown_spi *u,
					struct peer_search *s, struct connection **c)
{
	*c = NULL;
	states_visit(visit_ike, s);
	if (s->established != NULL)
		return UNKNOWN_SPI_PEER_ESTABLISHED;
	if (s->negotiating)
		return UNKNOWN_SPI_PEER_NEGOTIATING;
	*c = connection_to(&u->src, &u->dst);
	if (*c == NULL)
		return UNKNOWN_SPI_PEER_UNKNOWN;
	/* Its revival timer will initiate it; a second IKE SA with
	 * INITIAL_CONTACT would only race that one. */
	if (ike_revival_pending(*c))
		return UNKNOWN_SPI_PEER_NEGOTIATING;
	return UNKNOWN_SPI_PEER_IDLE;
}

void ike_unknown_spi(struct ike_env *env, const struct kernel_unknown_spi *u)
{
	char peer[IP_FMT_BUF], name[CONNECTION_NAME_BUF];
	struct peer_search s = { .peer = &u->src };
	struct unknown_spi_verdict v;
	struct connection *c;
	enum unknown_spi_peer state;
	struct diag d;

	if (!limiter_ready) {
		unknown_spi_limiter_init(&limiter, 0);
		limiter_ready = true;
	}
	ip_address_fmt(&u->src, peer);
	state = peer_state(u, &s, &c);
	v = unknown_spi_decide(&limiter, u->proto, &u->src, state, clock_mono_ms());
	switch (v.action) {
	case UNKNOWN_SPI_IGNORE:
		ldbg(DBG_KERNEL, "kernel: unknown SPI 0x%08x (protocol %u) from %s: ignored: %s",
		     u->spi, (unsigned)u->proto, peer, v.why);
		return;
	case UNKNOWN_SPI_LIVENESS:
		ike_log(s.established, "ESP from %s for unknown SPI 0x%08x; %s", peer, u->spi,
			v.why);
		if (!ikev2_send_liveness(s.established, &d))
			ike_log(s.established, "liveness: %s", d.msg);
		return;
	case UNKNOWN_SPI_INITIATE:
		llog("%s: ESP from %s for unknown SPI 0x%08x; %s: initiating",
		     connection_name(c, name), peer, u->spi, v.why);
		if (ike_initiate(c, NULL, &d) == NULL)
			llog("%s: initiation failed: %s", name, d.msg);
		return;
	}
}
