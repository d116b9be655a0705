/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What this backend instance installed, so that cleanup removes exactly
 * that.  Libreswan flushes the whole SAD and SPD at start and stop
 * (libreswan.md §1.6), which also destroys an administrator's own
 * entries and other daemons'; we never FLUSH.
 *
 * Identity is what the kernel keys on: (dst, SPI, proto, mark) for an SA,
 * (selectors, direction, mark) for a policy.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel_xfrm.h"

static bool addr_eq(const struct ip_address *a, const struct ip_address *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

static bool mark_eq(const struct kernel_mark *a, const struct kernel_mark *b)
{
	return a->value == b->value && a->mask == b->mask;
}

static bool sel_eq(const struct ip_selector *a, const struct ip_selector *b)
{
	return addr_eq(&a->subnet.addr, &b->subnet.addr) &&
	       a->subnet.prefix_len == b->subnet.prefix_len &&
	       a->ipproto == b->ipproto && a->port == b->port;
}

static bool said_eq(const struct kernel_said *a, const struct kernel_said *b)
{
	return addr_eq(&a->dst, &b->dst) && a->spi == b->spi &&
	       a->proto == b->proto && mark_eq(&a->mark, &b->mark);
}

static bool policy_eq(const struct xfrm_tracked_policy *a, const struct xfrm_tracked_policy *b)
{
	return sel_eq(&a->src, &b->src) && sel_eq(&a->dst, &b->dst) &&
	       a->dir == b->dir && mark_eq(&a->mark, &b->mark);
}

/* Make room for one more element; false when memory ran out. */
static bool grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap == 0 ? 16 : *cap * 2;
	void *p = reallocarray(*arr, ncap, elem);

	if (p == NULL)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

bool xfrm_track_sa(struct xfrm_track *t, const struct kernel_said *said)
{
	for (size_t i = 0; i < t->nsas; i++) {
		if (said_eq(&t->sas[i], said))
			return true;
	}
	if (!grow((void **)&t->sas, &t->sas_cap, t->nsas, sizeof(t->sas[0])))
		return false;
	t->sas[t->nsas++] = *said;
	return true;
}

bool xfrm_tracks_spi(const struct xfrm_track *t, const struct ip_address *dst, uint8_t proto,
		     uint32_t spi)
{
	for (size_t i = 0; i < t->nsas; i++) {
		const struct kernel_said *s = &t->sas[i];
		if (s->spi == spi && s->proto == proto && addr_eq(&s->dst, dst))
			return true;
	}
	return false;
}

void xfrm_untrack_sa(struct xfrm_track *t, const struct kernel_said *said)
{
	for (size_t i = 0; i < t->nsas; i++) {
		if (said_eq(&t->sas[i], said)) {
			t->sas[i] = t->sas[--t->nsas];
			return;
		}
	}
}

static struct xfrm_tracked_policy tracked(const struct kernel_policy *p)
{
	struct xfrm_tracked_policy tp;

	memset(&tp, 0, sizeof(tp));
	tp.src = p->src;
	tp.dst = p->dst;
	tp.dir = p->dir;
	tp.mark = p->mark;
	return tp;
}

bool xfrm_track_policy(struct xfrm_track *t, const struct kernel_policy *p)
{
	struct xfrm_tracked_policy tp = tracked(p);

	for (size_t i = 0; i < t->npolicies; i++) {
		if (policy_eq(&t->policies[i], &tp))
			return true;
	}
	if (!grow((void **)&t->policies, &t->policies_cap, t->npolicies, sizeof(tp)))
		return false;
	t->policies[t->npolicies++] = tp;
	return true;
}

void xfrm_untrack_policy(struct xfrm_track *t, const struct kernel_policy *p)
{
	struct xfrm_tracked_policy tp = tracked(p);

	for (size_t i = 0; i < t->npolicies; i++) {
		if (policy_eq(&t->policies[i], &tp)) {
			t->policies[i] = t->policies[--t->npolicies];
			return;
		}
	}
}

void xfrm_tracked_policy_to_policy(const struct xfrm_tracked_policy *tp,
				   struct kernel_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->src = tp->src;
	p->dst = tp->dst;
	p->dir = tp->dir;
	p->mark = tp->mark;
}

void xfrm_track_free(struct xfrm_track *t)
{
	free(t->sas);
	free(t->policies);
	memset(t, 0, sizeof(*t));
}
