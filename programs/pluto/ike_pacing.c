/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Initiation pacing: at most IKE_INITIATING_MAX of our IKE SAs are
 * between their first IKE_SA_INIT and being established; the others
 * wait, in the order they were asked for, and start as slots free.
 *
 * Why: `ipsec whack --initiate` of an alias, or a restart with many
 * auto=start connections, used to send every IKE_SA_INIT at once.  On a
 * host that cannot answer them all within the first retransmit interval
 * (the responder, or this host, busy with hundreds of DH computations)
 * the initiators retransmit, the responders answer twice, and the work
 * grows just when there is no time for it; past 30 half-open SAs an
 * xswan or strongSwan responder also asks every new one for a cookie,
 * one more round trip each.  A window keeps the pipe full without that.
 *
 * A slot is given back when the SA is established or deleted, and also
 * at its first retransmit: a peer that does not answer (down, or far
 * away) must not hold up initiations to the others for the whole
 * retransmit-timeout.  Without an event loop (some unit tests) there is
 * no pacing.
 */
#include <event2/event.h>

#include "ikev2.h"
#include "log.h"

_Static_assert(IKE_INITIATING_MAX < IKE_COOKIE_THRESHOLD,
	       "a burst of our own initiations must not put an xswan or strongSwan "
	       "responder into cookie mode by itself");

static unsigned window(const struct ike_env *env)
{
	return env->initiating_max != 0 ? env->initiating_max : IKE_INITIATING_MAX;
}

static void take_slot(struct ike_sa *ike)
{
	struct ike_env *env = ike->env;

	ike->pace_slot = true;
	env->initiating++;
	if (env->initiating > env->initiating_peak)
		env->initiating_peak = env->initiating;
}

static struct ike_sa *dequeue(struct ike_env *env)
{
	struct ike_sa *ike = env->pace_head;

	if (ike != NULL) {
		env->pace_head = ike->pace_next;
		if (env->pace_head == NULL)
			env->pace_tail = NULL;
		ike->pace_next = NULL;
		ike->pace_queued = false;
	}
	return ike;
}

/* Started from the loop, not from ike_pacing_release(): that runs inside
 * deletions and exchanges, which must not see a new exchange start. */
static void start_queued(evutil_socket_t fd, short what, void *arg)
{
	struct ike_env *env = arg;
	struct ike_sa *ike;

	env->pace_scheduled = false;
	while (env->initiating < window(env) && (ike = dequeue(env)) != NULL) {
		struct diag d = { "" };

		take_slot(ike);
		if (!ikev2_sa_init_initiate(ike, &d)) {
			ike_log(ike, "initiation failed: %s", d.msg);
			ike_sa_delete(ike);
		}
	}
}

bool ike_pacing_admit(struct ike_sa *ike)
{
	struct ike_env *env = ike->env;

	if (env->base == NULL)
		return true;
	if (env->initiating < window(env) && env->pace_head == NULL) {
		take_slot(ike);
		return true;
	}
	ike->pace_queued = true;
	if (env->pace_tail != NULL)
		env->pace_tail->pace_next = ike;
	else
		env->pace_head = ike;
	env->pace_tail = ike;
	ldbg(DBG_BASE, "#%lu: %u initiations in flight; waiting for one to finish",
	     ike->serial, env->initiating);
	return false;
}

void ike_pacing_release(struct ike_sa *ike)
{
	struct ike_env *env = ike->env;

	if (ike->pace_queued) {
		struct ike_sa **pp = &env->pace_head, *prev = NULL;

		while (*pp != NULL && *pp != ike) {
			prev = *pp;
			pp = &(*pp)->pace_next;
		}
		if (*pp == ike) {
			*pp = ike->pace_next;
			if (env->pace_tail == ike)
				env->pace_tail = prev;
		}
		ike->pace_next = NULL;
		ike->pace_queued = false;
		return;
	}
	if (!ike->pace_slot)
		return;
	ike->pace_slot = false;
	if (env->initiating > 0)
		env->initiating--;
	if (env->pace_head != NULL && !env->pace_scheduled && env->base != NULL) {
		static const struct timeval now = { 0, 0 };

		/* event_base_once's event frees itself, also when the base
		 * is freed before it fires. */
		if (event_base_once(env->base, -1, EV_TIMEOUT, start_queued, env, &now) == 0)
			env->pace_scheduled = true;
		else
			llog("cannot schedule queued IKE SA initiations: out of memory");
	}
}
