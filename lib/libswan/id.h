/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE identities as ipsec.conf (leftid=) and ipsec.secrets write them,
 * Libreswan's syntax:
 *   192.0.2.1, 2001:db8::1   address IDs (ID_IPV4_ADDR / ID_IPV6_ADDR)
 *   @east.example            FQDN (ID_FQDN); "@" keeps it from DNS
 *   user@example.com         RFC 822 address (ID_RFC822_ADDR)
 *   @#0a1b2c                 key ID given in hex (ID_KEY_ID)
 *   @[GroupName]             key ID given as text (ID_KEY_ID)
 *   C=CH, O=Example, CN=x    distinguished name, kept as text
 *   %any (and 0.0.0.0)       any peer ID; %null  ID_NULL (RFC 7619)
 *   %fromcert                the DN of our certificate; %none  unset
 * A plain value: copy it freely.
 */
#ifndef XSWAN_ID_H
#define XSWAN_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ip_address.h"

enum id_kind {
	ID_NONE = 0,	/* unset: the end's address is used */
	ID_ANY,		/* %any: matches every peer ID */
	ID_NULL,	/* %null: AUTH_NULL identity */
	ID_FROMCERT,	/* %fromcert: resolved from the certificate later */
	ID_IPV4_ADDR,
	ID_IPV6_ADDR,
	ID_FQDN,
	ID_USER_FQDN,
	ID_DN,		/* text form, e.g. "C=CH, O=Example, CN=east" */
	ID_KEY_ID,
};

#define ID_NAME_MAX 255

struct id {
	enum id_kind kind;
	struct ip_address addr;		/* ID_IPV4_ADDR, ID_IPV6_ADDR */
	uint16_t len;			/* bytes used in name[] */
	uint8_t name[ID_NAME_MAX];	/* FQDN, USER_FQDN, DN text, KEY_ID bytes */
};

/* Big enough for id_fmt() of any ID (key IDs print as @#hex). */
#define ID_FMT_BUF (2 * ID_NAME_MAX + 8)

bool id_parse(const char *text, struct id *out, struct diag *d);
/* Libreswan's text form, reversible by id_parse(). */
const char *id_fmt(const struct id *id, char buf[ID_FMT_BUF]);
/* Same identity: names compare without case and trailing dots, as DNS
 * names do; key IDs byte for byte. */
bool id_eq(const struct id *a, const struct id *b);
/* %any, or the 0.0.0.0 / :: address IDs that mean the same. */
bool id_is_any(const struct id *id);
/* An address ID for A (what an unset leftid= becomes). */
struct id id_from_address(const struct ip_address *a);
/* The IKEv2 ID payload type (RFC 7296 3.5, RFC 7619); 0 when the ID
 * cannot be sent as it is (%any, %fromcert, unset). */
uint8_t id_ike_type(const struct id *id);

#endif
