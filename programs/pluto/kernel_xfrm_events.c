/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Events the kernel multicasts: ACQUIRE (a packet needs an SA), EXPIRE
 * (an SA hit a soft or hard limit), MAPPING (a NAT-T peer moved),
 * POLEXPIRE, and on the xswan kernel series UNKNOWN_SPI (kernel_xfrm_ext.c).  Each message is validated through its table
 * (kernel_xfrm_attrs.c), turned into a plain struct, then handed to the
 * daemon's callback.  A malformed message is logged and skipped; the rest
 * of the datagram is still read.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include <linux/xfrm.h>

#include "kernel_xfrm.h"
#include "log.h"

static bool dir_from_kernel(uint8_t kdir, enum kernel_policy_dir *dir,
			    const char *what, struct diag *d)
{
	switch (kdir) {
	case XFRM_POLICY_IN:
		*dir = KERNEL_POLICY_IN;
		return true;
	case XFRM_POLICY_OUT:
		*dir = KERNEL_POLICY_OUT;
		return true;
	case XFRM_POLICY_FWD:
		*dir = KERNEL_POLICY_FWD;
		return true;
	}
	return diag(d, "%s: policy direction %u is unknown", what, (unsigned)kdir);
}

static bool parse_acquire(const struct xfrm_msg *m, struct kernel_acquire *a,
			  struct diag *d)
{
	const struct xfrm_user_acquire *ua = m->fixed;
	const struct xfrm_selector *sel = &ua->sel;
	unsigned full;

	memset(a, 0, sizeof(*a));
	if (!xfrm_addr_get(&a->src, sel->family, &sel->saddr, "XFRM_MSG_ACQUIRE", d) ||
	    !xfrm_addr_get(&a->dst, sel->family, &sel->daddr, "XFRM_MSG_ACQUIRE", d))
		return false;
	/* The selector describes the one packet that triggered it: both
	 * ends must be single hosts, or it is not a packet tuple. */
	full = sel->family == AF_INET ? 32 : 128;
	if (sel->prefixlen_s != full || sel->prefixlen_d != full)
		return diag(d, "XFRM_MSG_ACQUIRE: selector /%u -> /%u is not a single packet's",
			    (unsigned)sel->prefixlen_s, (unsigned)sel->prefixlen_d);
	a->ipproto = sel->proto;
	if (sel->sport_mask != 0)
		a->sport = ntohs(sel->sport);
	if (sel->dport_mask != 0)
		a->dport = ntohs(sel->dport);
	if (!dir_from_kernel(ua->policy.dir, &a->policy_dir, "XFRM_MSG_ACQUIRE", d))
		return false;
	a->policy_index = ua->policy.index;
	a->seq = ua->seq;
	if (m->attr[XFRMA_TMPL] != NULL) {
		struct xfrm_user_tmpl t;

		/* Validated as a whole number of entries; the first names the
		 * SA the policy wants. */
		memcpy(&t, mnl_attr_get_payload(m->attr[XFRMA_TMPL]), sizeof(t));
		a->reqid = t.reqid;
	}
	return true;
}

static bool parse_expire(const struct xfrm_msg *m, struct kernel_expire *e,
			 struct diag *d)
{
	const struct xfrm_user_expire *ue = m->fixed;
	const struct xfrm_usersa_info *s = &ue->state;

	memset(e, 0, sizeof(*e));
	if (!xfrm_addr_get(&e->dst, s->family, &s->id.daddr, "XFRM_MSG_EXPIRE", d) ||
	    !xfrm_addr_get(&e->src, s->family, &s->saddr, "XFRM_MSG_EXPIRE", d))
		return false;
	e->spi = ntohl(s->id.spi);
	e->proto = s->id.proto;
	e->reqid = s->reqid;
	e->hard = ue->hard != 0;
	return true;
}

static bool parse_mapping(const struct xfrm_msg *m, struct kernel_mapping *mp,
			  struct diag *d)
{
	const struct xfrm_user_mapping *um = m->fixed;

	memset(mp, 0, sizeof(*mp));
	if (!xfrm_addr_get(&mp->dst, um->id.family, &um->id.daddr, "XFRM_MSG_MAPPING", d) ||
	    !xfrm_addr_get(&mp->old_addr, um->id.family, &um->old_saddr, "XFRM_MSG_MAPPING", d) ||
	    !xfrm_addr_get(&mp->new_addr, um->id.family, &um->new_saddr, "XFRM_MSG_MAPPING", d))
		return false;
	mp->spi = ntohl(um->id.spi);
	mp->proto = um->id.proto;
	mp->reqid = um->reqid;
	mp->old_port = ntohs(um->old_sport);
	mp->new_port = ntohs(um->new_sport);
	return true;
}

static bool parse_polexpire(const struct xfrm_msg *m, struct kernel_policy_expire *pe,
			    struct diag *d)
{
	const struct xfrm_user_polexpire *up = m->fixed;

	memset(pe, 0, sizeof(*pe));
	if (!xfrm_selector_get(&up->pol.sel, &pe->src, &pe->dst, d)) {
		diag_prefix(d, "XFRM_MSG_POLEXPIRE");
		return false;
	}
	if (!dir_from_kernel(up->pol.dir, &pe->dir, "XFRM_MSG_POLEXPIRE", d))
		return false;
	pe->index = up->pol.index;
	pe->hard = up->hard != 0;
	return true;
}

bool xfrm_parse_event(const struct nlmsghdr *nlh, size_t len,
		      struct kernel_event *ev, struct diag *d)
{
	struct xfrm_msg m;

	memset(ev, 0, sizeof(*ev));
	if (!xfrm_parse_msg(nlh, len, &m, d))
		return false;
	switch (nlh->nlmsg_type) {
	case XFRM_MSG_ACQUIRE:
		ev->kind = KERNEL_EVENT_ACQUIRE;
		return parse_acquire(&m, &ev->u.acquire, d);
	case XFRM_MSG_EXPIRE:
		ev->kind = KERNEL_EVENT_EXPIRE;
		return parse_expire(&m, &ev->u.expire, d);
	case XFRM_MSG_MAPPING:
		ev->kind = KERNEL_EVENT_MAPPING;
		return parse_mapping(&m, &ev->u.mapping, d);
	case XFRM_MSG_POLEXPIRE:
		ev->kind = KERNEL_EVENT_POLICY_EXPIRE;
		return parse_polexpire(&m, &ev->u.policy_expire, d);
	case XSWAN_XFRM_MSG_UNKNOWN_SPI:
		ev->kind = KERNEL_EVENT_UNKNOWN_SPI;
		return xfrm_parse_unknown_spi(&m, &ev->u.unknown_spi, d);
	}
	return diag(d, "%s is not an event", xfrm_msg_name(nlh->nlmsg_type));
}

void xfrm_dispatch_event(const struct kernel_event_handlers *h,
			 const struct kernel_event *ev)
{
	switch (ev->kind) {
	case KERNEL_EVENT_ACQUIRE: {
		const struct kernel_acquire *a = &ev->u.acquire;

		ldbg(DBG_KERNEL, "kernel: ACQUIRE %s -> %s proto %u ports %u -> %u reqid %u policy %u seq %u",
		     xfrm_addr_text(&a->src).s, xfrm_addr_text(&a->dst).s,
		     (unsigned)a->ipproto, (unsigned)a->sport, (unsigned)a->dport,
		     a->reqid, a->policy_index, a->seq);
		if (h->acquire != NULL)
			h->acquire(h->ctx, a);
		return;
	}
	case KERNEL_EVENT_EXPIRE: {
		const struct kernel_expire *e = &ev->u.expire;

		if (e->spi == 0) {
			/* A larval SA made for an ACQUIRE timed out: nothing
			 * of ours; the trap policy stays. */
			ldbg(DBG_KERNEL, "kernel: larval SA for reqid %u to %s expired",
			     e->reqid, xfrm_addr_text(&e->dst).s);
			return;
		}
		ldbg(DBG_KERNEL, "kernel: %s EXPIRE SPI 0x%08x proto %u dst %s reqid %u",
		     e->hard ? "hard" : "soft", e->spi, (unsigned)e->proto,
		     xfrm_addr_text(&e->dst).s, e->reqid);
		if (h->sa_expire != NULL)
			h->sa_expire(h->ctx, e);
		return;
	}
	case KERNEL_EVENT_MAPPING: {
		const struct kernel_mapping *mp = &ev->u.mapping;

		ldbg(DBG_KERNEL, "kernel: MAPPING SPI 0x%08x peer %s:%u -> %s:%u",
		     mp->spi, xfrm_addr_text(&mp->old_addr).s, (unsigned)mp->old_port,
		     xfrm_addr_text(&mp->new_addr).s, (unsigned)mp->new_port);
		if (h->mapping != NULL)
			h->mapping(h->ctx, mp);
		return;
	}
	case KERNEL_EVENT_POLICY_EXPIRE: {
		const struct kernel_policy_expire *pe = &ev->u.policy_expire;

		ldbg(DBG_KERNEL, "kernel: %s POLEXPIRE %s -> %s index %u",
		     pe->hard ? "hard" : "soft", xfrm_sel_text(&pe->src).s,
		     xfrm_sel_text(&pe->dst).s, pe->index);
		if (h->policy_expire != NULL)
			h->policy_expire(h->ctx, pe);
		return;
	}
	case KERNEL_EVENT_UNKNOWN_SPI: {
		const struct kernel_unknown_spi *u = &ev->u.unknown_spi;

		ldbg(DBG_KERNEL, "kernel: UNKNOWN_SPI %s -> %s proto %u SPI 0x%08x seq %u encap %u ports %u -> %u",
		     xfrm_addr_text(&u->src).s, xfrm_addr_text(&u->dst).s, (unsigned)u->proto,
		     u->spi, u->seq, (unsigned)u->encap, (unsigned)u->encap_sport,
		     (unsigned)u->encap_dport);
		if (h->unknown_spi != NULL)
			h->unknown_spi(h->ctx, u);
		return;
	}
	}
}

bool xfrm_process_datagram(const struct kernel_event_handlers *h,
			   const void *buf, size_t len, struct diag *d)
{
	const struct nlmsghdr *nlh;
	size_t off = 0;
	bool ok = true;

	while ((nlh = xfrm_next_msg(buf, len, &off)) != NULL) {
		struct kernel_event ev;
		struct diag md;
		/* Bytes from this message to the end of the datagram. */
		size_t mlen = len - (size_t)((const uint8_t *)nlh - (const uint8_t *)buf);

		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
		case NLMSG_DONE:
		case NLMSG_ERROR:
			break;
		case XFRM_MSG_ACQUIRE:
		case XFRM_MSG_EXPIRE:
		case XFRM_MSG_MAPPING:
		case XFRM_MSG_POLEXPIRE:
		case XSWAN_XFRM_MSG_UNKNOWN_SPI:
			if (xfrm_parse_event(nlh, mlen, &ev, &md)) {
				xfrm_dispatch_event(h, &ev);
			} else {
				llog("kernel: ignoring a malformed event: %s", md.msg);
				if (ok)
					*d = md;
				ok = false;
			}
			break;
		case XSWAN_XFRM_MSG_ACTIVATESA:
			if (!xfrm_aor_event(h, nlh, mlen, &md)) {
				llog("kernel: ignoring a malformed event: %s", md.msg);
				if (ok)
					*d = md;
				ok = false;
			}
			break;
		default:
			ldbg(DBG_KERNEL, "kernel: ignoring %s (type %u) on the event socket",
			     xfrm_msg_name(nlh->nlmsg_type), (unsigned)nlh->nlmsg_type);
			break;
		}
	}
	if (off < len) {
		llog("kernel: %zu stray bytes at the end of an event datagram", len - off);
		if (ok)
			diag(d, "event datagram: %zu stray bytes after the last message", len - off);
		ok = false;
	}
	return ok;
}
