/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Retired inbound SAs: a Child SA that was rekeyed (or that the peer
 * deleted) leaves pluto at once - its outbound SA, its state, its
 * timers, `ipsec trafficstatus` - but its inbound SA stays in the kernel
 * for a short grace period.  ESP the peer sent on the old SA before it
 * switched may still be on the wire, or overtaken by the Delete and its
 * answer on a link that delays or reorders (netem 200 ms +- 10 ms in the
 * rekey-loss bench: 4 datagrams in 20 rekeys hit XfrmInNoStates when the
 * inbound SA went with its Child SA).  A stock kernel has no way to tell
 * us that the last such packet has arrived, so a timer decides:
 *
 *   grace = max(RETIRE_GRACE_MIN_MS, RETIRE_RTT_MULTIPLE x the IKE SA's
 *           last measured round trip), at most RETIRE_GRACE_MAX_MS.
 *
 * 2 s covers a link ten times slower than the bench's 400 ms round trip;
 * the round-trip term stretches it for slower links (satellite, a busy
 * peer) without a configuration knob.  Anything left after a few RTTs
 * would be outside what any sender keeps in flight.
 *
 * Nothing here outlives its IKE SA: deleting the IKE SA (a peer's
 * Delete, `ipsec down`, shutdown) removes its retired SAs at once, and
 * an IKE SA rekey hands them to the new IKE SA with its Child SAs.  With
 * no event loop (some unit tests) or no kernel, retiring is deleting.
 */
#include <netinet/in.h>
#include <stdlib.h>

#include <event2/event.h>

#include "ikev2.h"
#include "ikev2_rekey.h"
#include "kernel.h"
#include "log.h"

struct retired_sa {
	struct retired_sa *next;
	struct ike_sa *ike;		/* removed with it */
	so_serial_t child_serial;	/* for the log */
	struct kernel_said said;
	struct event *timer;
};

static struct retired_sa *retired;

uint64_t child_retire_grace_ms(const struct ike_sa *ike)
{
	const struct ike_env *env = ike->env;
	uint64_t grace;

	if (env->retire_grace_ms != 0)
		return env->retire_grace_ms;	/* tests */
	grace = RETIRE_RTT_MULTIPLE * ike->rtt_ms;
	if (grace < RETIRE_GRACE_MIN_MS)
		grace = RETIRE_GRACE_MIN_MS;
	if (grace > RETIRE_GRACE_MAX_MS)
		grace = RETIRE_GRACE_MAX_MS;
	return grace;
}

/* Remove R's SA from the kernel, unlink and free R. */
static void retired_remove(struct retired_sa *r, const char *why)
{
	struct ike_env *env = r->ike->env;
	struct diag d;

	for (struct retired_sa **pp = &retired; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	}
	if (r->timer != NULL)
		event_free(r->timer);
	if (!env->kernel_ops->del_sa(env->kernel, &r->said, &d))
		ike_log(r->ike, "cannot remove retired inbound SA 0x%08x of #%lu: %s",
			r->said.spi, r->child_serial, d.msg);
	else
		ldbg(DBG_KERNEL, "#%lu: retired inbound SA 0x%08x removed (%s)",
		     r->child_serial, r->said.spi, why);
	free(r);
}

static void grace_over(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	retired_remove(arg, "grace period over");
}

void child_sa_retire(struct child_sa *child)
{
	struct ike_sa *ike = child->ike;
	struct ike_env *env = ike->env;
	struct retired_sa *r = NULL;

	if (child->kernel_sa_in && env->base != NULL && env->kernel_ops != NULL &&
	    env->kernel != NULL)
		r = calloc(1, sizeof(*r));
	if (r != NULL)
		r->timer = evtimer_new(env->base, grace_over, r);
	if (r == NULL || r->timer == NULL) {
		free(r);
		child_sa_delete(child);
		return;
	}
	r->ike = ike;
	r->child_serial = child->serial;
	r->said = (struct kernel_said){
		.src = ike->remote, .dst = ike->local, .spi = child->spi_in,
		.proto = IPPROTO_ESP,
	};
	child_kernel_mark(child, true, &r->said.mark);
	/* child_uninstall leaves an SA it does not own. */
	child->kernel_sa_in = false;
	child->spi_allocated = false;
	uint64_t ms = child_retire_grace_ms(ike);
	ldbg(DBG_KERNEL, "#%lu: inbound SA 0x%08x kept %llu ms for ESP in flight",
	     child->serial, child->spi_in, (unsigned long long)ms);
	child_sa_delete(child);
	struct timeval tv = { .tv_sec = (time_t)(ms / 1000),
			      .tv_usec = (suseconds_t)(ms % 1000) * 1000 };
	r->next = retired;
	retired = r;
	event_add(r->timer, &tv);
}

void child_retired_flush(struct ike_sa *ike)
{
	struct retired_sa *r;

	do {
		for (r = retired; r != NULL && r->ike != ike; r = r->next)
			;
		if (r != NULL)
			retired_remove(r, "IKE SA deleted");
	} while (r != NULL);
}

void child_retired_move(struct ike_sa *from, struct ike_sa *to)
{
	for (struct retired_sa *r = retired; r != NULL; r = r->next)
		if (r->ike == from)
			r->ike = to;
}

unsigned child_retired_count(const struct ike_sa *ike)
{
	unsigned n = 0;

	for (const struct retired_sa *r = retired; r != NULL; r = r->next)
		if (ike == NULL || r->ike == ike)
			n++;
	return n;
}
