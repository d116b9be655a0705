/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NAT traversal after IKE_SA_INIT detected a NAT:
 *
 * - NAT keepalives (RFC 3948 2.3): while we are behind the NAT, one
 *   0xFF octet to the peer's 4500 every keep-alive= seconds (config
 *   setup; 20 by default), without the non-ESP marker, so the NAT keeps
 *   the mapping the ESP-in-UDP and IKE traffic use.  nat-keepalive=no
 *   turns it off per connection.  A peer that is not behind a NAT
 *   itself does not need them from us, so only the NATed side sends.
 *
 * - A new mapping (XFRM_MSG_MAPPING): the kernel saw authenticated ESP
 *   from the peer arrive from another address or port (its NAT rebooted
 *   or timed the old mapping out).  IKE follows the peer there, and the
 *   Child SAs of that IKE SA are re-added with the new encapsulation
 *   (child_migrate).
 */
#include <event2/event.h>

#include "connections.h"
#include "ikev2.h"
#include "log.h"

static uint64_t keepalive_ms(const struct ike_sa *ike)
{
	return ike->env->nat_keepalive_ms != 0 ? ike->env->nat_keepalive_ms
					       : (uint64_t)NAT_KEEPALIVE_DEFAULT_MS;
}

bool ike_nat_keepalive_wanted(const struct ike_sa *ike)
{
	const struct connection *c = ike->c;

	return ike->nat_detected_local && ike->natt &&
	       (c == NULL || c->config == NULL || c->config->nat_keepalive);
}

bool ike_send_nat_keepalive(struct ike_sa *ike, struct diag *d)
{
	static const uint8_t keepalive[1] = { 0xff };

	if (ike->env->send_raw == NULL)
		return diag(d, "no way to send a NAT keepalive");
	return ike->env->send_raw(ike->env, ike, keepalive, sizeof(keepalive), d);
}

static void keepalive_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ike_sa *ike = arg;
	struct diag d;

	if (ike->state != IKE_STATE_ESTABLISHED || !ike_nat_keepalive_wanted(ike))
		return;
	if (!ike_send_nat_keepalive(ike, &d))
		ldbg(DBG_BASE, "#%lu: NAT keepalive: %s", ike->serial, d.msg);
	uint64_t ms = keepalive_ms(ike);
	struct timeval tv = { .tv_sec = (time_t)(ms / 1000),
			      .tv_usec = (suseconds_t)(ms % 1000) * 1000 };
	evtimer_add(ike->keepalive_timer, &tv);
}

void ike_nat_keepalive_start(struct ike_sa *ike)
{
	if (!ike_nat_keepalive_wanted(ike) || ike->env->base == NULL ||
	    ike->keepalive_timer != NULL)
		return;
	ike->keepalive_timer = evtimer_new(ike->env->base, keepalive_cb, ike);
	if (ike->keepalive_timer == NULL)
		return;
	uint64_t ms = keepalive_ms(ike);
	struct timeval tv = { .tv_sec = (time_t)(ms / 1000),
			      .tv_usec = (suseconds_t)(ms % 1000) * 1000 };
	evtimer_add(ike->keepalive_timer, &tv);
}

void ike_kernel_mapping(struct ike_env *env, const struct kernel_mapping *m)
{
	struct ike_sa *ike = NULL;
	char o[IP_FMT_BUF], n[IP_FMT_BUF];

	/* The event names our inbound SA (destination us, our SPI). */
	for (unsigned b = 0; b < 256 && ike == NULL; b++)
		for (struct ike_sa *s = env->spi_hash[b]; s != NULL && ike == NULL; s = s->next_hash)
			if (child_sa_find_by_spi_in(s, m->spi) != NULL &&
			    ip_address_eq(&s->local, &m->dst))
				ike = s;
	if (ike == NULL) {
		ldbg(DBG_KERNEL, "kernel: mapping change for unknown SPI 0x%08x", m->spi);
		return;
	}
	if (!ike->natt || ike->state != IKE_STATE_ESTABLISHED ||
	    m->new_addr.family != ike->remote.family || m->new_port == 0) {
		ike_log(ike, "ignoring NAT mapping change for SPI 0x%08x: not a NAT-T IKE SA",
			m->spi);
		return;
	}
	if (ip_address_eq(&ike->remote, &m->new_addr) && ike->remote_port == m->new_port)
		return;	/* IKE moved there already (and migrated) */
	struct ip_address old_remote = ike->remote;
	ike_log(ike, "NAT mapping of the peer changed: %s -> %s; moving IKE and Child SAs",
		endpoint_fmt(&ike->remote, ike->remote_port, o),
		endpoint_fmt(&m->new_addr, m->new_port, n));
	ike->remote = m->new_addr;
	ike->remote_port = m->new_port;
	for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike) {
		struct diag d;
		if (ch->state != CHILD_STATE_ESTABLISHED || !ch->encap)
			continue;
		if (!child_migrate(ch, &old_remote, &d))
			child_log(ch, "cannot move the Child SA to the new mapping: %s", d.msg);
		else
			child_log(ch, "Child SA now uses %s", n);
	}
}
