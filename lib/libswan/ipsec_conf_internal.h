/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the ipsec.conf loader: the reader turns files into sections of
 * raw KEY=VALUE entries (ipsec_conf_read.c); the keyword table says
 * what each key means (ipsec_conf_keywords.c); the value converters
 * store a value into the typed structs (ipsec_conf_values.c); the
 * engine resolves %default and also= and builds conns (ipsec_conf.c).
 */
#ifndef XSWAN_IPSEC_CONF_INTERNAL_H
#define XSWAN_IPSEC_CONF_INTERNAL_H

#include "ipsec_conf.h"

enum kw_scope {
	KS_SETUP,	/* config setup */
	KS_CONN,	/* conn, not per end */
	KS_END,		/* conn, written leftNAME= / rightNAME= */
};

enum kw_type {
	KT_STRING,	/* any text (file names, updown commands) */
	KT_PROPOSAL,	/* ike=, esp=: kept as text, checked by pluto */
	KT_BOOL,	/* yes/no (y, true, on / n, false, off) */
	KT_ENUM,	/* one of kw->names */
	KT_SECONDS,	/* duration; bare number is seconds; ms s m h d w */
	KT_MILLISECONDS,/* duration; bare number is milliseconds */
	KT_PERCENT,	/* N% */
	KT_NUMBER,	/* decimal in [min, max] */
	KT_BYTES,	/* count, optional KiB MiB GiB TiB PiB EiB (uint64_t) */
	KT_PACKETS,	/* count, optional Ki Mi Gi Ti Pi Ei (uint64_t) */
	KT_HOST,	/* address, %any, %defaultroute */
	KT_ADDRESS,	/* numeric address */
	KT_NEXTHOP,	/* numeric address or %direct */
	KT_SUBNET,	/* one subnet (stored as a list of one) */
	KT_SUBNETS,	/* comma/space separated subnets, optional {braces} */
	KT_PROTOPORT,	/* tcp/22, 17/%any, icmp */
	KT_ID,		/* id.h syntax */
	KT_MARK,	/* VALUE[/MASK] or -1 */
	KT_DEBUG,	/* plutodebug= class list */
	KT_UPDOWN,	/* command; "" or %disabled: none */
	KT_ALSO,	/* names of conns to merge in (engine) */
	KT_NO_ONLY,	/* a yes/no where only "no" is supported */
	KT_IGNORED,	/* accepted, not used; a note says so */
	KT_OBSOLETE,	/* accepted, not used; a note says it is obsolete */
	KT_UNSUPPORTED,	/* a Libreswan keyword xswan does not do: error */
};

struct kw_name {
	const char *name;
	unsigned value;
	const char *refuse;	/* non-NULL: recognised but refused, why */
};

struct keyword {
	const char *name;	/* without left/right */
	enum kw_scope scope;
	enum kw_type type;
	size_t offset;		/* into config_setup, conn_config or end_config */
	const struct kw_name *names;	/* KT_ENUM */
	uint64_t min, max;	/* KT_NUMBER */
	const char *note;	/* KT_IGNORED/KT_OBSOLETE/KT_UNSUPPORTED: why */
	bool duplicate_ok;	/* may be set twice with different values */
	bool forever_ok;	/* KT_NUMBER: %forever means 0 */
};

enum conf_end { END_NONE, END_LEFT, END_RIGHT };

#define NO_FIELD ((size_t)-1)	/* a keyword that is checked, then dropped */

/* Find KEY (as written, any case); *END tells leftX from rightX. */
const struct keyword *keyword_lookup(const char *key, enum conf_end *end);
/* "secret, null" - the names a KT_ENUM accepts, for messages. */
void keyword_enum_names(const struct keyword *kw, char *buf, size_t size);

/* One KEY=VALUE line. */
struct conf_entry {
	const struct keyword *kw;	/* NULL for x- comments (skipped) */
	enum conf_end end;
	char *key;			/* as written, for messages */
	char *value;
	const char *file;
	unsigned line;
};

enum section_kind { SECTION_SETUP, SECTION_CONN };

struct conf_section {
	enum section_kind kind;
	char *name;
	const char *file;
	unsigned line;
	struct conf_entry *entries;
	size_t nr_entries, cap_entries;
	/* First error found in this section's own lines, for "not loaded
	 * because" messages; empty when the section is clean. */
	char error[512];
};

struct conf_text {
	struct conf_section *sections;
	size_t nr_sections, cap_sections;
	char **files;
	size_t nr_files, cap_files;
	bool allow_include;
	bool unreadable;	/* the top-level file could not be read */
	struct diag_list *errors;
};

/* Read PATH (or TEXT when non-NULL) into T; includes recurse. */
void conf_read_file(struct conf_text *t, const char *path, unsigned depth);
void conf_read_buffer(struct conf_text *t, const char *name, const char *text, size_t len);
void conf_text_free(struct conf_text *t);

/* Store ENTRY's value into BASE (the struct KW's scope names).
 * False with D filled ("invalid duration; use ...") on a bad value;
 * NOTES gets "ignored" notes. */
bool conf_apply_value(const struct conf_entry *entry, void *base, struct diag *d,
		      struct diag_list *notes);
/* Value parsers shared with ipsec.secrets and tests. */
bool conf_parse_bool(const char *s, bool *out);
bool conf_parse_duration(const char *s, uint64_t default_ms, uint64_t *ms);
/* 1 to 2^63, optionally with a binary prefix (Ki .. Ei), followed by
 * "B" when BYTES (ipsec-max-bytes=); without it (ipsec-max-packets=). */
bool conf_parse_sa_limit(const char *s, bool bytes, uint64_t *out);

/* Free what conf_apply_value() allocated inside a conn or setup. */
void conf_free_conn_fields(struct conn_config *c);
void conf_free_setup_fields(struct config_setup *s);

#endif
