/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * When SAs are rekeyed or replaced.
 *
 * Each established IKE SA and Child SA gets two events: REKEY at
 * lifetime - margin and REPLACE (the SA expires: deleted with a Delete)
 * at lifetime.  The margin follows Libreswan: the end that initiated
 * the exchange which made the SA uses rekeymargin * (100 + rnd(0..
 * rekeyfuzz)) / 100, the responder rekeymargin / 2, so the initiator
 * normally rekeys first and the peer's REKEY rarely collides with it.
 * rekey=no: REPLACE only.  An SA whose rekey the peer already started
 * ("superseded") keeps its REPLACE event as a safety net only.
 *
 * The kernel's byte/packet limits arrive as soft and hard expires: a
 * soft expire starts the Child SA's rekey now, a hard expire (the kernel
 * has removed the SA) deletes the Child SA and tells the peer.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "connections.h"
#include "crypto/crypto_nss.h"
#include "ikev2.h"
#include "ikev2_create_child.h"
#include "ikev2_rekey.h"
#include "kernel.h"
#include "log.h"

void rekey_child_superseded(struct child_sa *child);
void rekey_ike_superseded(struct ike_sa *ike);
void rekey_child_retry_later(struct child_sa *old, uint64_t ms);
void rekey_ike_retry_later(struct ike_sa *ike, uint64_t ms);

/* Libreswan's defaults, for SAs whose connection carries no config. */
#define DEFAULT_LIFETIME_MS (8ull * 3600 * 1000)
#define DEFAULT_MARGIN_MS (540ull * 1000)
#define DEFAULT_FUZZ_PERCENT 100

struct sa_timer {
	struct sa_timer *next;
	struct ike_sa *ike;		/* set for an IKE SA's timers */
	struct child_sa *child;		/* set for a Child SA's timers */
	struct event *rekey_ev, *replace_ev;
	bool initiator;
	bool superseded;
};

static struct sa_timer *timers;

uint64_t rekey_delay_ms(uint64_t lifetime_ms, uint64_t margin_ms, unsigned fuzz_percent,
			bool initiator, uint32_t rnd)
{
	uint64_t marg;

	if (initiator)
		marg = margin_ms * (100 + rnd % ((uint64_t)fuzz_percent + 1)) / 100;
	else
		marg = margin_ms / 2;
	return lifetime_ms > marg ? lifetime_ms - marg : 0;
}

/* x * pct / 100 without overflow for any 64-bit x (pct <= 100). */
static uint64_t percent_of(uint64_t x, unsigned pct)
{
	return x / 100 * pct + x % 100 * pct / 100;
}

uint64_t rekey_soft_limit(uint64_t hard, bool initiator, uint32_t rnd)
{
	if (hard == 0)
		return 0;
	/* Both fuzz ranges are 6.25% of HARD: the initiator's soft limit
	 * (25% up to 31.25%) stays below the responder's (43.75% up to
	 * 50%) whatever the random numbers. */
	uint64_t soft;
	if (initiator) {
		uint64_t share = percent_of(hard, 25);
		soft = share + rnd % (share / 4 + 1);
	} else {
		uint64_t share = percent_of(hard, 50);
		soft = share - rnd % (share / 8 + 1);
	}
	return soft == 0 ? 1 : soft;
}

/* One limit's soft value: without rekey= the SA just ends at HARD
 * (soft = hard: the kernel sends the hard expire first). */
static uint64_t soft_for(uint64_t hard, bool rekey, bool initiator)
{
	uint32_t rnd = 0;

	if (!rekey)
		return hard;
	if (!crypto_random(&rnd, sizeof(rnd)))
		rnd = 0;
	return rekey_soft_limit(hard, initiator, rnd);
}

void rekey_child_limits(struct child_sa *child, bool initiator)
{
	const struct conn_config *cfg = child->c != NULL ? child->c->config : NULL;

	child->kernel_limits = (struct kernel_lifetime){ 0 };
	if (cfg == NULL)
		return;
	child->kernel_limits.hard_bytes = cfg->ipsec_max_bytes;
	child->kernel_limits.soft_bytes = soft_for(cfg->ipsec_max_bytes, cfg->rekey, initiator);
	child->kernel_limits.hard_packets = cfg->ipsec_max_packets;
	child->kernel_limits.soft_packets = soft_for(cfg->ipsec_max_packets, cfg->rekey, initiator);
	if (cfg->ipsec_max_bytes != 0 || cfg->ipsec_max_packets != 0)
		ldbg(DBG_KERNEL, "#%lu: kernel limits: bytes soft %llu hard %llu, packets soft %llu hard %llu",
		     child->serial, (unsigned long long)child->kernel_limits.soft_bytes,
		     (unsigned long long)child->kernel_limits.hard_bytes,
		     (unsigned long long)child->kernel_limits.soft_packets,
		     (unsigned long long)child->kernel_limits.hard_packets);
}

static struct sa_timer *timer_find(const struct ike_sa *ike, const struct child_sa *child)
{
	for (struct sa_timer *t = timers; t != NULL; t = t->next)
		if ((ike != NULL && t->ike == ike) || (child != NULL && t->child == child))
			return t;
	return NULL;
}

static void timer_free(struct sa_timer *t)
{
	for (struct sa_timer **pp = &timers; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	if (t->rekey_ev != NULL)
		event_free(t->rekey_ev);
	if (t->replace_ev != NULL)
		event_free(t->replace_ev);
	free(t);
}

static void arm(struct event *ev, uint64_t ms)
{
	struct timeval tv = { .tv_sec = (time_t)(ms / 1000), .tv_usec = (suseconds_t)(ms % 1000) * 1000 };

	event_add(ev, &tv);
}

static const struct conn_config *config_of(const struct connection *c)
{
	return c != NULL ? c->config : NULL;
}

static void rekey_cb(evutil_socket_t fd, short what, void *arg);
static void replace_cb(evutil_socket_t fd, short what, void *arg);

/* Set up T's events (its env has a loop) for an SA of LIFETIME. */
static void schedule(struct sa_timer *t, struct event_base *base, const struct conn_config *cfg,
		     uint64_t lifetime_ms, const char *what, void (*log_fn)(struct sa_timer *, const char *))
{
	uint64_t margin = cfg != NULL ? cfg->rekeymargin_ms : DEFAULT_MARGIN_MS;
	unsigned fuzz = cfg != NULL ? cfg->rekeyfuzz_percent : DEFAULT_FUZZ_PERCENT;
	bool rekey = cfg == NULL || cfg->rekey;
	uint32_t rnd = 0;
	char line[160], a[32], b[32];

	if (lifetime_ms == 0)
		lifetime_ms = DEFAULT_LIFETIME_MS;
	if (t->initiator && fuzz > 0 && !crypto_random(&rnd, sizeof(rnd)))
		rnd = 0;
	uint64_t rekey_at = rekey ? rekey_delay_ms(lifetime_ms, margin, fuzz, t->initiator, rnd) : 0;

	t->replace_ev = evtimer_new(base, replace_cb, t);
	if (t->replace_ev != NULL)
		arm(t->replace_ev, lifetime_ms);
	if (rekey_at > 0) {
		t->rekey_ev = evtimer_new(base, rekey_cb, t);
		if (t->rekey_ev != NULL)
			arm(t->rekey_ev, rekey_at);
		snprintf(line, sizeof(line), "scheduling %s rekey in %ss, replace in %ss", what,
			 secs_fmt(rekey_at, a), secs_fmt(lifetime_ms, b));
	} else {
		snprintf(line, sizeof(line), "scheduling %s replace in %ss (%s)", what,
			 secs_fmt(lifetime_ms, b), rekey ? "margin exceeds the lifetime" : "rekey=no");
	}
	log_fn(t, line);
}

static void log_ike(struct sa_timer *t, const char *line)
{
	ldbg(DBG_BASE, "#%lu: %s", t->ike->serial, line);
}

static void log_child(struct sa_timer *t, const char *line)
{
	ldbg(DBG_BASE, "#%lu: %s", t->child->serial, line);
}

void rekey_ike_established_as(struct ike_sa *ike, bool initiator)
{
	if (ike->env == NULL || ike->env->base == NULL || timer_find(ike, NULL) != NULL)
		return;
	struct sa_timer *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return;
	t->ike = ike;
	t->initiator = initiator;
	t->next = timers;
	timers = t;
	const struct conn_config *cfg = config_of(ike->c);
	schedule(t, ike->env->base, cfg, cfg != NULL ? cfg->ikelifetime_ms : 0, "IKE SA", log_ike);
}

void rekey_child_established_as(struct child_sa *child, bool initiator)
{
	struct ike_env *env = child->ike->env;

	if (env == NULL || env->base == NULL || timer_find(NULL, child) != NULL)
		return;
	struct sa_timer *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return;
	t->child = child;
	t->initiator = initiator;
	t->next = timers;
	timers = t;
	const struct conn_config *cfg = config_of(child->c);
	schedule(t, env->base, cfg, cfg != NULL ? cfg->ipsec_lifetime_ms : 0, "Child SA", log_child);
}

void rekey_ike_established(struct ike_sa *ike)
{
	rekey_ike_established_as(ike, ike->role == SA_ROLE_INITIATOR);
}

void rekey_child_established(struct child_sa *child)
{
	/* An IKE_AUTH Child SA: its initiator is the IKE SA's. */
	rekey_child_established_as(child, child->ike->role == SA_ROLE_INITIATOR);
}

void rekey_ike_gone(struct ike_sa *ike)
{
	struct sa_timer *t = timer_find(ike, NULL);

	if (t != NULL)
		timer_free(t);
	ccs_forget_ike(ike);
}

void rekey_child_gone(struct child_sa *child)
{
	struct sa_timer *t = timer_find(NULL, child);

	if (t != NULL)
		timer_free(t);
	ccs_forget_child(child);
}

static void supersede(struct sa_timer *t)
{
	if (t == NULL)
		return;
	t->superseded = true;
	if (t->rekey_ev != NULL)
		event_del(t->rekey_ev);
}

void rekey_child_superseded(struct child_sa *child)
{
	supersede(timer_find(NULL, child));
}

void rekey_ike_superseded(struct ike_sa *ike)
{
	supersede(timer_find(ike, NULL));
}

static void retry_later(struct sa_timer *t, uint64_t ms)
{
	if (t == NULL || t->superseded || t->rekey_ev == NULL)
		return;
	arm(t->rekey_ev, ms);
}

void rekey_child_retry_later(struct child_sa *old, uint64_t ms)
{
	retry_later(timer_find(NULL, old), ms);
}

void rekey_ike_retry_later(struct ike_sa *ike, uint64_t ms)
{
	retry_later(timer_find(ike, NULL), ms);
}

/* The IKE SA is busy (one request at a time): try again soon. */
static bool busy(const struct ike_sa *ike)
{
	return ikev2_create_child_pending(ike) || ike->msgid.request_outstanding;
}

static void rekey_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sa_timer *t = arg;
	struct diag d;
	(void)fd;
	(void)what;

	if (t->superseded)
		return;
	if (t->ike != NULL) {
		if (t->ike->state != IKE_STATE_ESTABLISHED)
			return;
		if (busy(t->ike)) {
			arm(t->rekey_ev, REKEY_BUSY_RETRY_MS);
			return;
		}
		if (!ikev2_rekey_ike_initiate(t->ike, &d))
			ike_log(t->ike, "cannot rekey IKE SA: %s", d.msg);
		return;
	}
	struct child_sa *child = t->child;
	if (child->state != CHILD_STATE_ESTABLISHED)
		return;
	if (busy(child->ike)) {
		arm(t->rekey_ev, REKEY_BUSY_RETRY_MS);
		return;
	}
	if (!ikev2_rekey_child_initiate(child, &d))
		child_log(child, "cannot rekey Child SA: %s", d.msg);
}

static void replace_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sa_timer *t = arg;
	struct diag d;
	(void)fd;
	(void)what;

	if (t->ike != NULL) {
		ike_log(t->ike, "IKE SA expired (ikelifetime); deleting");
		/* Frees T. */
		ike_sa_delete_notify(t->ike);
		return;
	}
	struct child_sa *child = t->child;
	child_log(child, "Child SA expired (ipsec-lifetime); deleting");
	child->state = CHILD_STATE_DELETING;
	if (!ikev2_send_delete_child(child, &d))
		child_log(child, "cannot send Delete: %s", d.msg);
	child_sa_delete(child);	/* frees T */
}

/* ---- the kernel's expires ---- */

struct expire_search {
	struct ike_env *env;
	const struct kernel_expire *e;
	struct child_sa *found;
	bool inbound;
};

static bool match_expire(void *arg, const struct state_ref *st)
{
	struct expire_search *s = arg;
	struct child_sa *ch = st->child;

	if (ch == NULL || st->ike->env != s->env)
		return true;
	if (ch->spi_in == s->e->spi && ip_address_eq(&st->ike->local, &s->e->dst)) {
		s->found = ch;
		s->inbound = true;
		return false;
	}
	if (ch->spi_out == s->e->spi && ip_address_eq(&st->ike->remote, &s->e->dst)) {
		s->found = ch;
		s->inbound = false;
		return false;
	}
	return true;
}

void rekey_kernel_expire(struct ike_env *env, const struct kernel_expire *e)
{
	struct expire_search s = { .env = env, .e = e };
	struct diag d;

	if (env == NULL || e == NULL)
		return;
	states_visit(match_expire, &s);
	struct child_sa *child = s.found;
	if (child == NULL || child->state != CHILD_STATE_ESTABLISHED) {
		ldbg(DBG_KERNEL, "kernel expire for SPI 0x%08x: no established Child SA", e->spi);
		return;
	}
	if (e->hard) {
		child_log(child, "%s SA reached its hard limit; deleting the Child SA",
			  s.inbound ? "inbound" : "outbound");
		/* The kernel removed that SA already; child_uninstall's
		 * error for it is expected. */
		if (s.inbound)
			child->kernel_sa_in = false;
		else
			child->kernel_sa_out = false;
		child->state = CHILD_STATE_DELETING;
		if (!ikev2_send_delete_child(child, &d))
			child_log(child, "cannot send Delete: %s", d.msg);
		child_sa_delete(child);
		return;
	}
	struct sa_timer *t = timer_find(NULL, child);
	if (t != NULL && t->superseded)
		return;	/* the peer's rekey is under way */
	/* Both SAs of a Child SA under a ping reach their limits within
	 * a round trip: the second expire finds our rekey in flight. */
	const struct ccs_pending *p = ccs_pending_of(child->ike);
	if (p != NULL && p->kind == CCS_REKEY_CHILD && p->old_serial == child->serial) {
		child_log(child, "%s SA reached its soft limit; its rekey is under way",
			  s.inbound ? "inbound" : "outbound");
		return;
	}
	child_log(child, "%s SA reached its soft limit; rekeying", s.inbound ? "inbound" : "outbound");
	if (busy(child->ike)) {
		if (t != NULL && t->rekey_ev != NULL)
			arm(t->rekey_ev, REKEY_BUSY_RETRY_MS);
		return;
	}
	if (!ikev2_rekey_child_initiate(child, &d))
		child_log(child, "cannot rekey Child SA: %s", d.msg);
}

/* ---- whack ---- */

struct newest_child_search {
	so_serial_t serial;
	struct child_sa *found;
};

static bool match_serial(void *arg, const struct state_ref *st)
{
	struct newest_child_search *s = arg;

	if (st->child != NULL && st->child->serial == s->serial) {
		s->found = st->child;
		return false;
	}
	return true;
}

bool rekey_connection_now(struct connection *c, bool ike, struct diag *d)
{
	if (ike) {
		struct ike_sa *sa = c->newest_ike_sa != 0 ? ike_sa_by_serial(c->newest_ike_sa) : NULL;
		if (sa == NULL || sa->state != IKE_STATE_ESTABLISHED)
			return diag(d, "no established IKE SA to rekey");
		return ikev2_rekey_ike_initiate(sa, d);
	}
	struct newest_child_search s = { .serial = c->newest_child_sa };
	if (s.serial != 0)
		states_visit(match_serial, &s);
	if (s.found == NULL || s.found->state != CHILD_STATE_ESTABLISHED)
		return diag(d, "no established Child SA to rekey");
	return ikev2_rekey_child_initiate(s.found, d);
}
