/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A snapshot of this host for orienting connections: its addresses
 * (getifaddrs) and its default routes (the main table as the kernel
 * prints it in /proc/net/route and /proc/net/ipv6_route).
 */
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "connection_resolve.h"
#include "log.h"

#define RTF_UP_FLAG 0x0001u
#define RTF_REJECT_FLAG 0x0200u

static bool parse_hex_u32(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;

	if (n == 0 || n > 8)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		unsigned digit;
		if (c >= '0' && c <= '9')
			digit = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			digit = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			digit = (unsigned)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | digit;
	}
	*out = v;
	return true;
}

/* Split LINE into at most MAX whitespace-separated fields (in place in a
 * copy); returns the count. */
static unsigned split_fields(char *copy, char *fields[], unsigned max)
{
	unsigned n = 0;
	char *save = NULL;

	for (char *tok = strtok_r(copy, " \t\n", &save); tok != NULL && n < max;
	     tok = strtok_r(NULL, " \t\n", &save))
		fields[n++] = tok;
	return n;
}

bool route_line_v4_default(const char *line, char ifname[32], struct ip_address *gateway)
{
	/* Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT */
	char copy[256], *f[11];
	uint32_t dest, gw, flags, mask;

	if (strlen(line) >= sizeof(copy))
		return false;
	strcpy(copy, line);
	if (split_fields(copy, f, 11) < 8)
		return false;
	if (!parse_hex_u32(f[1], strlen(f[1]), &dest) || !parse_hex_u32(f[2], strlen(f[2]), &gw) ||
	    !parse_hex_u32(f[3], strlen(f[3]), &flags) || !parse_hex_u32(f[7], strlen(f[7]), &mask))
		return false;	/* the header line, or garbage */
	if (dest != 0 || mask != 0 || !(flags & RTF_UP_FLAG) || (flags & RTF_REJECT_FLAG))
		return false;
	if (strlen(f[0]) >= 32)
		return false;
	strcpy(ifname, f[0]);
	/* The kernel prints the network-order word as a native integer, so
	 * its in-memory bytes are the address bytes. */
	memset(gateway, 0, sizeof(*gateway));
	if (gw != 0) {
		gateway->family = AF_INET;
		memcpy(gateway->bytes, &gw, 4);
	}
	return true;
}

static bool parse_hex_bytes(const char *s, uint8_t *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		uint32_t v;
		if (!parse_hex_u32(s + 2 * i, 2, &v))
			return false;
		out[i] = (uint8_t)v;
	}
	return true;
}

bool route_line_v6_default(const char *line, char ifname[32], struct ip_address *gateway)
{
	/* dest plen src plen nexthop metric refcnt use flags ifname */
	char copy[256], *f[10];
	uint8_t dest[16], nh[16];
	uint32_t plen, flags;
	static const uint8_t zero[16];

	if (strlen(line) >= sizeof(copy))
		return false;
	strcpy(copy, line);
	if (split_fields(copy, f, 10) < 10)
		return false;
	if (!parse_hex_bytes(f[0], dest, 16) || !parse_hex_u32(f[1], strlen(f[1]), &plen) ||
	    !parse_hex_bytes(f[4], nh, 16) || !parse_hex_u32(f[8], strlen(f[8]), &flags))
		return false;
	if (memcmp(dest, zero, 16) != 0 || plen != 0 || !(flags & RTF_UP_FLAG) ||
	    (flags & RTF_REJECT_FLAG) || strcmp(f[9], "lo") == 0)
		return false;
	if (strlen(f[9]) >= 32)
		return false;
	strcpy(ifname, f[9]);
	memset(gateway, 0, sizeof(*gateway));
	if (memcmp(nh, zero, 16) != 0) {
		gateway->family = AF_INET6;
		memcpy(gateway->bytes, nh, 16);
	}
	return true;
}

/* The default route of one family: the first usable line wins (the
 * kernel lists the main table in lookup order). */
static bool read_default_route(const char *path, int family, char ifname[32],
			       struct ip_address *gw)
{
	FILE *fp = fopen(path, "re");
	char line[256];
	bool found = false;

	if (fp == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), fp) != NULL) {
		found = family == AF_INET ? route_line_v4_default(line, ifname, gw)
					  : route_line_v6_default(line, ifname, gw);
	}
	fclose(fp);
	return found;
}

static bool is_link_local_v6(const struct ip_address *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

bool host_facts_gather(struct host_facts *f, struct diag *d)
{
	struct ifaddrs *ifa_list;
	char if4[32] = "", if6[32] = "";
	struct ip_address gw4, gw6;
	unsigned skipped = 0;

	memset(f, 0, sizeof(*f));
	if (getifaddrs(&ifa_list) < 0)
		return diag(d, "getifaddrs: %s", strerror(errno));
	bool have4 = read_default_route("/proc/net/route", AF_INET, if4, &gw4);
	bool have6 = read_default_route("/proc/net/ipv6_route", AF_INET6, if6, &gw6);

	for (struct ifaddrs *ifa = ifa_list; ifa != NULL; ifa = ifa->ifa_next) {
		struct ip_address a = { 0 };
		if (ifa->ifa_addr == NULL)
			continue;
		if (ifa->ifa_addr->sa_family == AF_INET) {
			const struct sockaddr_in *sin = (const void *)ifa->ifa_addr;
			a.family = AF_INET;
			memcpy(a.bytes, &sin->sin_addr, 4);
		} else if (ifa->ifa_addr->sa_family == AF_INET6) {
			const struct sockaddr_in6 *sin6 = (const void *)ifa->ifa_addr;
			a.family = AF_INET6;
			memcpy(a.bytes, &sin6->sin6_addr, 16);
		} else {
			continue;
		}
		if (f->nr_addrs < HOST_FACTS_MAX_ADDRS)
			f->addrs[f->nr_addrs++] = a;
		else
			skipped++;
		/* The default route's source: the first address of its
		 * device (a global one for IPv6). */
		if (have4 && a.family == AF_INET && !f->v4.present && strcmp(ifa->ifa_name, if4) == 0) {
			f->v4 = (struct default_route){ .present = true, .gateway = gw4, .source = a };
		}
		if (have6 && a.family == AF_INET6 && !f->v6.present && !is_link_local_v6(&a) &&
		    strcmp(ifa->ifa_name, if6) == 0) {
			f->v6 = (struct default_route){ .present = true, .gateway = gw6, .source = a };
		}
	}
	freeifaddrs(ifa_list);
	if (skipped > 0)
		llog("this host has more than %d addresses; %u of them are not considered when orienting connections",
		     HOST_FACTS_MAX_ADDRS, skipped);
	return true;
}
