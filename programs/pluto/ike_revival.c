/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a lost IKE SA leads to, per auto= (Libreswan's rule):
 *
 *   auto=start     the connection is supposed to stay up: initiate it
 *                  again ("revival"), with exponential backoff while the
 *                  peer stays unreachable;
 *   auto=ondemand  the trap policy comes back (connection_state_gone()
 *                  re-routes it when the last Child SA goes), so the
 *                  next packet negotiates again;
 *   auto=add       nothing: the connection stays loaded, down.
 *
 * An SA is "lost" when the peer stopped answering (liveness or
 * retransmit timeout) or deleted it; ipsec down, ipsec delete and
 * shutdown are not losses (ike_terminate_connection cancels revival).
 *
 * Backoff: attempt 1 starts at once, attempt N >= 2 after
 * delay * 2^(N-2), at most delay_max (Libreswan's 5 s and 300 s).  The
 * count restarts when an IKE SA of the connection is established.
 */
#include <stdlib.h>

#include <event2/event.h>

#include "connections.h"
#include "ikev2.h"
#include "log.h"

struct revival {
	struct connection *c;
	struct ike_env *env;
	unsigned attempts;		/* scheduled so far, since the last success */
	struct event *timer;
	struct revival *next;
};

static struct revival *revivals;

uint64_t ike_revival_delay_ms(uint64_t delay_ms, uint64_t max_ms, unsigned attempt)
{
	if (attempt <= 1)
		return 0;
	uint64_t d = delay_ms;
	for (unsigned i = 2; i < attempt && d < max_ms; i++)
		d *= 2;
	return d < max_ms ? d : max_ms;
}

static struct revival *find(const struct connection *c)
{
	for (struct revival *r = revivals; r != NULL; r = r->next)
		if (r->c == c)
			return r;
	return NULL;
}

static void forget(struct revival *r)
{
	for (struct revival **pp = &revivals; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	}
	if (r->timer != NULL)
		event_free(r->timer);
	free(r);
}

/* Another IKE SA of C is alive or negotiating: nothing to revive. */
static bool conn_has_ike_sa(const struct ike_env *env, const struct connection *c,
			    const struct ike_sa *except)
{
	for (unsigned b = 0; b < 256; b++)
		for (const struct ike_sa *o = env->spi_hash[b]; o != NULL; o = o->next_hash)
			if (o != except && o->c == c && o->state != IKE_STATE_DELETING)
				return true;
	return false;
}

static void revive_cb(evutil_socket_t fd, short what, void *arg)
{
	struct revival *r = arg;
	struct connection *c = r->c;
	char name[CONNECTION_NAME_BUF];
	struct diag d;

	if (conn_has_ike_sa(r->env, c, NULL))
		return;	/* someone brought it up meanwhile (ipsec up, the peer) */
	llog("%s: reviving connection which is supposed to remain up (attempt %u)",
	     connection_name(c, name), r->attempts);
	if (ike_initiate(c, NULL, &d) == NULL) {
		llog("%s: revival failed: %s", name, d.msg);
		ike_revival_schedule(r->env, c, 0);	/* try later, with backoff */
	}
}

bool ike_revival_wanted(const struct ike_sa *ike)
{
	const struct connection *c = ike->c;

	return ike->revive && c != NULL && c->config != NULL && !c->going_away &&
	       c->kind == CK_PERMANENT && c->config->autostart == AUTO_START &&
	       !conn_has_ike_sa(ike->env, c, ike);
}

void ike_revival_schedule(struct ike_env *env, struct connection *c, so_serial_t serial)
{
	struct revival *r = find(c);
	char name[CONNECTION_NAME_BUF];

	if (env->base == NULL)
		return;	/* no loop, no timers (unit tests without one) */
	if (r == NULL) {
		r = calloc(1, sizeof(*r));
		if (r == NULL)
			return;
		r->c = c;
		r->env = env;
		r->timer = evtimer_new(env->base, revive_cb, r);
		if (r->timer == NULL) {
			free(r);
			return;
		}
		r->next = revivals;
		revivals = r;
	}
	r->attempts++;
	uint64_t ms = ike_revival_delay_ms(env->revive_delay_ms ? env->revive_delay_ms
								 : IKE_REVIVE_DELAY_MS,
					   env->revive_delay_max_ms ? env->revive_delay_max_ms
								    : IKE_REVIVE_DELAY_MAX_MS,
					   r->attempts);
	char secs[32];
	/* Libreswan 4.10's words. */
	llog("%s #%lu: connection is supposed to remain up; revival attempt %u scheduled in "
	     "%s seconds", connection_name(c, name), serial, r->attempts, secs_fmt(ms, secs));
	struct timeval tv = { .tv_sec = (time_t)(ms / 1000),
			      .tv_usec = (suseconds_t)(ms % 1000) * 1000 };
	evtimer_add(r->timer, &tv);
}

unsigned ike_revival_attempts(const struct connection *c)
{
	const struct revival *r = find(c);

	return r != NULL ? r->attempts : 0;
}

bool ike_revival_pending(const struct connection *c)
{
	const struct revival *r = find(c);

	return r != NULL && r->timer != NULL && evtimer_pending(r->timer, NULL);
}

void ike_revival_cancel(const struct connection *c)
{
	struct revival *r = find(c);

	if (r != NULL)
		forget(r);
}

void ike_revival_forget_all(void)
{
	while (revivals != NULL)
		forget(revivals);
}
