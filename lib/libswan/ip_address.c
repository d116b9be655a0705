/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Addresses: numeric parsing (inet_pton, after our own length and
 * character checks), RFC 5952 formatting, comparison, raw bytes.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ip_address.h"

/* Longest text an address can be: a full IPv6 with an IPv4 tail. */
#define ADDRESS_TEXT_MAX 45

bool ip_address_parse(const char *text, struct ip_address *out, struct diag *d)
{
	size_t len = strlen(text);

	*out = (struct ip_address){ 0 };
	if (len == 0)
		return diag(d, "empty address");
	if (len > ADDRESS_TEXT_MAX)
		return diag(d, "address \"%.48s...\" is too long", text);
	if (strspn(text, "0123456789abcdefABCDEF.:") != len) {
		if (strchr(text, '%') != NULL && strchr(text, ':') != NULL)
			return diag(d, "address \"%s\": scope ids are not supported", text);
		return diag(d, "\"%s\" is not a numeric IPv4 or IPv6 address (DNS names are not supported)",
			    text);
	}
	if (strchr(text, ':') != NULL) {
		if (inet_pton(AF_INET6, text, out->bytes) != 1)
			return diag(d, "\"%s\" is not a valid IPv6 address", text);
		out->family = AF_INET6;
		return true;
	}
	if (inet_pton(AF_INET, text, out->bytes) != 1)
		return diag(d, "\"%s\" is not a valid IPv4 address (use four decimal numbers 0-255, e.g. 192.0.2.1)",
			    text);
	out->family = AF_INET;
	return true;
}

static void fmt_ipv6(const uint8_t b[16], char *buf, size_t size)
{
	uint16_t w[8];
	int best = -1, best_len = 0;

	for (int i = 0; i < 8; i++)
		w[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
	/* RFC 5952 4.2: compress the longest run of two or more zero
	 * fields, the first one when runs tie. */
	for (int i = 0; i < 8;) {
		if (w[i] != 0) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && w[j] == 0)
			j++;
		if (j - i > best_len && j - i >= 2) {
			best = i;
			best_len = j - i;
		}
		i = j;
	}
	/* RFC 5952 5: IPv4-mapped addresses keep a dotted tail. */
	bool mapped = best == 0 && best_len == 5 && w[5] == 0xffff;
	size_t n = 0;
	int i = 0;
	buf[0] = '\0';
	while (i < 8 && n < size) {
		if (i == best) {
			n += snprintf(buf + n, size - n, "::");
			i += best_len;
			continue;
		}
		if (mapped && i == 6) {
			snprintf(buf + n, size - n, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
			return;
		}
		n += snprintf(buf + n, size - n, "%x%s", w[i],
			      i + 1 < 8 && i + 1 != best ? ":" : "");
		i++;
	}
}

const char *ip_address_fmt(const struct ip_address *a, char buf[IP_FMT_BUF])
{
	switch (a->family) {
	case AF_INET:
		snprintf(buf, IP_FMT_BUF, "%u.%u.%u.%u", a->bytes[0], a->bytes[1], a->bytes[2],
			 a->bytes[3]);
		break;
	case AF_INET6:
		fmt_ipv6(a->bytes, buf, IP_FMT_BUF);
		break;
	default:
		snprintf(buf, IP_FMT_BUF, "<unset>");
		break;
	}
	return buf;
}

struct ip_address ip_address_any(int family)
{
	struct ip_address a = { 0 };

	if (family == AF_INET || family == AF_INET6)
		a.family = (uint8_t)family;
	return a;
}

bool ip_address_is_set(const struct ip_address *a)
{
	return a->family == AF_INET || a->family == AF_INET6;
}

size_t ip_address_len(const struct ip_address *a)
{
	return a->family == AF_INET ? 4 : a->family == AF_INET6 ? 16 : 0;
}

bool ip_address_is_any(const struct ip_address *a)
{
	size_t n = ip_address_len(a);

	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (a->bytes[i] != 0)
			return false;
	}
	return true;
}

int ip_address_cmp(const struct ip_address *a, const struct ip_address *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, ip_address_len(a));
}

bool ip_address_eq(const struct ip_address *a, const struct ip_address *b)
{
	return ip_address_cmp(a, b) == 0;
}

struct bytes ip_address_bytes(const struct ip_address *a)
{
	return BYTES(a->bytes, ip_address_len(a));
}

bool ip_address_from_bytes(int family, struct bytes raw, struct ip_address *out, struct diag *d)
{
	size_t want = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;

	*out = (struct ip_address){ 0 };
	if (want == 0)
		return diag(d, "unknown address family %d", family);
	if (raw.len != want)
		return diag(d, "%s address must be %zu bytes, got %zu",
			    family == AF_INET ? "IPv4" : "IPv6", want, raw.len);
	out->family = (uint8_t)family;
	memcpy(out->bytes, raw.ptr, want);
	return true;
}
