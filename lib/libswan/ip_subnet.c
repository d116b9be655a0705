/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Subnets: ADDRESS/PREFIX.  Host bits set ("192.0.2.1/24") are refused,
 * not silently cleared: a typo in a traffic selector should stop the
 * administrator, not quietly protect a different network.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ip_address.h"

static unsigned family_bits(int family)
{
	return family == AF_INET ? 32 : family == AF_INET6 ? 128 : 0;
}

/* Keep the first PREFIX bits of A, clear the rest (or set them: LAST). */
static struct ip_address mask_address(const struct ip_address *a, unsigned prefix, bool last)
{
	struct ip_address r = *a;
	size_t n = ip_address_len(a);

	for (size_t i = 0; i < n; i++) {
		unsigned bit = (unsigned)i * 8;
		uint8_t keep = bit + 8 <= prefix ? 0xff : bit >= prefix ? 0 : (uint8_t)(0xff << (8 - (prefix - bit)));
		r.bytes[i] = last ? (uint8_t)(a->bytes[i] | ~keep) : (uint8_t)(a->bytes[i] & keep);
	}
	return r;
}

/* A dotted IPv4 netmask to a prefix length; -1 if not contiguous. */
static int mask_to_prefix(const struct ip_address *m)
{
	uint32_t v = (uint32_t)m->bytes[0] << 24 | (uint32_t)m->bytes[1] << 16 |
		     (uint32_t)m->bytes[2] << 8 | m->bytes[3];
	int n = 0;

	while (n < 32 && (v & (UINT32_C(1) << (31 - n))) != 0)
		n++;
	if (n < 32 && (v << n) != 0)
		return -1;
	return n;
}

bool ip_subnet_parse(const char *text, struct ip_subnet *out, struct diag *d)
{
	char addr_text[64];
	const char *slash = strchr(text, '/');

	*out = (struct ip_subnet){ 0 };
	if (slash == NULL)
		return diag(d, "subnet \"%.64s\" has no /PREFIX (for one host use ADDRESS/32 or ADDRESS/128)",
			    text);
	size_t alen = (size_t)(slash - text);
	if (alen >= sizeof(addr_text))
		return diag(d, "subnet \"%.64s...\" is too long", text);
	memcpy(addr_text, text, alen);
	addr_text[alen] = '\0';

	struct ip_address addr;
	if (!ip_address_parse(addr_text, &addr, d)) {
		diag_prefix(d, "subnet \"%.64s\"", text);
		return false;
	}

	const char *ptext = slash + 1;
	unsigned max = family_bits(addr.family);
	unsigned prefix;
	size_t digits = strspn(ptext, "0123456789");
	if (digits > 0 && digits <= 3 && ptext[digits] == '\0') {
		prefix = (unsigned)strtoul(ptext, NULL, 10);
		if (prefix > max)
			return diag(d, "subnet \"%.64s\": prefix length %u is more than %u", text,
				    prefix, max);
	} else if (addr.family == AF_INET && digits > 0 && strchr(ptext, '.') != NULL) {
		struct ip_address m;
		int n;
		if (!ip_address_parse(ptext, &m, d) || m.family != AF_INET ||
		    (n = mask_to_prefix(&m)) < 0)
			return diag(d, "subnet \"%.64s\": \"%.20s\" is not a contiguous netmask", text,
				    ptext);
		prefix = (unsigned)n;
	} else {
		return diag(d, "subnet \"%.64s\": prefix length \"%.20s\" must be a number 0-%u", text,
			    ptext, max);
	}

	struct ip_address net = mask_address(&addr, prefix, false);
	if (!ip_address_eq(&net, &addr)) {
		char nb[IP_FMT_BUF];
		return diag(d, "subnet \"%.64s\" has host bits set; did you mean %s/%u?", text,
			    ip_address_fmt(&net, nb), prefix);
	}
	out->addr = addr;
	out->prefix_len = (uint8_t)prefix;
	return true;
}

const char *ip_subnet_fmt(const struct ip_subnet *s, char buf[IP_FMT_BUF])
{
	char ab[IP_FMT_BUF];

	if (!ip_address_is_set(&s->addr))
		snprintf(buf, IP_FMT_BUF, "<unset>");
	else
		snprintf(buf, IP_FMT_BUF, "%s/%u", ip_address_fmt(&s->addr, ab), s->prefix_len);
	return buf;
}

struct ip_subnet ip_subnet_from_address(const struct ip_address *a)
{
	return (struct ip_subnet){ .addr = *a, .prefix_len = (uint8_t)family_bits(a->family) };
}

struct ip_subnet ip_subnet_all(int family)
{
	return (struct ip_subnet){ .addr = ip_address_any(family), .prefix_len = 0 };
}

bool ip_subnet_is_all(const struct ip_subnet *s)
{
	return ip_address_is_set(&s->addr) && s->prefix_len == 0;
}

bool ip_subnet_is_host(const struct ip_subnet *s)
{
	return ip_address_is_set(&s->addr) && s->prefix_len == family_bits(s->addr.family);
}

bool ip_subnet_eq(const struct ip_subnet *a, const struct ip_subnet *b)
{
	return a->prefix_len == b->prefix_len && ip_address_eq(&a->addr, &b->addr);
}

bool ip_subnet_contains_address(const struct ip_subnet *s, const struct ip_address *a)
{
	if (!ip_address_is_set(&s->addr) || s->addr.family != a->family ||
	    s->prefix_len > family_bits(a->family))
		return false;
	struct ip_address net = mask_address(a, s->prefix_len, false);
	return ip_address_eq(&net, &s->addr);
}

bool ip_subnet_contains_subnet(const struct ip_subnet *outer, const struct ip_subnet *inner)
{
	return inner->prefix_len >= outer->prefix_len &&
	       ip_subnet_contains_address(outer, &inner->addr);
}

struct ip_address ip_subnet_first(const struct ip_subnet *s)
{
	return mask_address(&s->addr, s->prefix_len, false);
}

struct ip_address ip_subnet_last(const struct ip_subnet *s)
{
	return mask_address(&s->addr, s->prefix_len, true);
}
