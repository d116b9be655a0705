/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ipsec.conf engine: checks every line once, merges config setup,
 * applies conn %default and also= (Libreswan's rules: a keyword set
 * twice with different values is an error, wherever the two settings
 * come from; %default fills in only what a conn leaves unset), builds
 * each conn and checks it as a whole.
 *
 * A conn that is not complete (no left=, no authby=) is only reported
 * when it would be loaded at start (auto= other than ignore); otherwise
 * the reason waits for ipsec_conf_find(), i.e. for "ipsec add NAME".
 * Fragments that exist only to be pulled in with also= stay quiet.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsec_conf_internal.h"

struct conf_rejected {
	char *name;
	char why[512];
};

static bool same_slot(const struct conf_entry *a, const struct conf_entry *b)
{
	if (a->end != b->end)
		return false;
	if (a->kw == b->kw)
		return true;
	return a->kw->offset != NO_FIELD && a->kw->offset == b->kw->offset &&
	       a->kw->scope == b->kw->scope;
}

static void setup_defaults(struct config_setup *s)
{
	*s = (struct config_setup){
		.logtime = true,
		.logappend = true,
		.logip = true,
		.uniqueids = true,
		.listen_udp = true,
		.keep_alive_s = CONF_DEFAULT_KEEP_ALIVE_S,
		.nssdir = strdup(XSWAN_NSSDIR),
		.secretsfile = strdup(XSWAN_SYSCONFDIR "/ipsec.secrets"),
		.ipsecdir = strdup(XSWAN_SYSCONFDIR "/ipsec.d"),
		.dumpdir = strdup(XSWAN_RUNDIR),
	};
}

static void conn_defaults(struct conn_config *c)
{
	*c = (struct conn_config){
		.autostart = AUTO_IGNORE,
		.type = TYPE_TUNNEL,
		.pfs = true,
		.rekey = true,
		.ikelifetime_ms = CONF_DEFAULT_IKELIFETIME_MS,
		.ipsec_lifetime_ms = CONF_DEFAULT_IPSEC_LIFETIME_MS,
		.rekeymargin_ms = CONF_DEFAULT_REKEYMARGIN_MS,
		.rekeyfuzz_percent = CONF_DEFAULT_REKEYFUZZ_PERCENT,
		.retransmit_timeout_ms = CONF_DEFAULT_RETRANSMIT_TIMEOUT_MS,
		.retransmit_interval_ms = CONF_DEFAULT_RETRANSMIT_INTERVAL_MS,
		.encapsulation = YNA_AUTO,
		.nat_keepalive = true,
		.replay_window = CONF_DEFAULT_REPLAY_WINDOW,
		.esn = ESN_EITHER,
		.initial_contact = true,
		.fragmentation = FRAG_YES,
		.metric = 1,
	};
	c->left.updown = strdup(CONF_DEFAULT_UPDOWN);
	c->right.updown = strdup(CONF_DEFAULT_UPDOWN);
}

static void *entry_base(const struct conf_entry *e, struct conn_config *c)
{
	if (e->kw->scope == KS_END)
		return e->end == END_LEFT ? (void *)&c->left : (void *)&c->right;
	return c;
}

/* Check every entry of every section once, against a scratch object,
 * so that a bad value is reported once however many conns use it. */
static void check_sections(struct conf_text *t, struct diag_list *errors)
{
	for (size_t i = 0; i < t->nr_sections; i++) {
		struct conf_section *s = &t->sections[i];
		struct conn_config scratch_conn;
		struct config_setup scratch_setup = { 0 };

		conn_defaults(&scratch_conn);
		for (size_t j = 0; j < s->nr_entries; j++) {
			const struct conf_entry *e = &s->entries[j];
			void *base = s->kind == SECTION_SETUP ? (void *)&scratch_setup :
								entry_base(e, &scratch_conn);
			struct diag d;
			if (!conf_apply_value(e, base, &d, errors)) {
				diag_list_add(errors, DIAG_ERROR, "%s:%u: %s", e->file, e->line, d.msg);
				if (s->error[0] == '\0')
					snprintf(s->error, sizeof(s->error), "%s:%u: %s", e->file, e->line,
						 d.msg);
			}
		}
		conf_free_conn_fields(&scratch_conn);
		conf_free_setup_fields(&scratch_setup);
	}
}

/* ---- collecting a conn's entries through also= ---- */

struct collect {
	struct conf_text *t;
	const struct conf_entry **entries;
	size_t nr, cap;
	const struct conf_section *merged[CONF_MAX_ALSO + 1];
	size_t nr_merged;
	const struct conf_section *path[CONF_MAX_ALSO + 1];
	size_t depth;
	char error[512];		/* first problem found while merging */
	bool report;			/* also tell the error list */
	struct diag_list *errors;
};

static void collect_fail(struct collect *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void collect_fail(struct collect *k, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (k->error[0] == '\0')
		snprintf(k->error, sizeof(k->error), "%.500s", msg);
	if (k->report)
		diag_list_add(k->errors, DIAG_ERROR, "%s", msg);
}

static struct conf_section *find_conn_section(struct conf_text *t, const char *name)
{
	for (size_t i = 0; i < t->nr_sections; i++) {
		struct conf_section *s = &t->sections[i];
		if (s->kind == SECTION_CONN && strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

/* WHERE names the section for messages: "conn \"x\"" or "config setup". */
static void add_collected(struct collect *k, const char *where, const struct conf_entry *e)
{
	for (size_t i = 0; i < k->nr; i++) {
		const struct conf_entry *o = k->entries[i];
		if (!same_slot(o, e))
			continue;
		if (strcmp(o->value, e->value) != 0 && !e->kw->duplicate_ok)
			collect_fail(k, "%s:%u: %s: %s=%.64s conflicts with %s=%.64s at %s:%u",
				     e->file, e->line, where, e->key, e->value, o->key, o->value, o->file,
				     o->line);
		return;	/* the first setting stands */
	}
	if (k->nr == k->cap) {
		size_t cap = k->cap == 0 ? 32 : k->cap * 2;
		const struct conf_entry **p = realloc(k->entries, cap * sizeof(*p));
		if (p == NULL) {
			collect_fail(k, "out of memory");
			return;
		}
		k->entries = p;
		k->cap = cap;
	}
	k->entries[k->nr++] = e;
}

static void merge_section(struct collect *k, const char *conn, const struct conf_section *s)
{
	if (s->error[0] != '\0' && k->error[0] == '\0') {
		/* Its own lines were reported already; say why this conn
		 * is out without repeating them. */
		if (k->depth == 0)
			snprintf(k->error, sizeof(k->error), "%.500s", s->error);
		else
			collect_fail(k, "%s:%u: conn \"%s\" not loaded: it uses conn \"%s\" (also=), which has errors: %s",
				     k->path[0]->file, k->path[0]->line, conn, s->name, s->error);
	}
	k->merged[k->nr_merged++] = s;
	k->path[k->depth++] = s;

	/* Own settings first, then the also= sections in order. */
	char where[96];
	snprintf(where, sizeof(where), "conn \"%s\"", conn);
	for (size_t i = 0; i < s->nr_entries; i++) {
		if (s->entries[i].kw->type != KT_ALSO)
			add_collected(k, where, &s->entries[i]);
	}
	for (size_t i = 0; i < s->nr_entries; i++) {
		const struct conf_entry *e = &s->entries[i];
		if (e->kw->type != KT_ALSO)
			continue;
		char names[512];
		snprintf(names, sizeof(names), "%s", e->value);
		for (char *save = NULL, *name = strtok_r(names, ", \t", &save); name != NULL;
		     name = strtok_r(NULL, ", \t", &save)) {
			const struct conf_section *target = find_conn_section(k->t, name);
			if (target == NULL || strcmp(name, "%default") == 0) {
				collect_fail(k, "%s:%u: conn \"%s\": also=%s: there is no conn \"%s\"",
					     e->file, e->line, conn, name, name);
				continue;
			}
			bool looping = false;
			for (size_t p = 0; p < k->depth; p++)
				looping |= k->path[p] == target;
			if (looping) {
				char chain[300] = "";
				size_t n = 0;
				for (size_t p = 0; p < k->depth && n < sizeof(chain); p++)
					n += (size_t)snprintf(chain + n, sizeof(chain) - n, "%s -> ",
							      k->path[p]->name);
				collect_fail(k, "%s:%u: conn \"%s\": also= loop: %s%s", e->file, e->line,
					     conn, chain, name);
				continue;
			}
			bool seen = false;
			for (size_t m = 0; m < k->nr_merged; m++)
				seen |= k->merged[m] == target;
			if (seen)
				continue;	/* reached twice without a loop: merge once */
			if (k->nr_merged >= CONF_MAX_ALSO) {
				collect_fail(k, "%s:%u: conn \"%s\": more than %d sections merged with also=",
					     e->file, e->line, conn, CONF_MAX_ALSO);
				return;
			}
			merge_section(k, conn, target);
		}
	}
	k->depth--;
}

/* ---- whole-conn checks ---- */

static bool check_conn(struct conn_config *c, struct diag *d, struct diag_list *notes)
{
	char ab[IP_FMT_BUF];

	if (c->left.host.kind == HOST_UNSET)
		return diag(d, "left= is not set; use an address, %%any or %%defaultroute");
	if (c->right.host.kind == HOST_UNSET)
		return diag(d, "right= is not set; use an address, %%any or %%defaultroute");
	if (c->left.host.kind == HOST_DEFAULTROUTE && c->right.host.kind == HOST_DEFAULTROUTE)
		return diag(d, "left and right cannot both be %%defaultroute");
	if (c->left.host.kind == HOST_ANY && c->right.host.kind == HOST_ANY)
		return diag(d, "left and right cannot both be %%any");
	if (c->left.host.kind == HOST_ADDRESS && c->right.host.kind == HOST_ADDRESS &&
	    c->left.host.addr.family != c->right.host.addr.family)
		return diag(d, "left=%s and right=%s are different address families",
			    ip_address_fmt(&c->left.host.addr, ab),
			    c->right.host.addr.family == AF_INET ? "(IPv4)" : "(IPv6)");
	if (c->type == TYPE_TUNNEL || c->type == TYPE_TRANSPORT) {
		if (c->authby == AUTHBY_UNSET)
			return diag(d, "authby= is not set; xswan supports authby=secret (PSK) and authby=null (Libreswan's default, rsasig, needs certificates)");
		if (c->authby == AUTHBY_NEVER)
			return diag(d, "authby=never only suits type=passthrough or type=drop");
	}
	if (c->type == TYPE_TRANSPORT && (c->left.subnets.count > 0 || c->right.subnets.count > 0))
		return diag(d, "type=transport cannot have leftsubnet= or rightsubnet=; use type=tunnel");

	if (c->ikelifetime_ms == 0 || c->ikelifetime_ms > CONF_MAX_LIFETIME_MS) {
		diag_list_add(notes, DIAG_NOTE, "conn \"%s\": ikelifetime set to the maximum allowed 24h",
			      c->name);
		c->ikelifetime_ms = CONF_MAX_LIFETIME_MS;
	}
	if (c->ipsec_lifetime_ms == 0 || c->ipsec_lifetime_ms > CONF_MAX_LIFETIME_MS) {
		diag_list_add(notes, DIAG_NOTE, "conn \"%s\": ipsec-lifetime set to the maximum allowed 24h",
			      c->name);
		c->ipsec_lifetime_ms = CONF_MAX_LIFETIME_MS;
	}
	if (c->replay_window == 0 && c->esn != ESN_NO) {
		/* RFC 4303 ties ESN to anti-replay; Libreswan turns it off. */
		if (c->esn == ESN_YES)
			diag_list_add(notes, DIAG_NOTE, "conn \"%s\": esn=yes turned off because replay-window=0",
				      c->name);
		c->esn = ESN_NO;
	}
	return true;
}

static void reject(struct ipsec_conf *conf, const char *name, const char *why)
{
	struct conf_rejected *r = realloc(conf->rejected, (conf->nr_rejected + 1) * sizeof(*r));

	if (r == NULL)
		return;
	conf->rejected = r;
	r = &conf->rejected[conf->nr_rejected];
	r->name = strdup(name);
	if (r->name == NULL)
		return;
	snprintf(r->why, sizeof(r->why), "%.500s", why);
	conf->nr_rejected++;
}

static void build_conn(struct ipsec_conf *conf, struct conf_text *t, const struct conf_section *s,
		       const struct collect *defaults, struct diag_list *errors)
{
	struct conn_config probe;
	struct collect k = { .t = t, .errors = errors };

	/* Is it meant to load at start?  Decides how loud we are. */
	conn_defaults(&probe);
	for (size_t i = 0; i < s->nr_entries; i++) {
		struct diag d;
		if (s->entries[i].kw->offset == offsetof(struct conn_config, autostart) &&
		    s->entries[i].kw->scope == KS_CONN)
			conf_apply_value(&s->entries[i], &probe, &d, NULL);
	}
	for (size_t i = 0; i < defaults->nr; i++) {
		struct diag d;
		if (defaults->entries[i]->kw->offset == offsetof(struct conn_config, autostart) &&
		    defaults->entries[i]->kw->scope == KS_CONN && probe.autostart == AUTO_IGNORE)
			conf_apply_value(defaults->entries[i], &probe, &d, NULL);
	}
	k.report = probe.autostart != AUTO_IGNORE;
	conf_free_conn_fields(&probe);

	if (defaults->error[0] != '\0')
		collect_fail(&k, "%s:%u: conn \"%s\" not loaded: conn %%default has errors: %s",
			     s->file, s->line, s->name, defaults->error);
	else
		merge_section(&k, s->name, s);
	if (k.error[0] != '\0') {
		reject(conf, s->name, k.error);
		free(k.entries);
		return;
	}

	struct conn_config *c = malloc(sizeof(*c));
	if (c == NULL) {
		diag_list_add(errors, DIAG_ERROR, "%s:%u: out of memory", s->file, s->line);
		free(k.entries);
		return;
	}
	conn_defaults(c);
	c->name = strdup(s->name);
	c->file = s->file;
	c->line = s->line;

	struct diag d = { "" };
	bool ok = c->name != NULL;
	/* %default first, so that the conn's own settings overwrite it. */
	for (size_t i = 0; ok && i < defaults->nr; i++) {
		const struct conf_entry *e = defaults->entries[i];
		ok = conf_apply_value(e, entry_base(e, c), &d, NULL);
	}
	for (size_t i = 0; ok && i < k.nr; i++)
		ok = conf_apply_value(k.entries[i], entry_base(k.entries[i], c), &d, NULL);
	free(k.entries);
	if (ok && !check_conn(c, &d, errors)) {
		diag_prefix(&d, "%s:%u: conn \"%s\"", s->file, s->line, s->name);
		ok = false;
	}
	if (!ok) {
		if (probe.autostart != AUTO_IGNORE)
			diag_list_add(errors, DIAG_ERROR, "%s", d.msg);
		reject(conf, s->name, d.msg);
		conf_free_conn_fields(c);
		free(c);
		return;
	}

	struct conn_config **conns = realloc(conf->conns, (conf->nr_conns + 1) * sizeof(*conns));
	if (conns == NULL) {
		conf_free_conn_fields(c);
		free(c);
		return;
	}
	conf->conns = conns;
	conf->conns[conf->nr_conns++] = c;
}

static void build_setup(struct ipsec_conf *conf, struct conf_text *t, struct diag_list *errors)
{
	struct collect k = { .t = t, .errors = errors, .report = true };

	for (size_t i = 0; i < t->nr_sections; i++) {
		const struct conf_section *s = &t->sections[i];
		if (s->kind != SECTION_SETUP)
			continue;
		for (size_t j = 0; j < s->nr_entries; j++) {
			/* bad values were reported by check_sections(): leave
			 * the default in place rather than half a setting */
			struct config_setup scratch = { 0 };
			struct diag d;
			bool good = conf_apply_value(&s->entries[j], &scratch, &d, NULL);
			conf_free_setup_fields(&scratch);
			if (good)
				add_collected(&k, "config setup", &s->entries[j]);
		}
	}
	for (size_t i = 0; i < k.nr; i++) {
		struct diag d;
		conf_apply_value(k.entries[i], &conf->setup, &d, NULL);
	}
	free(k.entries);
}

static struct ipsec_conf *load(struct conf_text *t, struct diag_list *errors)
{
	struct ipsec_conf *conf = calloc(1, sizeof(*conf));

	if (conf == NULL) {
		diag_list_add(errors, DIAG_ERROR, "out of memory");
		return NULL;
	}
	setup_defaults(&conf->setup);
	check_sections(t, errors);
	build_setup(conf, t, errors);

	/* conn %default, from every %default section wherever it is. */
	struct collect defaults = { .t = t, .errors = errors, .report = true };
	for (size_t i = 0; i < t->nr_sections; i++) {
		const struct conf_section *s = &t->sections[i];
		if (s->kind != SECTION_CONN || strcmp(s->name, "%default") != 0)
			continue;
		if (s->error[0] != '\0' && defaults.error[0] == '\0')
			snprintf(defaults.error, sizeof(defaults.error), "%.500s", s->error);
		for (size_t j = 0; j < s->nr_entries; j++)
			add_collected(&defaults, "conn %default", &s->entries[j]);
	}
	for (size_t i = 0; i < t->nr_sections; i++) {
		const struct conf_section *s = &t->sections[i];
		if (s->kind == SECTION_CONN && strcmp(s->name, "%default") != 0)
			build_conn(conf, t, s, &defaults, errors);
	}
	free(defaults.entries);

	conf->files = t->files;
	conf->nr_files = t->nr_files;
	t->files = NULL;
	t->nr_files = 0;
	return conf;
}

struct ipsec_conf *ipsec_conf_load(const char *path, struct diag_list *errors)
{
	struct conf_text t = { .allow_include = true, .errors = errors };

	conf_read_file(&t, path, 0);
	if (t.unreadable) {
		conf_text_free(&t);
		for (size_t i = 0; i < t.nr_files; i++)
			free(t.files[i]);
		free(t.files);
		return NULL;
	}
	struct ipsec_conf *conf = load(&t, errors);
	conf_text_free(&t);
	for (size_t i = 0; i < t.nr_files; i++)
		free(t.files[i]);
	free(t.files);
	return conf;
}

struct ipsec_conf *ipsec_conf_load_buffer(const char *name, const char *text, size_t len,
					  bool allow_include, struct diag_list *errors)
{
	struct conf_text t = { .allow_include = allow_include, .errors = errors };

	conf_read_buffer(&t, name, text, len);
	struct ipsec_conf *conf = load(&t, errors);
	conf_text_free(&t);
	for (size_t i = 0; i < t.nr_files; i++)
		free(t.files[i]);
	free(t.files);
	return conf;
}

const struct conn_config *ipsec_conf_find(const struct ipsec_conf *conf, const char *name,
					  struct diag *why)
{
	for (size_t i = 0; i < conf->nr_conns; i++) {
		if (strcmp(conf->conns[i]->name, name) == 0)
			return conf->conns[i];
	}
	for (size_t i = 0; i < conf->nr_rejected; i++) {
		if (strcmp(conf->rejected[i].name, name) == 0) {
			diag(why, "conn \"%.64s\" was not loaded: %.230s", name, conf->rejected[i].why);
			return NULL;
		}
	}
	diag(why, "no conn \"%.64s\" in %s", name, conf->nr_files > 0 ? conf->files[0] : "the configuration");
	return NULL;
}

void ipsec_conf_free(struct ipsec_conf *conf)
{
	if (conf == NULL)
		return;
	for (size_t i = 0; i < conf->nr_conns; i++) {
		conf_free_conn_fields(conf->conns[i]);
		free(conf->conns[i]);
	}
	free(conf->conns);
	for (size_t i = 0; i < conf->nr_rejected; i++)
		free(conf->rejected[i].name);
	free(conf->rejected);
	for (size_t i = 0; i < conf->nr_files; i++)
		free(conf->files[i]);
	free(conf->files);
	conf_free_setup_fields(&conf->setup);
	free(conf);
}

const char *conn_auto_name(enum conn_auto a)
{
	static const char *const names[] = { "ignore", "add", "ondemand", "start" };
	return (unsigned)a < 4 ? names[a] : "?";
}

const char *conn_type_name(enum conn_type t)
{
	static const char *const names[] = { "tunnel", "transport", "passthrough", "drop" };
	return (unsigned)t < 4 ? names[t] : "?";
}

const char *conn_authby_name(enum conn_authby a)
{
	static const char *const names[] = { "unset", "secret", "null", "never" };
	return (unsigned)a < 4 ? names[a] : "?";
}
