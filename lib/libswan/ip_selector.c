/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Protocol/port pairs (leftprotoport=) and selectors (subnet narrowed
 * by protocol and port).  Protocol names come from a built-in table so
 * that parsing does not depend on the host's /etc/protocols.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ip_address.h"

static const struct {
	const char *name;
	uint8_t ipproto;
} protocols[] = {
	{ "icmp", 1 },
	{ "igmp", 2 },
	{ "tcp", 6 },
	{ "udp", 17 },
	{ "gre", 47 },
	{ "esp", 50 },
	{ "ah", 51 },
	{ "ipv6-icmp", 58 },
	{ "icmpv6", 58 },	/* alias */
	{ "sctp", 132 },
	{ "udplite", 136 },
};

#define PROTOCOL_COUNT (sizeof(protocols) / sizeof(protocols[0]))

int ip_protocol_parse(const char *name)
{
	size_t digits = strspn(name, "0123456789");

	if (digits > 0 && digits <= 3 && name[digits] == '\0') {
		unsigned long v = strtoul(name, NULL, 10);
		return v <= 255 ? (int)v : -1;
	}
	for (size_t i = 0; i < PROTOCOL_COUNT; i++) {
		if (strcasecmp(protocols[i].name, name) == 0)
			return protocols[i].ipproto;
	}
	return -1;
}

const char *ip_protocol_name(uint8_t ipproto)
{
	for (size_t i = 0; i < PROTOCOL_COUNT; i++) {
		if (protocols[i].ipproto == ipproto)
			return protocols[i].name;
	}
	return NULL;
}

bool ip_protoport_parse(const char *text, struct ip_protoport *out, struct diag *d)
{
	char proto_text[32];
	const char *slash = strchr(text, '/');
	size_t plen = slash != NULL ? (size_t)(slash - text) : strlen(text);

	*out = (struct ip_protoport){ 0 };
	if (strcmp(text, "%any") == 0)
		return true;	/* any protocol, any port */
	if (plen == 0 || plen >= sizeof(proto_text))
		return diag(d, "protoport \"%.40s\": expected PROTOCOL or PROTOCOL/PORT (e.g. tcp/22, 17/%%any, icmp)",
			    text);
	memcpy(proto_text, text, plen);
	proto_text[plen] = '\0';
	int proto = ip_protocol_parse(proto_text);
	if (proto < 0)
		return diag(d, "protoport \"%.40s\": unknown protocol \"%s\" (use a number 0-255 or tcp, udp, icmp, ipv6-icmp, sctp, gre, ...)",
			    text, proto_text);
	out->ipproto = (uint8_t)proto;
	if (slash == NULL || slash[1] == '\0')
		return true;	/* "tcp" and "tcp/" mean every port */

	const char *port_text = slash + 1;
	if (strcmp(port_text, "%any") == 0) {
		if (proto == 0)
			return diag(d, "protoport \"%.40s\": a port wildcard needs a protocol", text);
		out->any_port = true;
		return true;
	}
	size_t digits = strspn(port_text, "0123456789");
	if (digits == 0 || digits > 5 || port_text[digits] != '\0')
		return diag(d, "protoport \"%.40s\": port \"%.20s\" must be a number 0-65535 or %%any (service names are not supported)",
			    text, port_text);
	unsigned long port = strtoul(port_text, NULL, 10);
	if (port > 65535)
		return diag(d, "protoport \"%.40s\": port %lu is more than 65535", text, port);
	if (proto == 0 && port != 0)
		return diag(d, "protoport \"%.40s\": protocol 0 (any) cannot have a port", text);
	out->port = (uint16_t)port;
	return true;
}

const char *ip_protoport_fmt(const struct ip_protoport *pp, char buf[IP_FMT_BUF])
{
	const char *name = ip_protocol_name(pp->ipproto);
	char num[8];

	if (name == NULL) {
		snprintf(num, sizeof(num), "%u", pp->ipproto);
		name = num;
	}
	if (pp->ipproto == 0)
		snprintf(buf, IP_FMT_BUF, "%%any");
	else if (pp->any_port)
		snprintf(buf, IP_FMT_BUF, "%s/%%any", name);
	else if (pp->port != 0)
		snprintf(buf, IP_FMT_BUF, "%s/%u", name, pp->port);
	else
		snprintf(buf, IP_FMT_BUF, "%s", name);
	return buf;
}

struct ip_selector ip_selector_from_subnet(const struct ip_subnet *s, const struct ip_protoport *pp)
{
	struct ip_selector sel = { .subnet = *s };

	if (pp != NULL) {
		sel.ipproto = pp->ipproto;
		sel.port = pp->port;
	}
	return sel;
}

bool ip_selector_parse(const char *text, struct ip_selector *out, struct diag *d)
{
	char subnet_text[80];
	/* IPv6 subnets contain ':' too; the protocol part follows the
	 * prefix length, so look for ':' after the '/'. */
	const char *slash = strchr(text, '/');
	const char *colon = slash != NULL ? strchr(slash, ':') : NULL;
	size_t slen = colon != NULL ? (size_t)(colon - text) : strlen(text);

	*out = (struct ip_selector){ 0 };
	if (slen >= sizeof(subnet_text))
		return diag(d, "selector \"%.64s...\" is too long", text);
	memcpy(subnet_text, text, slen);
	subnet_text[slen] = '\0';
	if (!ip_subnet_parse(subnet_text, &out->subnet, d))
		return false;
	if (colon != NULL) {
		struct ip_protoport pp;
		if (!ip_protoport_parse(colon + 1, &pp, d))
			return false;
		out->ipproto = pp.ipproto;
		out->port = pp.port;
	}
	return true;
}

const char *ip_selector_fmt(const struct ip_selector *sel, char buf[IP_FMT_BUF])
{
	char sb[IP_FMT_BUF], pb[IP_FMT_BUF];
	struct ip_protoport pp = { .ipproto = sel->ipproto, .port = sel->port };

	ip_subnet_fmt(&sel->subnet, sb);
	if (sel->ipproto == 0)
		snprintf(buf, IP_FMT_BUF, "%s", sb);
	else
		snprintf(buf, IP_FMT_BUF, "%.48s:%.24s", sb, ip_protoport_fmt(&pp, pb));
	return buf;
}

bool ip_selector_eq(const struct ip_selector *a, const struct ip_selector *b)
{
	return ip_subnet_eq(&a->subnet, &b->subnet) && a->ipproto == b->ipproto &&
	       a->port == b->port;
}

bool ip_selector_contains(const struct ip_selector *outer, const struct ip_selector *inner)
{
	if (!ip_subnet_contains_subnet(&outer->subnet, &inner->subnet))
		return false;
	if (outer->ipproto != 0 && outer->ipproto != inner->ipproto)
		return false;
	if (outer->port != 0 && outer->port != inner->port)
		return false;
	return true;
}
