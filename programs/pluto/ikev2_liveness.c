/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Timers on an IKE SA besides retransmission: dpddelay=/dpdtimeout=
 * liveness (RFC 7296 2.4: an empty INFORMATIONAL request when the peer
 * has been quiet for dpddelay; the SA goes when nothing authenticated
 * has arrived for dpdtimeout), and the responder's limit on half-open
 * SAs that never see an IKE_AUTH request.
 */
#include <event2/event.h>

#include "clock.h"
#include "connections.h"
#include "ikev2.h"
#include "log.h"

static void arm_ms(struct event *ev, uint64_t ms)
{
	struct timeval tv = { .tv_sec = (time_t)(ms / 1000),
			      .tv_usec = (suseconds_t)(ms % 1000) * 1000 };
	evtimer_add(ev, &tv);
}

static uint64_t dpd_delay(const struct ike_sa *ike)
{
	return ike->c != NULL && ike->c->config != NULL ? ike->c->config->dpddelay_ms : 0;
}

static uint64_t dpd_timeout(const struct ike_sa *ike)
{
	uint64_t t = ike->c != NULL && ike->c->config != NULL ? ike->c->config->dpdtimeout_ms : 0;

	/* Libreswan: dpdtimeout defaults to 120s when dpddelay is set. */
	return t != 0 ? t : 120000;
}

static void liveness_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ike_sa *ike = arg;
	uint64_t now = clock_mono_ms(), quiet = now - ike->last_contact_ms;
	struct diag d;

	if (ike->state != IKE_STATE_ESTABLISHED)
		return;
	if (quiet >= dpd_timeout(ike)) {
		char q[32], t[32];
		ike_log(ike, "liveness: no response from peer for %s seconds (dpdtimeout=%ss); "
			"deleting IKE SA", secs_fmt(quiet, q), secs_fmt(dpd_timeout(ike), t));
		/* The peer is gone: no Delete it could read; what follows
		 * depends on auto= (ike_revival.c). */
		ike->revive = true;
		ike->state = IKE_STATE_DELETING;
		ike_sa_delete(ike);
		return;
	}
	if (quiet >= dpd_delay(ike) && !ike->msgid.request_outstanding) {
		ldbg(DBG_BASE, "#%lu: liveness: peer quiet for %llu ms; sending an empty "
		     "INFORMATIONAL request", ike->serial, (unsigned long long)quiet);
		if (!ikev2_send_liveness(ike, &d))
			ike_log(ike, "liveness: %s", d.msg);
	}
	arm_ms(ike->liveness_timer, dpd_delay(ike));
}

void ike_liveness_start(struct ike_sa *ike)
{
	if (dpd_delay(ike) == 0 || ike->env->base == NULL || ike->liveness_timer != NULL)
		return;
	ike->last_contact_ms = clock_mono_ms();
	ike->liveness_timer = evtimer_new(ike->env->base, liveness_cb, ike);
	if (ike->liveness_timer != NULL)
		arm_ms(ike->liveness_timer, dpd_delay(ike));
}

static uint64_t half_open_ms(const struct ike_sa *ike)
{
	return ike->env->half_open_timeout_ms != 0 ? ike->env->half_open_timeout_ms
						   : IKE_HALF_OPEN_TIMEOUT_MS;
}

static void half_open_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ike_sa *ike = arg;

	if (ike->state != IKE_STATE_PARENT_R1)
		return;
	char t[32];
	ike_log(ike, "deleting half-open IKE SA: no IKE_AUTH request within %s seconds",
		secs_fmt(half_open_ms(ike), t));
	ike_sa_delete(ike);
}

void ike_half_open_timer(struct ike_sa *ike)
{
	if (ike->env->base == NULL || ike->lifetime_timer != NULL)
		return;
	ike->lifetime_timer = evtimer_new(ike->env->base, half_open_cb, ike);
	if (ike->lifetime_timer != NULL)
		arm_ms(ike->lifetime_timer, half_open_ms(ike));
}
