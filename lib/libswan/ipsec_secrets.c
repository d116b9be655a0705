/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec.secrets: records of "ID... : KIND VALUE".  The text is parsed
 * in place and wiped afterwards, so secrets live only in the entries
 * (also wiped on free).  Messages name FILE:LINE and never a token that
 * could be part of a secret.
 */
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "file_read.h"
#include "ipsec_secrets.h"

#define SECRETS_FILE_MAX (1u << 20)
#define MAX_TOKENS 64

struct token {
	char *text;
	bool quoted;
	unsigned line;
};

struct reader {
	struct ipsec_secrets *s;
	struct diag_list *errors;
	bool allow_include;
};

static const char *intern_file(struct ipsec_secrets *s, const char *path)
{
	return file_names_intern(&s->files, &s->nr_files, &s->cap_files, path);
}

static void read_file(struct reader *r, const char *path, unsigned depth);

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* 0x hex (with optional '_' between digit pairs), 0s base64, 0t text.
 * OUT has room for SECRETS_MAX_PSK bytes. */
static bool decode_psk(const char *t, uint8_t *out, size_t *len, const char **why)
{
	size_t n = 0;

	if (t[0] != '0' || t[1] == '\0') {
		*why = "an unquoted PSK must start with 0x (hex), 0s (base64) or 0t (text); or quote it";
		return false;
	}
	const char *p = t + 2;
	switch (t[1]) {
	case 'x':
	case 'X':
		while (*p != '\0') {
			if (*p == '_' && n > 0 && p[1] != '\0') {
				p++;
				continue;
			}
			int hi = hexval((unsigned char)p[0]);
			int lo = hi < 0 ? -1 : hexval((unsigned char)p[1]);
			if (hi < 0 || lo < 0) {
				*why = "malformed 0x PSK: use pairs of hex digits, optionally separated by _";
				return false;
			}
			if (n == SECRETS_MAX_PSK) {
				*why = "PSK too long";
				return false;
			}
			out[n++] = (uint8_t)(hi << 4 | lo);
			p += 2;
		}
		break;
	case 's':
	case 'S': {
		size_t digits = strlen(p);
		if (digits == 0 || digits % 4 != 0) {
			*why = "malformed 0s PSK: base64 comes in groups of four characters";
			return false;
		}
		for (size_t i = 0; i < digits; i += 4) {
			int v[4];
			int pad = 0;
			for (int j = 0; j < 4; j++) {
				if (p[i + j] == '=' && i + 4 == digits && j >= 2) {
					v[j] = 0;
					pad++;
				} else if (pad > 0 || (v[j] = b64val((unsigned char)p[i + j])) < 0) {
					*why = "malformed 0s PSK: not base64";
					return false;
				}
			}
			uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 |
				     (uint32_t)v[3];
			for (int j = 0; j < 3 - pad; j++) {
				if (n == SECRETS_MAX_PSK) {
					*why = "PSK too long";
					return false;
				}
				out[n++] = (uint8_t)(w >> (16 - 8 * j));
			}
		}
		break;
	}
	case 't':
	case 'T':
		n = strlen(p);
		if (n > SECRETS_MAX_PSK) {
			*why = "PSK too long";
			return false;
		}
		memcpy(out, p, n);
		break;
	default:
		*why = "an unquoted PSK must start with 0x (hex), 0s (base64) or 0t (text); or quote it";
		return false;
	}
	if (n == 0) {
		*why = "empty PSK";
		return false;
	}
	*len = n;
	return true;
}

static void add_entry(struct reader *r, struct psk_entry *e)
{
	struct ipsec_secrets *s = r->s;

	if (s->nr_entries == s->cap_entries) {
		size_t cap = s->cap_entries == 0 ? 8 : s->cap_entries * 2;
		struct psk_entry *p = realloc(s->entries, cap * sizeof(*p));
		if (p == NULL) {
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: out of memory", e->file, e->line);
			secure_zero(e->psk, e->psk_len);
			free(e->psk);
			free(e->ids);
			return;
		}
		s->entries = p;
		s->cap_entries = cap;
	}
	s->entries[s->nr_entries++] = *e;
}

static void include(struct reader *r, const char *file, unsigned line, const char *pattern,
		    unsigned depth)
{
	char path[4096];

	if (!r->allow_include) {
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: include is not allowed here", file, line);
		return;
	}
	if (depth + 1 > SECRETS_MAX_INCLUDE_DEPTH) {
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: include \"%s\": includes nested more than %d deep",
			      file, line, pattern, SECRETS_MAX_INCLUDE_DEPTH);
		return;
	}
	if (pattern[0] == '/') {
		snprintf(path, sizeof(path), "%s", pattern);
	} else {
		const char *slash = strrchr(file, '/');
		int dirlen = slash == NULL ? 0 : (int)(slash - file + 1);
		if (snprintf(path, sizeof(path), "%.*s%s", dirlen, file, pattern) >= (int)sizeof(path)) {
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: include path too long", file, line);
			return;
		}
	}
	glob_t g;
	int rc = glob(path, GLOB_ERR, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		if (strpbrk(pattern, "*?[") == NULL)
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: include \"%s\": no such file %s",
				      file, line, pattern, path);
	} else if (rc != 0) {
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: include \"%s\": cannot read its directory",
			      file, line, pattern);
	} else {
		for (size_t i = 0; i < g.gl_pathc; i++)
			read_file(r, g.gl_pathv[i], depth + 1);
	}
	globfree(&g);
}

/* One record: TOK[0..N). */
static void parse_record(struct reader *r, const char *file, struct token *tok, size_t n,
			 unsigned depth)
{
	unsigned line = tok[0].line;

	if (!tok[0].quoted && strcmp(tok[0].text, "include") == 0) {
		if (n != 2 || tok[1].quoted)
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: include takes exactly one file name",
				      file, line);
		else
			include(r, file, line, tok[1].text, depth);
		return;
	}

	size_t colon = 0;
	while (colon < n && !(strcmp(tok[colon].text, ":") == 0 && !tok[colon].quoted))
		colon++;
	if (colon == n) {
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: no \":\" in this entry (expected \"ID... : PSK \\\"secret\\\"\")",
			      file, line);
		return;
	}
	if (colon > SECRETS_MAX_IDS) {
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: more than %d IDs", file, line, SECRETS_MAX_IDS);
		return;
	}
	if (colon + 1 >= n) {
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: nothing after \":\"; expected PSK \"secret\"",
			      file, line);
		return;
	}
	const struct token *kind = &tok[colon + 1];
	if (kind->quoted || strcasecmp(kind->text, "PSK") != 0) {
		static const char *const skipped[] = { "XAUTH", "PPKS", "RSA", "ECDSA" };
		for (size_t i = 0; !kind->quoted && i < 4; i++) {
			if (strcasecmp(kind->text, skipped[i]) == 0) {
				diag_list_add(r->errors, DIAG_NOTE, "%s:%u: %s entry ignored: only PSK entries are supported",
					      file, line, skipped[i]);
				return;
			}
		}
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: unknown secret kind after \":\"; expected PSK",
			      file, line);
		return;
	}
	if (colon + 2 == n) {
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: PSK needs a value (a quoted secret, 0x..., 0s... or 0t...)",
			      file, line);
		return;
	}
	if (colon + 3 != n) {
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: PSK takes exactly one value (quote secrets that contain spaces)",
			      file, line);
		return;
	}

	struct psk_entry e = { .file = file, .line = line };
	e.ids = calloc(colon == 0 ? 1 : colon, sizeof(*e.ids));
	e.psk = malloc(SECRETS_MAX_PSK);
	if (e.ids == NULL || e.psk == NULL) {
		diag_list_add(r->errors, DIAG_ERROR, "%s:%u: out of memory", file, line);
		free(e.ids);
		free(e.psk);
		return;
	}
	for (size_t i = 0; i < colon; i++) {
		struct diag d;
		struct id *id = &e.ids[e.nr_ids];
		if (tok[i].quoted) {
			/* Quoted text in ID position may be a misplaced secret. */
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: ID %zu is quoted; IDs are written without quotes",
				      file, line, i + 1);
			goto fail;
		}
		if (strcmp(tok[i].text, "%any6") == 0) {
			*id = (struct id){ .kind = ID_ANY };
		} else if (!id_parse(tok[i].text, id, &d)) {
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: %s", file, line, d.msg);
			goto fail;
		}
		e.nr_ids++;
	}
	const struct token *value = &tok[colon + 2];
	if (value->quoted) {
		size_t len = strlen(value->text);
		if (len == 0 || len > SECRETS_MAX_PSK) {
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: PSK must be 1 to %d bytes", file, line,
				      SECRETS_MAX_PSK);
			goto fail;
		}
		memcpy(e.psk, value->text, len);
		e.psk_len = len;
	} else {
		const char *why;
		if (!decode_psk(value->text, e.psk, &e.psk_len, &why)) {
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: %s", file, line, why);
			goto fail;
		}
	}
	add_entry(r, &e);
	return;
fail:
	secure_zero(e.psk, SECRETS_MAX_PSK);
	free(e.psk);
	free(e.ids);
}

/* Split one line into tokens (after those already in TOK). */
static bool tokenize_line(struct reader *r, const char *file, unsigned line, char *p,
			  struct token *tok, size_t *n)
{
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0' || *p == '#')
			return true;
		if (*n == MAX_TOKENS) {
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: entry has too many words", file, line);
			return false;
		}
		struct token *t = &tok[(*n)++];
		t->line = line;
		if (*p == '"' || *p == '\'') {
			char q = *p++;
			t->text = p;
			t->quoted = true;
			p = strchr(p, q);
			if (p == NULL) {
				diag_list_add(r->errors, DIAG_ERROR, "%s:%u: missing closing quote (a quoted value ends on its line)",
					      file, line);
				return false;
			}
			*p++ = '\0';
			if (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r') {
				diag_list_add(r->errors, DIAG_ERROR, "%s:%u: text right after a closing quote",
					      file, line);
				return false;
			}
			continue;
		}
		t->text = p;
		t->quoted = false;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p != '\0')
			*p++ = '\0';
		/* "@east:" - a colon glued to an ID (not to an IPv6 address). */
		size_t len = strlen(t->text);
		if (len > 1 && t->text[len - 1] == ':' && memchr(t->text, ':', len - 1) == NULL) {
			if (*n == MAX_TOKENS) {
				diag_list_add(r->errors, DIAG_ERROR, "%s:%u: entry has too many words", file, line);
				return false;
			}
			t->text[len - 1] = '\0';
			tok[(*n)++] = (struct token){ .text = ":", .line = line };
		}
	}
	return true;
}

static void parse_text(struct reader *r, const char *file, char *text, size_t len, unsigned depth)
{
	struct token tok[MAX_TOKENS];
	size_t n = 0;
	bool broken = false;	/* the current record already had an error */
	unsigned line = 0;
	char *p = text, *end = text + len;

	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		char *next = eol != NULL ? eol + 1 : end;
		if (eol != NULL)
			*eol = '\0';
		line++;
		if (strlen(p) != (size_t)((eol != NULL ? eol : end) - p)) {
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: line contains a NUL byte", file, line);
			broken = true;
			p = next;
			continue;
		}
		char *q = p;
		while (*q == ' ' || *q == '\t' || *q == '\r')
			q++;
		if (*q == '\0' || *q == '#') {
			p = next;
			continue;
		}
		if (q == p) {
			/* a new record starts at the margin */
			if (n > 0 && !broken)
				parse_record(r, file, tok, n, depth);
			n = 0;
			broken = false;
		} else if (n == 0 && !broken) {
			diag_list_add(r->errors, DIAG_ERROR, "%s:%u: indented line outside an entry (entries start at the left margin)",
				      file, line);
			broken = true;
			p = next;
			continue;
		}
		if (!broken && !tokenize_line(r, file, line, q, tok, &n))
			broken = true;
		p = next;
	}
	if (n > 0 && !broken)
		parse_record(r, file, tok, n, depth);
}

static void read_file(struct reader *r, const char *path, unsigned depth)
{
	const char *file = intern_file(r->s, path);
	char *text;
	size_t len;
	struct diag d;

	if (file == NULL) {
		diag_list_add(r->errors, DIAG_ERROR, "%s: out of memory", path);
		return;
	}
	if (!read_regular_file(path, SECRETS_FILE_MAX, &text, &len, &d)) {
		diag_list_add(r->errors, DIAG_ERROR, "%s: %s", path, d.msg);
		return;
	}
	parse_text(r, file, text, len, depth);
	secure_zero(text, len);
	free(text);
}

struct ipsec_secrets *ipsec_secrets_load(const char *path, struct diag_list *errors)
{
	struct ipsec_secrets *s = calloc(1, sizeof(*s));
	struct reader r = { .s = s, .errors = errors, .allow_include = true };
	char *text;
	size_t len;
	struct diag d;

	if (s == NULL) {
		diag_list_add(errors, DIAG_ERROR, "out of memory");
		return NULL;
	}
	const char *file = intern_file(s, path);
	if (file == NULL || !read_regular_file(path, SECRETS_FILE_MAX, &text, &len, &d)) {
		diag_list_add(errors, DIAG_ERROR, "%s: %s", path, file == NULL ? "out of memory" : d.msg);
		ipsec_secrets_free(s);
		return NULL;
	}
	parse_text(&r, file, text, len, 0);
	secure_zero(text, len);
	free(text);
	return s;
}

struct ipsec_secrets *ipsec_secrets_load_buffer(const char *name, const char *text, size_t len,
						bool allow_include, struct diag_list *errors)
{
	struct ipsec_secrets *s = calloc(1, sizeof(*s));
	struct reader r = { .s = s, .errors = errors, .allow_include = allow_include };
	char *copy = malloc(len + 1);
	const char *file = s == NULL ? NULL : intern_file(s, name);

	if (s == NULL || copy == NULL || file == NULL) {
		diag_list_add(errors, DIAG_ERROR, "out of memory");
		free(copy);
		ipsec_secrets_free(s);
		return NULL;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	parse_text(&r, file, copy, len, 0);
	secure_zero(copy, len);
	free(copy);
	return s;
}

void ipsec_secrets_free(struct ipsec_secrets *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nr_entries; i++) {
		secure_zero(s->entries[i].psk, SECRETS_MAX_PSK);
		free(s->entries[i].psk);
		free(s->entries[i].ids);
	}
	free(s->entries);
	for (size_t i = 0; i < s->nr_files; i++)
		free(s->files[i]);
	free(s->files);
	free(s);
}

/* Rank of entry E for the pair, 0 when it does not apply (see .h). */
static unsigned rank(const struct psk_entry *e, const struct id *local, const struct id *remote)
{
	enum { M_DEFAULT = 1, M_ANY = 2, M_REMOTE = 4, M_LOCAL = 8 };
	unsigned m = 0;

	if (e->nr_ids == 0)
		return M_DEFAULT;
	for (size_t i = 0; i < e->nr_ids; i++) {
		if (id_is_any(&e->ids[i])) {
			m |= M_ANY;
			continue;
		}
		if (id_eq(&e->ids[i], local))
			m |= M_LOCAL;
		if (remote != NULL && remote->kind != ID_NONE && id_eq(&e->ids[i], remote))
			m |= M_REMOTE;
	}
	if (m == M_LOCAL && e->nr_ids == 1)
		m |= M_DEFAULT;	/* "@west : PSK": west with any peer */
	switch (m) {
	case M_LOCAL | M_REMOTE:
	case M_LOCAL | M_ANY:
	case M_LOCAL | M_DEFAULT:
	case M_REMOTE | M_ANY:
	case M_ANY:
		return m;
	default:
		return 0;	/* e.g. only the peer matches, or LOCAL among others */
	}
}

const struct psk_entry *ipsec_secrets_find_psk(const struct ipsec_secrets *s,
					       const struct id *local, const struct id *remote)
{
	const struct psk_entry *best = NULL;
	unsigned best_rank = 0;

	for (size_t i = 0; i < s->nr_entries; i++) {
		unsigned r = rank(&s->entries[i], local, remote);
		if (r > best_rank) {
			best_rank = r;
			best = &s->entries[i];
		}
	}
	return best;
}
