/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Between xswan's address types and XFRM's: xfrm_address_t is a 16-byte
 * union whose IPv4 form uses the first 4 bytes, and a selector packs both
 * ends, their prefix lengths, a protocol and ports (network order, with
 * masks) into one struct.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/xfrm.h>

#include "kernel_xfrm.h"

bool xfrm_family_ok(unsigned family)
{
	return family == AF_INET || family == AF_INET6;
}

static size_t addr_len(unsigned family)
{
	return family == AF_INET ? 4 : 16;
}

static unsigned max_prefix(unsigned family)
{
	return family == AF_INET ? 32 : 128;
}

bool xfrm_addr_put(xfrm_address_t *x, const struct ip_address *a,
		   const char *what, struct diag *d)
{
	memset(x, 0, sizeof(*x));
	if (!xfrm_family_ok(a->family))
		return diag(d, "%s address is not IPv4 or IPv6 (family %u)",
			    what, (unsigned)a->family);
	memcpy(x, a->bytes, addr_len(a->family));
	return true;
}

bool xfrm_addr_get(struct ip_address *a, unsigned family,
		   const xfrm_address_t *x, const char *what, struct diag *d)
{
	memset(a, 0, sizeof(*a));
	if (!xfrm_family_ok(family))
		return diag(d, "%s: address family %u is not IPv4 or IPv6", what, family);
	a->family = (uint8_t)family;
	memcpy(a->bytes, x, addr_len(family));
	return true;
}

static bool check_selector(const struct ip_selector *s, unsigned family,
			   const char *what, struct diag *d)
{
	if (s->subnet.addr.family != family)
		return diag(d, "%s selector family %u differs from the other end's %u",
			    what, (unsigned)s->subnet.addr.family, family);
	if (s->subnet.prefix_len > max_prefix(family))
		return diag(d, "%s selector prefix /%u is too long",
			    what, (unsigned)s->subnet.prefix_len);
	if (s->port != 0 && s->ipproto == 0)
		return diag(d, "%s selector has port %u but no protocol",
			    what, (unsigned)s->port);
	return true;
}

bool xfrm_selector_put(struct xfrm_selector *s, const struct ip_selector *src,
		       const struct ip_selector *dst, struct diag *d)
{
	unsigned family = src->subnet.addr.family;

	memset(s, 0, sizeof(*s));
	if (!xfrm_family_ok(family))
		return diag(d, "source selector is not IPv4 or IPv6 (family %u)", family);
	if (!check_selector(src, family, "source", d) ||
	    !check_selector(dst, family, "destination", d))
		return false;
	if (src->ipproto != dst->ipproto && src->ipproto != 0 && dst->ipproto != 0)
		return diag(d, "selector protocols differ (%u and %u)",
			    (unsigned)src->ipproto, (unsigned)dst->ipproto);
	s->family = (uint16_t)family;
	memcpy(&s->saddr, src->subnet.addr.bytes, addr_len(family));
	memcpy(&s->daddr, dst->subnet.addr.bytes, addr_len(family));
	s->prefixlen_s = src->subnet.prefix_len;
	s->prefixlen_d = dst->subnet.prefix_len;
	s->proto = src->ipproto != 0 ? src->ipproto : dst->ipproto;
	if (src->port != 0) {
		s->sport = htons(src->port);
		s->sport_mask = 0xffff;
	}
	if (dst->port != 0) {
		s->dport = htons(dst->port);
		s->dport_mask = 0xffff;
	}
	return true;
}

bool xfrm_selector_get(const struct xfrm_selector *s, struct ip_selector *src,
		       struct ip_selector *dst, struct diag *d)
{
	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	if (!xfrm_addr_get(&src->subnet.addr, s->family, &s->saddr, "selector", d) ||
	    !xfrm_addr_get(&dst->subnet.addr, s->family, &s->daddr, "selector", d))
		return false;
	if (s->prefixlen_s > max_prefix(s->family) || s->prefixlen_d > max_prefix(s->family))
		return diag(d, "selector prefix /%u or /%u is too long for the family",
			    (unsigned)s->prefixlen_s, (unsigned)s->prefixlen_d);
	src->subnet.prefix_len = s->prefixlen_s;
	dst->subnet.prefix_len = s->prefixlen_d;
	src->ipproto = dst->ipproto = s->proto;
	/* A masked port is a single port; a partial mask is a range we
	 * cannot express, so report it as "any". */
	if (s->sport_mask == 0xffff)
		src->port = ntohs(s->sport);
	if (s->dport_mask == 0xffff)
		dst->port = ntohs(s->dport);
	return true;
}

struct xfrm_addr_text xfrm_addr_text(const struct ip_address *a)
{
	struct xfrm_addr_text t;

	if (!xfrm_family_ok(a->family) ||
	    inet_ntop(a->family, a->bytes, t.s, sizeof(t.s)) == NULL)
		snprintf(t.s, sizeof(t.s), "<unset>");
	return t;
}

struct xfrm_sel_text xfrm_sel_text(const struct ip_selector *s)
{
	struct xfrm_sel_text t;
	struct xfrm_addr_text a = xfrm_addr_text(&s->subnet.addr);

	if (s->ipproto != 0 || s->port != 0)
		snprintf(t.s, sizeof(t.s), "%s/%u:%u/%u", a.s,
			 (unsigned)s->subnet.prefix_len, (unsigned)s->ipproto,
			 (unsigned)s->port);
	else
		snprintf(t.s, sizeof(t.s), "%s/%u", a.s, (unsigned)s->subnet.prefix_len);
	return t;
}
