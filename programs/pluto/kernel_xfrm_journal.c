/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The install journal: what a backend instance has put into the kernel,
 * one line per change, in a file under pluto's run directory.
 *
 * Tracking in memory covers a clean stop.  A daemon that crashed, or was
 * killed, leaves its SAs and policies behind; Libreswan answers that by
 * flushing the whole SAD and SPD at the next start (libreswan.md §1.6),
 * taking everyone else's entries with them.  Instead, the next instance
 * reads the journal, removes exactly what the previous one left, and
 * starts a fresh journal.  /run is a tmpfs: after a reboot there is no
 * journal and nothing to remove.
 *
 * Lines (text, so an administrator can read them):
 *   sa add|del <dst> <spi-hex> <proto> <mark-value-hex> <mark-mask-hex>
 *   policy add|del <in|out|fwd> <src-sel> <dst-sel> <mark-value-hex> <mark-mask-hex>
 * where a selector is <addr>/<prefix>/<proto>/<port>.
 * An add is written before the request is sent, so a crash in between
 * leaves an entry whose removal finds nothing (counted as "gone").
 * The file is ours but is still read as untrusted: a bad line (e.g. one
 * cut short by a crash) is logged with its line number and skipped.
 * Every rekey adds lines and none go away, so a long-lived daemon's
 * journal is rewritten as what is tracked once it holds several times
 * more lines than that (xfrm_journal_compact; /run is memory).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kernel_xfrm.h"
#include "log.h"
#include "mapped_file.h"

static const char *const dir_words[] = {
	[KERNEL_POLICY_IN] = "in", [KERNEL_POLICY_OUT] = "out", [KERNEL_POLICY_FWD] = "fwd",
};

static void put_sel(FILE *f, const struct ip_selector *s)
{
	fprintf(f, " %s/%u/%u/%u", xfrm_addr_text(&s->subnet.addr).s,
		(unsigned)s->subnet.prefix_len, (unsigned)s->ipproto, (unsigned)s->port);
}

static void flush_or_complain(struct xfrm_journal *j)
{
	if (j->held)
		return;
	/* a stream whose write failed may still flush "successfully"
	 * (mapped_file.h): the error flag tells */
	if ((fflush(j->f) != 0 || ferror(j->f)) && !j->complained) {
		llog("kernel: writing the install journal %s: %s; a crash now would leave entries behind",
		     j->path, strerror(errno));
		j->complained = true;
	}
}

void xfrm_journal_hold(struct xfrm_journal *j)
{
	j->held = true;
}

void xfrm_journal_release(struct xfrm_journal *j)
{
	j->held = false;
	if (j->f != NULL)
		flush_or_complain(j);
}

void xfrm_journal_sa(struct xfrm_journal *j, bool add, const struct kernel_said *s)
{
	if (j->f == NULL)
		return;
	fprintf(j->f, "sa %s %s %08" PRIx32 " %u %08" PRIx32 " %08" PRIx32 "\n",
		add ? "add" : "del", xfrm_addr_text(&s->dst).s, s->spi, (unsigned)s->proto,
		s->mark.value, s->mark.mask);
	j->lines++;
	flush_or_complain(j);
}

void xfrm_journal_policy(struct xfrm_journal *j, bool add, const struct kernel_policy *p)
{
	if (j->f == NULL || p->dir < KERNEL_POLICY_IN || p->dir > KERNEL_POLICY_FWD)
		return;
	fprintf(j->f, "policy %s %s", add ? "add" : "del", dir_words[p->dir]);
	put_sel(j->f, &p->src);
	put_sel(j->f, &p->dst);
	fprintf(j->f, " %08" PRIx32 " %08" PRIx32 "\n", p->mark.value, p->mark.mask);
	j->lines++;
	flush_or_complain(j);
}

/* A flushed line costs no system call (mapped_file.h): one write() per
 * tunnel per end otherwise. */
FILE *xfrm_journal_create(const char *path)
{
	return mapped_file_create(path);
}

void xfrm_journal_write_tracked(struct xfrm_journal *j, const struct xfrm_track *t)
{
	for (size_t i = 0; i < t->npolicies; i++) {
		struct kernel_policy p;

		xfrm_tracked_policy_to_policy(&t->policies[i], &p);
		xfrm_journal_policy(j, true, &p);
	}
	for (size_t i = 0; i < t->nsas; i++)
		xfrm_journal_sa(j, true, &t->sas[i]);
}

bool xfrm_journal_compact_due(const struct xfrm_journal *j, const struct xfrm_track *t)
{
	size_t live = t->nsas + t->npolicies;

	return j->f != NULL && !j->held && j->lines >= XFRM_JOURNAL_COMPACT_MIN &&
	       j->lines > XFRM_JOURNAL_SLACK * live;
}

bool xfrm_journal_compact(struct xfrm_journal *j, const struct xfrm_track *t, struct diag *d)
{
	char tmp[sizeof(j->path) + 8];
	struct xfrm_journal nj = { .held = true };

	snprintf(tmp, sizeof(tmp), "%s.new", j->path);
	nj.f = xfrm_journal_create(tmp);
	if (nj.f == NULL) {
		/* try again after as many lines again */
		j->lines = 0;
		return diag(d, "kernel: rewriting the install journal: creating %s: %s", tmp,
			    strerror(errno));
	}
	xfrm_journal_write_tracked(&nj, t);
	if (fflush(nj.f) != 0 || ferror(nj.f) || rename(tmp, j->path) < 0) {
		int err = errno;

		fclose(nj.f);
		unlink(tmp);
		j->lines = 0;
		return diag(d, "kernel: rewriting the install journal %s: %s", j->path,
			    strerror(err));
	}
	fclose(j->f);
	j->f = nj.f;
	j->lines = nj.lines;
	return true;
}

static bool parse_addr(const char *s, struct ip_address *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		a->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, a->bytes) == 1) {
		a->family = AF_INET6;
		return true;
	}
	return false;
}

/* A whole unsigned number in [0, max], in BASE; nothing else in S. */
static bool parse_num(const char *s, int base, unsigned long max, unsigned long *v)
{
	char *end;

	if (*s == '\0' || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*v = strtoul(s, &end, base);
	return errno == 0 && *end == '\0' && *v <= max;
}

static bool parse_sel(char *s, struct ip_selector *sel)
{
	char *parts[4];
	unsigned long prefix, proto, port;

	for (int i = 0; i < 4; i++) {
		parts[i] = strsep(&s, "/");
		if (parts[i] == NULL)
			return false;
	}
	if (s != NULL || !parse_addr(parts[0], &sel->subnet.addr) ||
	    !parse_num(parts[1], 10, sel->subnet.addr.family == AF_INET ? 32 : 128, &prefix) ||
	    !parse_num(parts[2], 10, 255, &proto) || !parse_num(parts[3], 10, 65535, &port))
		return false;
	sel->subnet.prefix_len = (uint8_t)prefix;
	sel->ipproto = (uint8_t)proto;
	sel->port = (uint16_t)port;
	return true;
}

static bool parse_mark(char *v, char *m, struct kernel_mark *mark)
{
	unsigned long value, mask;

	if (v == NULL || m == NULL || !parse_num(v, 16, UINT32_MAX, &value) ||
	    !parse_num(m, 16, UINT32_MAX, &mask))
		return false;
	mark->value = (uint32_t)value;
	mark->mask = (uint32_t)mask;
	return true;
}

/* One line into T (add) or out of it (del); false when malformed. */
static bool replay_line(char *line, struct xfrm_track *t)
{
	char *w[8];
	int n = 0;
	char *save = NULL;

	for (char *tok = strtok_r(line, " \n", &save); tok != NULL;
	     tok = strtok_r(NULL, " \n", &save)) {
		if (n == 8)
			return false;
		w[n++] = tok;
	}
	if (n < 2)
		return false;
	bool add = strcmp(w[1], "add") == 0;

	if (!add && strcmp(w[1], "del") != 0)
		return false;
	if (strcmp(w[0], "sa") == 0 && n == 7) {
		struct kernel_said s = { 0 };
		unsigned long spi, proto;

		if (!parse_addr(w[2], &s.dst) || !parse_num(w[3], 16, UINT32_MAX, &spi) ||
		    !parse_num(w[4], 10, 255, &proto) || !parse_mark(w[5], w[6], &s.mark))
			return false;
		s.spi = (uint32_t)spi;
		s.proto = (uint8_t)proto;
		if (add)
			return xfrm_track_sa(t, &s);
		xfrm_untrack_sa(t, &s);
		return true;
	}
	if (strcmp(w[0], "policy") == 0 && n == 7) {
		struct kernel_policy p = { 0 };
		int dir;

		for (dir = KERNEL_POLICY_IN; dir <= KERNEL_POLICY_FWD; dir++) {
			if (strcmp(w[2], dir_words[dir]) == 0)
				break;
		}
		if (dir > KERNEL_POLICY_FWD || !parse_sel(w[3], &p.src) ||
		    !parse_sel(w[4], &p.dst) || !parse_mark(w[5], w[6], &p.mark) ||
		    p.src.subnet.addr.family != p.dst.subnet.addr.family)
			return false;
		p.dir = (enum kernel_policy_dir)dir;
		if (add)
			return xfrm_track_policy(t, &p);
		xfrm_untrack_policy(t, &p);
		return true;
	}
	return false;
}

bool xfrm_journal_replay_file(FILE *f, const char *name, struct xfrm_track *t,
			      unsigned *bad_lines)
{
	char line[512];
	unsigned lineno = 0;

	*bad_lines = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t n = strlen(line);

		lineno++;
		/* Zero bytes: the space a writer that died had reserved
		 * beyond its last line (mapped_file.h).  The end. */
		if (n == 0)
			break;
		if (line[n - 1] != '\n' && !feof(f) && n < sizeof(line) - 1) {
			llog("kernel: %s:%u: line cut short; skipped", name, lineno);
			(*bad_lines)++;
			break;
		}
		if (line[n - 1] != '\n' && !feof(f)) {
			int c;

			while ((c = fgetc(f)) != EOF && c != '\n')
				;	/* skip the rest of an overlong line */
			llog("kernel: %s:%u: line too long; skipped", name, lineno);
			(*bad_lines)++;
			continue;
		}
		if (!replay_line(line, t)) {
			llog("kernel: %s:%u: not a journal line; skipped", name, lineno);
			(*bad_lines)++;
		}
	}
	return !ferror(f);
}

bool xfrm_journal_replay(const char *path, struct xfrm_track *t, unsigned *bad_lines,
			 struct diag *d)
{
	FILE *f = fopen(path, "re");
	bool ok;

	*bad_lines = 0;
	if (f == NULL) {
		if (errno == ENOENT)
			return true;	/* the previous instance stopped cleanly, or none ran */
		return diag(d, "kernel: reading the install journal %s: %s", path, strerror(errno));
	}
	ok = xfrm_journal_replay_file(f, path, t, bad_lines);
	fclose(f);
	if (!ok)
		return diag(d, "kernel: reading the install journal %s failed", path);
	return true;
}
