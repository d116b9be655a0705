/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Addresses, subnets and selectors: the value types every part of xswan
 * passes around (config, IKE traffic selectors, the kernel backend).
 * Plain values, copied freely; family 0 means "unset".
 *
 * Parsing and formatting functions live beside these types (ip_*.c).
 */
#ifndef XSWAN_IP_ADDRESS_H
#define XSWAN_IP_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "diag.h"

struct ip_address {
	uint8_t family;		/* 0 (unset), AF_INET or AF_INET6 */
	uint8_t bytes[16];	/* network order; IPv4 uses the first 4 */
};

struct ip_subnet {
	struct ip_address addr;	/* host bits are zero */
	uint8_t prefix_len;	/* 0..32 or 0..128 */
};

/* A subnet narrowed by protocol and port, as ipsec.conf's
 * leftsubnet= + leftprotoport= and a kernel selector express it. */
struct ip_selector {
	struct ip_subnet subnet;
	uint8_t ipproto;	/* 0 = any */
	uint16_t port;		/* host order; 0 = any */
};

/* A protocol and port as ipsec.conf's leftprotoport= says it:
 * "tcp/22", "17/%any", "icmp".  any_port distinguishes "17/%any" (the
 * peer may narrow to one port) from "17" (port 0, all ports). */
struct ip_protoport {
	uint8_t ipproto;	/* 0 = any protocol */
	uint16_t port;		/* host order; 0 = any */
	bool any_port;		/* written as PROTO/%any */
};

/* Big enough for any address, subnet or selector this file formats. */
#define IP_FMT_BUF 80

/* ---- addresses (ip_address.c) ---- */

/* Numeric IPv4 ("192.0.2.1") or IPv6 ("2001:db8::1"); no DNS names,
 * no scope ids.  False with D filled on anything else. */
bool ip_address_parse(const char *text, struct ip_address *out, struct diag *d);
/* "192.0.2.1", "2001:db8::1" (RFC 5952), "<unset>" for family 0. */
const char *ip_address_fmt(const struct ip_address *a, char buf[IP_FMT_BUF]);
struct ip_address ip_address_any(int family);	/* 0.0.0.0 or :: */
bool ip_address_is_set(const struct ip_address *a);
bool ip_address_is_any(const struct ip_address *a);	/* 0.0.0.0 or :: */
size_t ip_address_len(const struct ip_address *a);	/* 4, 16, or 0 */
/* Orders by family then bytes; unset sorts first. */
int ip_address_cmp(const struct ip_address *a, const struct ip_address *b);
bool ip_address_eq(const struct ip_address *a, const struct ip_address *b);
/* The raw network-order bytes (a view into A). */
struct bytes ip_address_bytes(const struct ip_address *a);
/* From 4 bytes (IPv4) or 16 bytes (IPv6) off the wire or the kernel. */
bool ip_address_from_bytes(int family, struct bytes raw, struct ip_address *out,
			   struct diag *d);

/* ---- subnets (ip_subnet.c) ---- */

/* "192.0.2.0/24", "2001:db8::/32", "0.0.0.0/0", "::/0"; IPv4 also takes
 * a dotted mask ("192.0.2.0/255.255.255.0").  Host bits set is an
 * error that names the subnet meant. */
bool ip_subnet_parse(const char *text, struct ip_subnet *out, struct diag *d);
const char *ip_subnet_fmt(const struct ip_subnet *s, char buf[IP_FMT_BUF]);
/* A /32 or /128 around A. */
struct ip_subnet ip_subnet_from_address(const struct ip_address *a);
struct ip_subnet ip_subnet_all(int family);	/* 0.0.0.0/0 or ::/0 */
bool ip_subnet_is_all(const struct ip_subnet *s);
bool ip_subnet_is_host(const struct ip_subnet *s);
bool ip_subnet_eq(const struct ip_subnet *a, const struct ip_subnet *b);
bool ip_subnet_contains_address(const struct ip_subnet *s, const struct ip_address *a);
/* INNER lies wholly inside OUTER (same family, longer or equal prefix). */
bool ip_subnet_contains_subnet(const struct ip_subnet *outer, const struct ip_subnet *inner);
/* Lowest and highest address of S (for traffic selectors). */
struct ip_address ip_subnet_first(const struct ip_subnet *s);
struct ip_address ip_subnet_last(const struct ip_subnet *s);

/* ---- protocols, ports, selectors (ip_selector.c) ---- */

/* "tcp/22", "17/%any", "icmp", "udp/0", "%any"; names from a built-in
 * table (tcp, udp, icmp, ipv6-icmp, sctp, gre, ...), ports numeric. */
bool ip_protoport_parse(const char *text, struct ip_protoport *out, struct diag *d);
const char *ip_protoport_fmt(const struct ip_protoport *pp, char buf[IP_FMT_BUF]);
/* Protocol number for NAME ("tcp" -> 6) or a decimal; -1 if unknown. */
int ip_protocol_parse(const char *name);
const char *ip_protocol_name(uint8_t ipproto);	/* NULL if not in the table */

struct ip_selector ip_selector_from_subnet(const struct ip_subnet *s,
					   const struct ip_protoport *pp);
/* "SUBNET" or "SUBNET:PROTO/PORT" (the same grammar ip_selector_fmt prints). */
bool ip_selector_parse(const char *text, struct ip_selector *out, struct diag *d);
const char *ip_selector_fmt(const struct ip_selector *sel, char buf[IP_FMT_BUF]);
bool ip_selector_eq(const struct ip_selector *a, const struct ip_selector *b);
/* Every packet INNER matches, OUTER matches too. */
bool ip_selector_contains(const struct ip_selector *outer, const struct ip_selector *inner);

#endif
