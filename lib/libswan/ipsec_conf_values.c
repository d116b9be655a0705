/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Turning one KEY=VALUE into a typed field: one converter per value
 * type of the keyword table.  Errors say what the value should look
 * like; the caller puts "FILE:LINE: " in front.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "ipsec_conf_internal.h"
#include "log.h"

_Static_assert(sizeof(enum conn_auto) == sizeof(unsigned), "enums are stored as unsigned");
_Static_assert(sizeof(enum conn_type) == sizeof(unsigned), "enums are stored as unsigned");
_Static_assert(sizeof(enum conn_authby) == sizeof(unsigned), "enums are stored as unsigned");
_Static_assert(sizeof(enum yes_no_auto) == sizeof(unsigned), "enums are stored as unsigned");
_Static_assert(sizeof(enum conn_esn) == sizeof(unsigned), "enums are stored as unsigned");
_Static_assert(sizeof(enum conn_fragmentation) == sizeof(unsigned), "enums are stored as unsigned");
_Static_assert(sizeof(enum ddos_mode) == sizeof(unsigned), "enums are stored as unsigned");

/* Decimal digits only, at most 20, no sign: *V and the rest in *END. */
static bool parse_decimal(const char *s, uint64_t *v, const char **end)
{
	uint64_t acc = 0;
	size_t i = 0;

	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		unsigned digit = (unsigned)(s[i] - '0');
		if (acc > (UINT64_MAX - digit) / 10)
			return false;
		acc = acc * 10 + digit;
	}
	if (i == 0)
		return false;
	*v = acc;
	*end = s + i;
	return true;
}

bool conf_parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "y", "true", "on" };
	static const char *const no[] = { "no", "n", "false", "off" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Libreswan's duration units (timescale.c): ms s m h d w; a bare
 * number is in DEFAULT_MS units. */
bool conf_parse_duration(const char *s, uint64_t default_ms, uint64_t *ms)
{
	static const struct {
		const char *suffix;
		uint64_t ms;
	} units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60 * 1000 }, { "h", 3600 * 1000 },
		{ "d", 24 * 3600 * 1000 }, { "w", 7 * 24 * 3600 * 1000ull },
	};
	uint64_t v;
	const char *rest;

	if (!parse_decimal(s, &v, &rest))
		return false;
	uint64_t scale = 0;
	if (*rest == '\0') {
		scale = default_ms;
	} else {
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			if (strcasecmp(rest, units[i].suffix) == 0)
				scale = units[i].ms;
		}
	}
	if (scale == 0 || v > UINT64_MAX / scale)
		return false;
	*ms = v * scale;
	return true;
}

/* Libreswan's ipsec-max-bytes=/-packets= (4.10 ipsec.conf(5)): binary
 * prefixes only (1KiB = 1024 bytes); the byte form ends in "B". */
bool conf_parse_sa_limit(const char *s, bool bytes, uint64_t *out)
{
	static const char *const prefixes[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	uint64_t v;
	const char *rest;
	char want[4];

	if (!parse_decimal(s, &v, &rest))
		return false;
	for (unsigned i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		snprintf(want, sizeof(want), "%s%s", prefixes[i], bytes ? "B" : "");
		/* a bare number is a count in either form */
		if (strcasecmp(rest, want) != 0 && !(i == 0 && *rest == '\0'))
			continue;
		unsigned shift = 10 * i;
		if (v == 0 || v > (CONF_MAX_SA_LIMIT >> shift))
			return false;
		*out = v << shift;
		return true;
	}
	return false;
}

/* 0x hex or decimal, up to 32 bits. */
static bool parse_u32(const char *s, const char **end, uint32_t *out)
{
	uint64_t acc = 0;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		const char *start = p;
		for (; *p != '\0'; p++) {
			int h = (*p >= '0' && *p <= '9') ? *p - '0' :
				(*p >= 'a' && *p <= 'f') ? *p - 'a' + 10 :
				(*p >= 'A' && *p <= 'F') ? *p - 'A' + 10 : -1;
			if (h < 0)
				break;
			acc = acc * 16 + (unsigned)h;
			if (acc > UINT32_MAX)
				return false;
		}
		if (p == start)
			return false;
	} else {
		if (!parse_decimal(s, &acc, &p) || acc > UINT32_MAX)
			return false;
	}
	*end = p;
	*out = (uint32_t)acc;
	return true;
}

static bool parse_mark(const char *v, struct conn_mark *m, struct diag *d)
{
	const char *p;

	*m = (struct conn_mark){ .set = true, .mask = 0xffffffff };
	if (strncmp(v, "-1", 2) == 0) {
		m->unique = true;
		p = v + 2;
	} else if (!parse_u32(v, &p, &m->value)) {
		return diag(d, "invalid mark; use VALUE[/MASK] with 32-bit decimal or 0x hex numbers, or -1");
	}
	if (*p == '/') {
		if (!parse_u32(p + 1, &p, &m->mask))
			return diag(d, "invalid mark mask; use VALUE/MASK with 32-bit decimal or 0x hex numbers");
	}
	if (*p != '\0')
		return diag(d, "invalid mark; use VALUE[/MASK] with 32-bit decimal or 0x hex numbers, or -1");
	if (!m->unique && (m->value & ~m->mask) != 0)
		return diag(d, "mark value 0x%x has bits outside mask 0x%x", m->value, m->mask);
	return true;
}

static bool parse_host(const char *v, struct conf_host *h, struct diag *d)
{
	*h = (struct conf_host){ 0 };
	if (strcmp(v, "%any") == 0) {
		h->kind = HOST_ANY;
		return true;
	}
	if (strcmp(v, "%defaultroute") == 0) {
		h->kind = HOST_DEFAULTROUTE;
		return true;
	}
	if (v[0] == '%')
		return diag(d, "not supported; use an IP address, %%any or %%defaultroute");
	if (!ip_address_parse(v, &h->addr, d))
		return false;
	h->kind = HOST_ADDRESS;
	return true;
}

static bool parse_one_subnet(const char *v, struct ip_subnet *s, struct diag *d)
{
	if (strncmp(v, "vhost:", 6) == 0 || strncmp(v, "vnet:", 5) == 0 ||
	    strcmp(v, "%priv") == 0 || strcmp(v, "%no") == 0)
		return diag(d, "vhost:, vnet:, %%priv and %%no are not supported; write the subnet, e.g. 192.0.2.0/24");
	return ip_subnet_parse(v, s, d);
}

static bool parse_subnets(const char *v, struct subnet_list *l, struct diag *d)
{
	char word[128];

	l->count = 0;
	while (*v != '\0') {
		size_t n = strcspn(v, ", \t");
		if (n > 0) {
			if (n >= sizeof(word))
				return diag(d, "subnet \"%.40s...\" is too long", v);
			if (l->count == CONF_MAX_SUBNETS)
				return diag(d, "more than %d subnets", CONF_MAX_SUBNETS);
			memcpy(word, v, n);
			word[n] = '\0';
			struct ip_subnet *s = &l->list[l->count];
			if (!parse_one_subnet(word, s, d))
				return false;
			if (l->count > 0 && s->addr.family != l->list[0].addr.family)
				return diag(d, "mixes IPv4 and IPv6 subnets; use one family per end");
			l->count++;
		}
		v += n;
		v += strspn(v, ", \t");
	}
	if (l->count == 0)
		return diag(d, "no subnet given; use {a/len, b/len}");
	return true;
}

/* Libreswan's plutodebug names that xswan's classes do not have. */
static const struct {
	const char *name;
	unsigned classes;	/* DBG_* to turn on */
	const char *ignored;	/* non-NULL: accepted, nothing turned on */
} debug_aliases[] = {
	{ "tmi", DBG_ALL, NULL },
	{ "controlmore", DBG_CONTROL, NULL },
	{ "proposal-parser", DBG_CRYPT, NULL },
	{ "private", 0, "xswan never logs secrets" },
	{ "cpu-usage", 0, "not implemented" },
};

static bool parse_debug(const char *v, unsigned *out, struct diag *d, const struct conf_entry *e,
			struct diag_list *notes)
{
	char word[32];
	unsigned acc = 0;

	while (*v != '\0') {
		size_t n = strcspn(v, ", \t");
		if (n > 0) {
			if (n >= sizeof(word))
				return diag(d, "unknown debug class \"%.31s...\"", v);
			memcpy(word, v, n);
			word[n] = '\0';
			unsigned classes;
			const char *bad;
			size_t i;
			for (i = 0; i < sizeof(debug_aliases) / sizeof(debug_aliases[0]); i++) {
				if (strcasecmp(word, debug_aliases[i].name) == 0)
					break;
			}
			if (i < sizeof(debug_aliases) / sizeof(debug_aliases[0])) {
				acc |= debug_aliases[i].classes;
				if (debug_aliases[i].ignored != NULL)
					diag_list_add(notes, DIAG_NOTE, "%s:%u: plutodebug=%s ignored: %s",
						      e->file, e->line, word, debug_aliases[i].ignored);
			} else if (log_parse_debug(word, &classes, &bad)) {
				acc |= classes;
			} else {
				return diag(d, "unknown debug class \"%s\"; use base, control, kernel, emitting, parsing, crypt, all, none or tmi",
					    word);
			}
		}
		v += n;
		v += strspn(v, ", \t");
	}
	*out = acc;
	return true;
}

static bool replace_string(char **field, const char *v, struct diag *d)
{
	char *copy = strdup(v);

	if (copy == NULL)
		return diag(d, "out of memory");
	free(*field);
	*field = copy;
	return true;
}

static bool apply(const struct conf_entry *e, void *field, struct diag *d, struct diag_list *notes)
{
	const struct keyword *kw = e->kw;
	const char *v = e->value;
	char names[200];
	uint64_t n;
	const char *rest;
	bool b;

	switch (kw->type) {
	case KT_STRING:
		return field == NULL || replace_string(field, v, d);
	case KT_PROPOSAL:
		for (const char *p = v; *p != '\0'; p++) {
			if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
				return diag(d, "proposals are written without spaces, e.g. aes_gcm256-sha2_512;dh19");
		}
		return field == NULL || replace_string(field, v, d);
	case KT_UPDOWN:
		if (v[0] == '\0' || strcmp(v, "%disabled") == 0) {
			free(*(char **)field);
			*(char **)field = NULL;
			return true;
		}
		return replace_string(field, v, d);
	case KT_BOOL:
		if (!conf_parse_bool(v, &b))
			return diag(d, "invalid value; use yes or no");
		if (field != NULL)
			*(bool *)field = b;
		return true;
	case KT_NO_ONLY:
		if (!conf_parse_bool(v, &b))
			return diag(d, "invalid value; use yes or no");
		if (b)
			return diag(d, "not supported: %s", kw->note);
		return true;
	case KT_ENUM:
		for (const struct kw_name *nm = kw->names; nm->name != NULL; nm++) {
			if (strcasecmp(v, nm->name) != 0)
				continue;
			if (nm->refuse != NULL)
				return diag(d, "not supported: %s", nm->refuse);
			if (field != NULL)
				memcpy(field, &nm->value, sizeof(unsigned));
			return true;
		}
		keyword_enum_names(kw, names, sizeof(names));
		return diag(d, "invalid value; use one of: %s", names);
	case KT_SECONDS:
	case KT_MILLISECONDS:
		if (!conf_parse_duration(v, kw->type == KT_SECONDS ? 1000 : 1, &n))
			return diag(d, "invalid duration; use a number with s, m, h or d (or ms, w)%s",
				    kw->type == KT_SECONDS ? "" : "; a bare number is milliseconds");
		*(uint64_t *)field = n;
		return true;
	case KT_PERCENT:
		if (!parse_decimal(v, &n, &rest) || strcmp(rest, "%") != 0 || n > UINT32_MAX)
			return diag(d, "invalid percentage; use a whole number followed by %%, e.g. 100%%");
		*(uint32_t *)field = (uint32_t)n;
		return true;
	case KT_NUMBER: {
		uint64_t max = kw->max == 0 ? UINT32_MAX : kw->max;
		if (kw->forever_ok && strcmp(v, "%forever") == 0) {
			n = 0;
		} else if (!parse_decimal(v, &n, &rest) || *rest != '\0' || n < kw->min || n > max) {
			return diag(d, "invalid number; use a whole number from %llu to %llu%s",
				    (unsigned long long)kw->min, (unsigned long long)max,
				    kw->forever_ok ? " or %forever" : "");
		}
		*(uint32_t *)field = (uint32_t)n;
		return true;
	}
	case KT_BYTES:
	case KT_PACKETS:
		if (!conf_parse_sa_limit(v, kw->type == KT_BYTES, &n))
			return diag(d, "invalid %s; use a whole number from 1 to 2^63, optionally followed by %s",
				    kw->type == KT_BYTES ? "byte count" : "packet count",
				    kw->type == KT_BYTES ? "KiB, MiB, GiB, TiB, PiB or EiB"
							 : "Ki, Mi, Gi, Ti, Pi or Ei");
		*(uint64_t *)field = n;
		return true;
	case KT_HOST:
		return parse_host(v, field, d);
	case KT_ADDRESS:
		return ip_address_parse(v, field, d);
	case KT_NEXTHOP:
		if (strcmp(v, "%direct") == 0 || strcmp(v, "%defaultroute") == 0) {
			*(struct ip_address *)field = (struct ip_address){ 0 };
			return true;
		}
		return ip_address_parse(v, field, d);
	case KT_SUBNET: {
		struct subnet_list *l = field;
		if (!parse_one_subnet(v, &l->list[0], d))
			return false;
		l->count = 1;
		return true;
	}
	case KT_SUBNETS:
		return parse_subnets(v, field, d);
	case KT_PROTOPORT:
		return ip_protoport_parse(v, field, d);
	case KT_ID:
		return id_parse(v, field, d);
	case KT_MARK:
		return parse_mark(v, field, d);
	case KT_DEBUG:
		return parse_debug(v, field, d, e, notes);
	case KT_ALSO:
		return true;	/* the engine follows also= */
	case KT_IGNORED:
		diag_list_add(notes, DIAG_NOTE, "%s:%u: %s= ignored: %s", e->file, e->line, e->key,
			      kw->note);
		return true;
	case KT_OBSOLETE:
		diag_list_add(notes, DIAG_NOTE, "%s:%u: %s= is obsolete and ignored: %s", e->file,
			      e->line, e->key, kw->note);
		return true;
	case KT_UNSUPPORTED:
		return diag(d, "not supported: %s", kw->note);
	}
	return diag(d, "internal error: unhandled keyword type");
}

bool conf_apply_value(const struct conf_entry *e, void *base, struct diag *d,
		      struct diag_list *notes)
{
	void *field = e->kw->offset == NO_FIELD ? NULL : (char *)base + e->kw->offset;

	if (field == NULL && e->kw->type != KT_ENUM && e->kw->type != KT_NO_ONLY &&
	    e->kw->type != KT_STRING && e->kw->type != KT_PROPOSAL && e->kw->type != KT_BOOL &&
	    e->kw->type != KT_ALSO && e->kw->type != KT_IGNORED && e->kw->type != KT_OBSOLETE &&
	    e->kw->type != KT_UNSUPPORTED)
		return diag(d, "internal error: keyword without a field");
	if (apply(e, field, d, notes))
		return true;
	diag_prefix(d, "%.64s=%.64s", e->key, e->value);
	return false;
}

void conf_free_conn_fields(struct conn_config *c)
{
	free(c->name);
	free(c->ike);
	free(c->esp);
	free(c->connalias);
	free(c->left.updown);
	free(c->right.updown);
}

void conf_free_setup_fields(struct config_setup *s)
{
	free(s->logfile);
	free(s->nssdir);
	free(s->secretsfile);
	free(s->ipsecdir);
	free(s->dumpdir);
	free(s->virtual_private);
}
