/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "id.h"

/* Printable ASCII without space or quote: what an FQDN, e-mail style
 * or text key ID may hold.  Keeps IDs safe to print in logs. */
static bool printable_name(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || c == '"')
			return false;
	}
	return true;
}

static bool set_name(struct id *id, enum id_kind kind, const char *s, size_t n,
		     const char *text, struct diag *d)
{
	if (n == 0)
		return diag(d, "ID \"%.64s\" has an empty name", text);
	if (n > ID_NAME_MAX)
		return diag(d, "ID \"%.64s...\" is longer than %d bytes", text, ID_NAME_MAX);
	id->kind = kind;
	id->len = (uint16_t)n;
	memcpy(id->name, s, n);
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool id_parse(const char *text, struct id *out, struct diag *d)
{
	size_t n = strlen(text);

	*out = (struct id){ 0 };
	if (n == 0)
		return diag(d, "empty ID");
	if (strcmp(text, "%none") == 0)
		return true;
	if (strcmp(text, "%any") == 0 || strcmp(text, "0.0.0.0") == 0 || strcmp(text, "::") == 0) {
		out->kind = ID_ANY;
		return true;
	}
	if (strcmp(text, "%null") == 0) {
		out->kind = ID_NULL;
		return true;
	}
	if (strcmp(text, "%fromcert") == 0) {
		out->kind = ID_FROMCERT;
		return true;
	}
	if (text[0] == '%')
		return diag(d, "ID \"%.64s\": unknown magic value (use %%any, %%null, %%fromcert or %%none)",
			    text);
	if (strchr(text, '=') != NULL) {
		/* A DN; Libreswan drops an optional leading "@". */
		const char *dn = text[0] == '@' ? text + 1 : text;
		for (const char *p = dn; *p != '\0'; p++) {
			if ((unsigned char)*p < ' ' || (unsigned char)*p >= 0x7f)
				return diag(d, "ID \"%.64s\": a DN must be printable ASCII", text);
		}
		return set_name(out, ID_DN, dn, strlen(dn), text, d);
	}
	if (strchr(text, '@') == NULL) {
		if (!ip_address_parse(text, &out->addr, d)) {
			diag(d, "ID \"%.64s\" is neither an address nor a name; write @%.64s for a name ID",
			     text, text);
			return false;
		}
		out->kind = out->addr.family == AF_INET ? ID_IPV4_ADDR : ID_IPV6_ADDR;
		return true;
	}
	if (strncmp(text, "@#", 2) == 0) {
		const char *hex = text + 2;
		size_t hn = strlen(hex);
		if (hn == 0 || hn % 2 != 0 || hn / 2 > ID_NAME_MAX)
			return diag(d, "ID \"%.64s\": a key ID @#HEX needs an even number of hex digits (at most %d bytes)",
				    text, ID_NAME_MAX);
		for (size_t i = 0; i < hn; i += 2) {
			int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);
			if (hi < 0 || lo < 0)
				return diag(d, "ID \"%.64s\": \"%c%c\" is not hex", text, hex[i], hex[i + 1]);
			out->name[i / 2] = (uint8_t)(hi << 4 | lo);
		}
		out->kind = ID_KEY_ID;
		out->len = (uint16_t)(hn / 2);
		return true;
	}
	if (strncmp(text, "@~", 2) == 0)
		return diag(d, "ID \"%.64s\": binary DNs (@~HEX) are not supported; write the DN as text", text);
	if (strncmp(text, "@[", 2) == 0) {
		const char *s = text + 2;
		size_t sn = strlen(s);
		if (sn > 0 && s[sn - 1] == ']')
			sn--;
		if (!printable_name(s, sn))
			return diag(d, "ID \"%.64s\": a key ID must be printable ASCII without spaces", text);
		return set_name(out, ID_KEY_ID, s, sn, text, d);
	}
	if (text[0] == '@') {
		if (text[1] == '@')
			return diag(d, "ID \"%.64s\": \"@@\" is not an ID form; use @NAME, @#HEX or @[TEXT]", text);
		if (!printable_name(text + 1, n - 1))
			return diag(d, "ID \"%.64s\": a name must be printable ASCII without spaces", text);
		return set_name(out, ID_FQDN, text + 1, n - 1, text, d);
	}
	if (!printable_name(text, n))
		return diag(d, "ID \"%.64s\": an e-mail style ID must be printable ASCII without spaces", text);
	return set_name(out, ID_USER_FQDN, text, n, text, d);
}

static bool key_id_is_text(const struct id *id)
{
	for (size_t i = 0; i < id->len; i++) {
		if (id->name[i] <= ' ' || id->name[i] >= 0x7f || id->name[i] == ']')
			return false;
	}
	return id->len > 0;
}

const char *id_fmt(const struct id *id, char buf[ID_FMT_BUF])
{
	switch (id->kind) {
	case ID_NONE:
		snprintf(buf, ID_FMT_BUF, "%%none");
		break;
	case ID_ANY:
		snprintf(buf, ID_FMT_BUF, "%%any");
		break;
	case ID_NULL:
		snprintf(buf, ID_FMT_BUF, "%%null");
		break;
	case ID_FROMCERT:
		snprintf(buf, ID_FMT_BUF, "%%fromcert");
		break;
	case ID_IPV4_ADDR:
	case ID_IPV6_ADDR: {
		char ab[IP_FMT_BUF];
		snprintf(buf, ID_FMT_BUF, "%s", ip_address_fmt(&id->addr, ab));
		break;
	}
	case ID_FQDN:
		snprintf(buf, ID_FMT_BUF, "@%.*s", (int)id->len, (const char *)id->name);
		break;
	case ID_USER_FQDN:
	case ID_DN:
		snprintf(buf, ID_FMT_BUF, "%.*s", (int)id->len, (const char *)id->name);
		break;
	case ID_KEY_ID:
		if (key_id_is_text(id)) {
			snprintf(buf, ID_FMT_BUF, "@[%.*s]", (int)id->len, (const char *)id->name);
		} else {
			size_t n = (size_t)snprintf(buf, ID_FMT_BUF, "@#");
			for (size_t i = 0; i < id->len && n + 3 <= ID_FMT_BUF; i++)
				n += (size_t)snprintf(buf + n, ID_FMT_BUF - n, "%02x", id->name[i]);
		}
		break;
	default:
		snprintf(buf, ID_FMT_BUF, "<bad id>");
		break;
	}
	return buf;
}

static size_t trim_dots(const struct id *id)
{
	size_t n = id->len;

	while (n > 0 && id->name[n - 1] == '.')
		n--;
	return n;
}

bool id_is_any(const struct id *id)
{
	return id->kind == ID_ANY ||
	       ((id->kind == ID_IPV4_ADDR || id->kind == ID_IPV6_ADDR) &&
		ip_address_is_any(&id->addr));
}

bool id_eq(const struct id *a, const struct id *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case ID_IPV4_ADDR:
	case ID_IPV6_ADDR:
		return ip_address_eq(&a->addr, &b->addr);
	case ID_FQDN:
	case ID_USER_FQDN: {
		size_t an = trim_dots(a), bn = trim_dots(b);
		return an == bn && strncasecmp((const char *)a->name, (const char *)b->name, an) == 0;
	}
	case ID_DN:
	case ID_KEY_ID:
		return a->len == b->len && memcmp(a->name, b->name, a->len) == 0;
	default:
		return true;	/* the magic kinds carry no value */
	}
}

struct id id_from_address(const struct ip_address *a)
{
	struct id id = { .addr = *a };

	id.kind = a->family == AF_INET6 ? ID_IPV6_ADDR : ID_IPV4_ADDR;
	return id;
}

uint8_t id_ike_type(const struct id *id)
{
	switch (id->kind) {
	case ID_IPV4_ADDR:
		return 1;	/* ID_IPV4_ADDR */
	case ID_FQDN:
		return 2;	/* ID_FQDN */
	case ID_USER_FQDN:
		return 3;	/* ID_RFC822_ADDR */
	case ID_IPV6_ADDR:
		return 5;	/* ID_IPV6_ADDR */
	case ID_DN:
		return 9;	/* ID_DER_ASN1_DN (needs DER encoding first) */
	case ID_KEY_ID:
		return 11;	/* ID_KEY_ID */
	case ID_NULL:
		return 13;	/* ID_NULL, RFC 7619 */
	default:
		return 0;
	}
}
