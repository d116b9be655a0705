/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SPD messages (NEWPOLICY/UPDPOLICY, DELPOLICY), policy priorities, and
 * the per-socket bypass that keeps IKE's own packets out of the SPD.
 *
 * Priorities.  The kernel picks, among the policies whose selectors match
 * a packet, the one with the lowest priority value.  Two tunnels whose
 * subnets overlap (10.0.0.0/8 <-> 0/0 and 10.1.0.0/16 <-> 0/0) must send
 * 10.1.x.y through the narrower one, so the value falls as the selector
 * narrows:
 *
 *   specificity = 8 * (src prefix + dst prefix)
 *               + 4 if a protocol is given
 *               + 1 per port given (source, destination)
 *   priority    = band * 4096 + (4095 - specificity)
 *
 * Prefix bits dominate (one more bit outweighs protocol and both ports,
 * 4 + 2 < 8), as in strongSwan's scheme (peers.md §1); Libreswan instead
 * ranks ports and protocol above prefixes (libreswan.md §1.3).  We take
 * the address-first order because overlapping subnets are the common
 * case and protocol/port selectors narrow within a subnet.  Bands keep
 * kinds apart whatever the selectors: configured tunnels, pass and drop
 * (STATIC) before trap policies (ONDEMAND) before catch-alls (FALLBACK).
 * Values 0..4095 belong to an administrator's explicit priority.
 * Examples: 192.0.1.0/24 <-> 192.0.2.0/24 = 4096 + 4095 - 384 = 7807;
 * 0.0.0.0/0 <-> 0.0.0.0/0 = 8191; an IPv6 /64 <-> /64 = 4096 + 3071 = 7167.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/xfrm.h>

#include "kernel_xfrm.h"

uint32_t kernel_policy_priority(const struct ip_selector *src,
				const struct ip_selector *dst,
				enum kernel_priority_band band)
{
	unsigned spec = 8u * ((unsigned)src->subnet.prefix_len + dst->subnet.prefix_len);

	if (src->ipproto != 0 || dst->ipproto != 0)
		spec += 4;
	if (src->port != 0)
		spec += 1;
	if (dst->port != 0)
		spec += 1;
	/* 8 * 256 + 6 < 4096: never leaves the band. */
	return (uint32_t)band * KERNEL_PRIORITY_BAND_SIZE + (KERNEL_PRIORITY_BAND_SIZE - 1 - spec);
}

static bool policy_dir(enum kernel_policy_dir dir, uint8_t *out, struct diag *d)
{
	switch (dir) {
	case KERNEL_POLICY_IN:
		*out = XFRM_POLICY_IN;
		return true;
	case KERNEL_POLICY_OUT:
		*out = XFRM_POLICY_OUT;
		return true;
	case KERNEL_POLICY_FWD:
		*out = XFRM_POLICY_FWD;
		return true;
	}
	return diag(d, "policy direction %d is not in, out or fwd", (int)dir);
}

static bool put_template(struct xfrm_user_tmpl *t, const struct kernel_template *kt,
			 unsigned sel_family, struct diag *d)
{
	memset(t, 0, sizeof(*t));
	if (kt->proto != IPPROTO_ESP && kt->proto != IPPROTO_AH)
		return diag(d, "template protocol %u is not ESP or AH", (unsigned)kt->proto);
	t->id.proto = kt->proto;
	t->reqid = kt->reqid;
	t->aalgos = t->ealgos = t->calgos = ~0u;	/* any algorithm */
	switch (kt->mode) {
	case KERNEL_MODE_TUNNEL:
		/* The outer family may differ from the inner one (6in4). */
		if (!xfrm_addr_put(&t->id.daddr, &kt->dst, "tunnel destination", d) ||
		    !xfrm_addr_put(&t->saddr, &kt->src, "tunnel source", d))
			return false;
		if (kt->src.family != kt->dst.family)
			return diag(d, "tunnel endpoints' families differ");
		t->family = kt->dst.family;
		t->mode = XFRM_MODE_TUNNEL;
		return true;
	case KERNEL_MODE_TRANSPORT:
		t->family = (uint16_t)sel_family;
		t->mode = XFRM_MODE_TRANSPORT;
		return true;
	}
	return diag(d, "template mode %d is not tunnel or transport", (int)kt->mode);
}

static void put_mark(struct xfrm_req *r, const struct kernel_mark *mark)
{
	if (mark->mask != 0) {
		struct xfrm_mark m = { .v = mark->value, .m = mark->mask };

		xfrm_req_put(r, XFRMA_MARK, sizeof(m), &m);
	}
}

bool xfrm_build_policy(struct xfrm_req *r, const struct kernel_policy *kp,
		       bool replace, struct diag *d)
{
	struct xfrm_userpolicy_info *p;
	struct xfrm_user_tmpl tmpl[KERNEL_MAX_TEMPLATES];

	p = xfrm_req_start(r, replace ? XFRM_MSG_UPDPOLICY : XFRM_MSG_NEWPOLICY,
			   NLM_F_REQUEST | NLM_F_ACK, sizeof(*p));
	if (!xfrm_selector_put(&p->sel, &kp->src, &kp->dst, d) ||
	    !policy_dir(kp->dir, &p->dir, d))
		return false;
	p->lft.soft_byte_limit = p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = p->lft.hard_packet_limit = XFRM_INF;
	p->priority = kp->priority != 0 ? kp->priority
		: kernel_policy_priority(&kp->src, &kp->dst, KERNEL_PRIORITY_STATIC);
	p->share = XFRM_SHARE_ANY;

	switch (kp->action) {
	case KERNEL_POLICY_ALLOW:
		p->action = XFRM_POLICY_ALLOW;
		break;
	case KERNEL_POLICY_BLOCK:
		p->action = XFRM_POLICY_BLOCK;
		if (kp->ntemplates != 0)
			return diag(d, "a block policy has no templates");
		break;
	default:
		return diag(d, "policy action %d is not allow or block", (int)kp->action);
	}

	if (kp->ntemplates > KERNEL_MAX_TEMPLATES)
		return diag(d, "%u templates, at most %d", kp->ntemplates, KERNEL_MAX_TEMPLATES);
	for (unsigned i = 0; i < kp->ntemplates; i++) {
		if (!put_template(&tmpl[i], &kp->templates[i], p->sel.family, d)) {
			diag_prefix(d, "template %u", i);
			return false;
		}
	}
	if (kp->ntemplates > 0)
		xfrm_req_put(r, XFRMA_TMPL, kp->ntemplates * sizeof(tmpl[0]), tmpl);
	put_mark(r, &kp->mark);
	if (r->overflow)
		return diag(d, "policy request does not fit");
	return true;
}

bool xfrm_build_delpolicy(struct xfrm_req *r, const struct kernel_policy *kp,
			  struct diag *d)
{
	struct xfrm_userpolicy_id *p;

	p = xfrm_req_start(r, XFRM_MSG_DELPOLICY, NLM_F_REQUEST | NLM_F_ACK, sizeof(*p));
	if (!xfrm_selector_put(&p->sel, &kp->src, &kp->dst, d) ||
	    !policy_dir(kp->dir, &p->dir, d))
		return false;
	put_mark(r, &kp->mark);
	if (r->overflow)
		return diag(d, "policy request does not fit");
	return true;
}

/*
 * A per-socket policy with no template allows the socket's own packets
 * through unencrypted, in and out, whatever the SPD says: IKE must reach
 * the peer even when a policy covers the peer's address.
 */
bool xfrm_bypass_socket(int fd, int family, struct diag *d)
{
	struct xfrm_userpolicy_info pi;
	int level, name;
	static const struct {
		uint8_t dir;
		const char *name;
	} dirs[] = {
		{ XFRM_POLICY_IN, "in" },
		{ XFRM_POLICY_OUT, "out" },
	};

	switch (family) {
	case AF_INET:
		level = SOL_IP;
		name = IP_XFRM_POLICY;
		break;
	case AF_INET6:
		level = SOL_IPV6;
		name = IPV6_XFRM_POLICY;
		break;
	default:
		return diag(d, "bypass: socket family %d is not IPv4 or IPv6", family);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		memset(&pi, 0, sizeof(pi));
		pi.sel.family = (uint16_t)family;
		pi.lft.soft_byte_limit = pi.lft.hard_byte_limit = XFRM_INF;
		pi.lft.soft_packet_limit = pi.lft.hard_packet_limit = XFRM_INF;
		pi.action = XFRM_POLICY_ALLOW;
		pi.dir = dirs[i].dir;
		if (setsockopt(fd, level, name, &pi, sizeof(pi)) < 0)
			return diag(d, "bypass: %s policy on socket %d: %s",
				    dirs[i].name, fd, strerror(errno));
	}
	return true;
}
