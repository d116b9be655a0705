/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading ipsec.conf text into sections of KEY=VALUE entries, with
 * Libreswan's layout rules:
 *  - "config setup", "conn NAME", "include FILE" and "version N" start
 *    at the left margin; the KEY=VALUE lines of a section are indented;
 *  - "#" after white space (or at the start) begins a comment;
 *  - a value is "double quoted" (no quote or newline inside), {braced},
 *    or one word without white space or quotes;
 *  - include takes one file name, relative to the including file's
 *    directory, with shell wildcards; nesting stops at 10 levels.
 * Keys are looked up here so that an unknown keyword is reported with
 * its file and line; what a value means is checked later.
 */
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_read.h"
#include "ipsec_conf_internal.h"

#define CONF_FILE_MAX (4u << 20)	/* 4 MiB: far beyond any real config */

/* A section that swallows the lines under a broken header, so they do
 * not each report "outside a section". */
static struct conf_section dead_section;

static const char *intern_file(struct conf_text *t, const char *path)
{
	return file_names_intern(&t->files, &t->nr_files, &t->cap_files, path);
}

static void section_error(struct conf_section *s, const char *msg)
{
	if (s != NULL && s != &dead_section && s->error[0] == '\0')
		snprintf(s->error, sizeof(s->error), "%.500s", msg);
}

/* Report FILE:LINE: MSG, and remember it against SECTION. */
static void line_error(struct conf_text *t, struct conf_section *s, const char *file,
		       unsigned line, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void line_error(struct conf_text *t, struct conf_section *s, const char *file,
		       unsigned line, const char *fmt, ...)
{
	char msg[400], full[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%.100s:%u: %s", file, line, msg);
	diag_list_add(t->errors, DIAG_ERROR, "%s", full);
	section_error(s, full);
}

static struct conf_section *add_section(struct conf_text *t, enum section_kind kind,
					const char *name, const char *file, unsigned line)
{
	if (t->nr_sections == t->cap_sections) {
		size_t cap = t->cap_sections == 0 ? 16 : t->cap_sections * 2;
		struct conf_section *s = realloc(t->sections, cap * sizeof(*s));
		if (s == NULL)
			return NULL;
		t->sections = s;
		t->cap_sections = cap;
	}
	struct conf_section *s = &t->sections[t->nr_sections];
	*s = (struct conf_section){ .kind = kind, .file = file, .line = line };
	s->name = strdup(name);
	if (s->name == NULL)
		return NULL;
	t->nr_sections++;
	return s;
}

static bool add_entry(struct conf_section *s, const struct conf_entry *e)
{
	if (s->nr_entries == s->cap_entries) {
		size_t cap = s->cap_entries == 0 ? 8 : s->cap_entries * 2;
		struct conf_entry *entries = realloc(s->entries, cap * sizeof(*entries));
		if (entries == NULL)
			return false;
		s->entries = entries;
		s->cap_entries = cap;
	}
	s->entries[s->nr_entries++] = *e;
	return true;
}

/* Names must start with a letter or digit and hold only letters,
 * digits, '.', '_', '-' (and "%default"): safe to print and to match. */
static bool valid_conn_name(const char *n)
{
	if (strcmp(n, "%default") == 0)
		return true;
	if (!isalnum((unsigned char)n[0]))
		return false;
	for (; *n != '\0'; n++) {
		if (!isalnum((unsigned char)*n) && *n != '.' && *n != '_' && *n != '-')
			return false;
	}
	return true;
}

static char *skip_blanks(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Cut the next word off *P (NUL-terminated in place); NULL at end of
 * line or at a comment. */
static char *next_word(char **p)
{
	char *s = skip_blanks(*p);

	if (*s == '\0' || *s == '#')
		return NULL;
	char *e = s;
	while (*e != '\0' && *e != ' ' && *e != '\t')
		e++;
	if (*e != '\0')
		*e++ = '\0';
	*p = e;
	return s;
}

static bool rest_is_empty(char *p)
{
	p = skip_blanks(p);
	return *p == '\0' || *p == '#';
}

static void read_include(struct conf_text *t, const char *file, unsigned line,
			 const char *pattern, unsigned depth)
{
	char path[4096];

	if (!t->allow_include) {
		line_error(t, NULL, file, line, "include is not allowed here");
		return;
	}
	if (depth + 1 > CONF_MAX_INCLUDE_DEPTH) {
		line_error(t, NULL, file, line,
			   "include \"%s\": includes nested more than %d deep (is a file including itself?)",
			   pattern, CONF_MAX_INCLUDE_DEPTH);
		return;
	}
	if (pattern[0] == '/') {
		snprintf(path, sizeof(path), "%s", pattern);
	} else {
		const char *slash = strrchr(file, '/');
		int dirlen = slash == NULL ? 0 : (int)(slash - file + 1);
		if (snprintf(path, sizeof(path), "%.*s%s", dirlen, file, pattern) >= (int)sizeof(path)) {
			line_error(t, NULL, file, line, "include \"%s\": path too long", pattern);
			return;
		}
	}

	glob_t g;
	int r = glob(path, GLOB_ERR, NULL, &g);
	if (r == GLOB_NOMATCH) {
		/* A wildcard that matches nothing is fine (an empty
		 * /etc/ipsec.d); a plain name that is missing is not. */
		if (strpbrk(pattern, "*?[") == NULL)
			line_error(t, NULL, file, line, "include \"%s\": cannot open %s: %s", pattern,
				   path, strerror(ENOENT));
		globfree(&g);
		return;
	}
	if (r != 0) {
		line_error(t, NULL, file, line, "include \"%s\": cannot read the directory of %s",
			   pattern, path);
		globfree(&g);
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++)
		conf_read_file(t, g.gl_pathv[i], depth + 1);
	globfree(&g);
}

/* A "KEY = VALUE [# comment]" line inside section S. */
static void read_keyword_line(struct conf_text *t, struct conf_section *s, const char *file,
			      unsigned line, char *p)
{
	char *key = p;
	while (*p != '\0' && *p != '=' && *p != ' ' && *p != '\t' && *p != '"')
		p++;
	char *key_end = p;
	p = skip_blanks(p);
	if (*p != '=') {
		*key_end = '\0';
		line_error(t, s, file, line, "\"%.64s\": expected KEY=VALUE", key);
		return;
	}
	*key_end = '\0';
	if (key == key_end) {
		line_error(t, s, file, line, "missing keyword before \"=\"");
		return;
	}
	for (const char *c = key; *c != '\0'; c++) {
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.') {
			line_error(t, s, file, line, "a keyword holds only letters, digits, '-', '_' and '.'");
			return;
		}
	}
	/* x-anything= and x_anything= are the user's own notes; as in
	 * Libreswan their value is the rest of the line, spaces and all. */
	if ((key[0] == 'x' || key[0] == 'X') && (key[1] == '-' || key[1] == '_'))
		return;
	p = skip_blanks(p + 1);

	char *value;
	if (*p == '"' || *p == '{') {
		char close = *p == '"' ? '"' : '}';
		value = ++p;
		while (*p != '\0' && *p != close && !(close == '}' && *p == '"'))
			p++;
		if (*p != close) {
			line_error(t, s, file, line, "%.64s: missing closing %c (a value cannot span lines or contain a double quote)",
				   key, close);
			return;
		}
		*p++ = '\0';
	} else {
		value = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '"')
			p++;
		if (*p == '"') {
			line_error(t, s, file, line, "%.64s: a double quote inside a value; quote the whole value",
				   key);
			return;
		}
		if (*p != '\0')
			*p++ = '\0';
	}
	if (!rest_is_empty(p)) {
		line_error(t, s, file, line, "%.64s: unexpected text \"%.32s\" after the value; put values with spaces in double quotes",
			   key, skip_blanks(p));
		return;
	}

	enum conf_end end;
	const struct keyword *kw = keyword_lookup(key, &end);
	if (kw == NULL) {
		line_error(t, s, file, line, "unknown keyword \"%.64s\"", key);
		return;
	}
	if (s->kind == SECTION_SETUP && kw->scope != KS_SETUP) {
		line_error(t, s, file, line, "\"%.64s\" belongs in a conn section, not in config setup", key);
		return;
	}
	if (s->kind == SECTION_CONN && kw->scope == KS_SETUP) {
		line_error(t, s, file, line, "\"%.64s\" belongs in config setup, not in conn \"%s\"", key,
			   s->name);
		return;
	}
	if (kw->type == KT_ALSO && strcmp(s->name, "%default") == 0) {
		line_error(t, s, file, line, "also= is not allowed in conn %%default");
		return;
	}
	/* An empty value means "the default": as if the line were not there. */
	if (value[0] == '\0' && kw->type != KT_UPDOWN)
		return;

	struct conf_entry e = {
		.kw = kw, .end = end, .file = file, .line = line,
		.key = strdup(key), .value = strdup(value),
	};
	if (e.key == NULL || e.value == NULL || !add_entry(s, &e)) {
		free(e.key);
		free(e.value);
		line_error(t, s, file, line, "out of memory");
	}
}

/* A line at the left margin: a section header, include or version. */
static struct conf_section *read_header_line(struct conf_text *t, const char *file, unsigned line,
					     char *p, unsigned depth)
{
	char *word = next_word(&p);
	char *arg = next_word(&p);

	if (strcmp(word, "version") == 0)
		return NULL;	/* "version 2": kept for old files, ignored */
	if (strcmp(word, "include") == 0) {
		if (arg == NULL || !rest_is_empty(p)) {
			line_error(t, NULL, file, line, "include takes exactly one file name (no spaces)");
			return NULL;
		}
		read_include(t, file, line, arg, depth);
		return NULL;
	}
	if (strcmp(word, "config") == 0) {
		if (arg == NULL || strcmp(arg, "setup") != 0 || !rest_is_empty(p)) {
			line_error(t, NULL, file, line, "unknown section \"config %.32s\"; the only config section is \"config setup\"",
				   arg == NULL ? "" : arg);
			return &dead_section;
		}
		struct conf_section *s = add_section(t, SECTION_SETUP, "setup", file, line);
		return s != NULL ? s : &dead_section;
	}
	if (strcmp(word, "conn") == 0) {
		if (arg == NULL || !rest_is_empty(p)) {
			line_error(t, NULL, file, line, "\"conn\" needs exactly one name");
			return &dead_section;
		}
		if (!valid_conn_name(arg)) {
			line_error(t, NULL, file, line, "conn name \"%.64s\": use letters, digits, '.', '_' and '-'",
				   arg);
			return &dead_section;
		}
		if (strcmp(arg, "%default") != 0) {
			for (size_t i = 0; i < t->nr_sections; i++) {
				struct conf_section *o = &t->sections[i];
				if (o->kind == SECTION_CONN && strcmp(o->name, arg) == 0) {
					/* Which one was meant is unknowable: load neither. */
					line_error(t, o, file, line, "conn \"%s\" is defined twice (first at %s:%u)",
						   arg, o->file, o->line);
					return &dead_section;
				}
			}
		}
		struct conf_section *s = add_section(t, SECTION_CONN, arg, file, line);
		return s != NULL ? s : &dead_section;
	}
	line_error(t, NULL, file, line, "unexpected \"%.32s\" at the start of a line (KEY=VALUE lines must be indented under \"conn NAME\" or \"config setup\")",
		   word);
	return &dead_section;
}

static void read_text(struct conf_text *t, const char *file, char *text, size_t len, unsigned depth)
{
	/* Section indices, not pointers: an include may grow the array. */
	ssize_t cur = -1;	/* -1 none, -2 dead */
	unsigned line = 0;
	char *p = text, *end = text + len;

	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		char *next = eol != NULL ? eol + 1 : end;
		if (eol == NULL)
			eol = end;
		line++;
		if (memchr(p, '\0', (size_t)(eol - p)) != NULL) {
			line_error(t, cur >= 0 ? &t->sections[cur] : NULL, file, line, "line contains a NUL byte");
			p = next;
			continue;
		}
		*eol = '\0';
		if (eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		/* Control characters would reach logs through messages. */
		bool control = false;
		for (const char *c = p; *c != '\0'; c++)
			control |= ((unsigned char)*c < ' ' && *c != '\t') || *c == 0x7f;
		if (control) {
			line_error(t, cur >= 0 ? &t->sections[cur] : NULL, file, line,
				   "line contains a control character");
			p = next;
			continue;
		}

		char *q = skip_blanks(p);
		if (*q == '\0' || *q == '#') {
			p = next;
			continue;	/* blank or comment line */
		}
		if (q != p) {
			if (cur == -1)
				line_error(t, NULL, file, line, "indented line outside a section (KEY=VALUE lines go under \"conn NAME\" or \"config setup\")");
			else if (cur >= 0)
				read_keyword_line(t, &t->sections[cur], file, line, q);
		} else {
			struct conf_section *s = read_header_line(t, file, line, q, depth);
			cur = s == NULL ? -1 : s == &dead_section ? -2 : (ssize_t)(s - t->sections);
		}
		p = next;
	}
}

void conf_read_buffer(struct conf_text *t, const char *name, const char *text, size_t len)
{
	const char *file = intern_file(t, name);
	char *copy = malloc(len + 1);

	if (file == NULL || copy == NULL) {
		diag_list_add(t->errors, DIAG_ERROR, "%s: out of memory", name);
		free(copy);
		return;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	read_text(t, file, copy, len, 0);
	free(copy);
}

void conf_read_file(struct conf_text *t, const char *path, unsigned depth)
{
	const char *file = intern_file(t, path);
	char *text;
	size_t len;
	struct diag d;

	if (file == NULL) {
		diag_list_add(t->errors, DIAG_ERROR, "%s: out of memory", path);
		return;
	}
	if (!read_regular_file(path, CONF_FILE_MAX, &text, &len, &d)) {
		diag_list_add(t->errors, DIAG_ERROR, "%s: %s", path, d.msg);
		if (depth == 0)
			t->unreadable = true;
		return;
	}
	read_text(t, file, text, len, depth);
	free(text);
}

void conf_text_free(struct conf_text *t)
{
	for (size_t i = 0; i < t->nr_sections; i++) {
		struct conf_section *s = &t->sections[i];
		for (size_t j = 0; j < s->nr_entries; j++) {
			free(s->entries[j].key);
			free(s->entries[j].value);
		}
		free(s->entries);
		free(s->name);
	}
	free(t->sections);
	/* t->files moves to the ipsec_conf (conn->file points into it). */
	t->sections = NULL;
	t->nr_sections = t->cap_sections = 0;
}
