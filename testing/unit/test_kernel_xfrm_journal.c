/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The XFRM backend's install journal and tracking, without a kernel:
 * records written by one instance are read back by the next into the set
 * of SAs and policies to remove; adds and deletes cancel; bad lines (a
 * crash cut one short, someone edited the file) are skipped and counted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel_xfrm.h"
#include "fault_fallocate.h"


static struct kernel_said said(const char *dst, uint32_t spi)
{
	struct kernel_said s = { .spi = spi, .proto = IPPROTO_ESP };

	s.dst.family = strchr(dst, ':') != NULL ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(s.dst.family, dst, s.dst.bytes), 1);
	return s;
}

static struct kernel_policy policy(const char *src, unsigned sl, const char *dst, unsigned dl,
				   enum kernel_policy_dir dir)
{
	struct kernel_policy p = { .dir = dir };

	p.src.subnet.addr.family = p.dst.subnet.addr.family =
		strchr(src, ':') != NULL ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(p.src.subnet.addr.family, src, p.src.subnet.addr.bytes), 1);
	assert_int_equal(inet_pton(p.dst.subnet.addr.family, dst, p.dst.subnet.addr.bytes), 1);
	p.src.subnet.prefix_len = (uint8_t)sl;
	p.dst.subnet.prefix_len = (uint8_t)dl;
	return p;
}

/* Write records through the journal writer into memory, read them back. */
static void round_trip(void **state)
{
	char *text = NULL;
	size_t len = 0;
	struct xfrm_journal j = { 0 };
	struct xfrm_track t = { 0 };
	unsigned bad;
	struct kernel_said s1 = said("192.1.2.45", 0x1001), s2 = said("2001:db8::23", 0xfffffffe);
	struct kernel_said s3 = said("192.1.2.23", 0x1002);
	struct kernel_policy p1 = policy("192.0.1.0", 24, "192.0.2.0", 24, KERNEL_POLICY_OUT);
	struct kernel_policy p2 = policy("2001:db8:0:1::", 64, "2001:db8:0:2::", 64, KERNEL_POLICY_FWD);

	s2.mark = (struct kernel_mark){ .value = 0x10, .mask = 0xffffffff };
	p2.dst.ipproto = IPPROTO_TCP;
	p2.dst.port = 443;
	p2.mark = (struct kernel_mark){ .value = 1, .mask = 0xff };

	j.f = open_memstream(&text, &len);
	assert_non_null(j.f);
	snprintf(j.path, sizeof(j.path), "memory");
	xfrm_journal_sa(&j, true, &s1);
	xfrm_journal_sa(&j, true, &s2);
	xfrm_journal_sa(&j, true, &s3);
	xfrm_journal_sa(&j, false, &s3);	/* deleted again: not a leftover */
	xfrm_journal_policy(&j, true, &p1);
	xfrm_journal_policy(&j, true, &p2);
	fclose(j.f);

	FILE *f = fmemopen(text, len, "r");
	assert_non_null(f);
	assert_true(xfrm_journal_replay_file(f, "memory", &t, &bad));
	fclose(f);
	assert_int_equal(bad, 0);
	assert_int_equal(t.nsas, 2);
	assert_int_equal(t.npolicies, 2);

	/* What came back is what went in: deleting it empties the set. */
	xfrm_untrack_sa(&t, &s1);
	xfrm_untrack_sa(&t, &s2);
	assert_int_equal(t.nsas, 0);
	xfrm_untrack_policy(&t, &p1);
	assert_int_equal(t.npolicies, 1);
	/* p2's mark and port were kept: without them it does not match. */
	struct kernel_policy p2_nomark = p2;
	p2_nomark.mark.mask = 0;
	xfrm_untrack_policy(&t, &p2_nomark);
	assert_int_equal(t.npolicies, 1);
	xfrm_untrack_policy(&t, &p2);
	assert_int_equal(t.npolicies, 0);
	xfrm_track_free(&t);
	free(text);
}

/* Replay LEN bytes of TEXT into T; the number of bad lines. */
static unsigned replay_text(const char *text, size_t len, struct xfrm_track *t)
{
	unsigned bad;
	FILE *f = fmemopen((void *)text, len, "r");

	assert_non_null(f);
	assert_true(xfrm_journal_replay_file(f, "test", t, &bad));
	fclose(f);
	return bad;
}

static void bad_lines(void **state)
{
	static const char text[] =
		"sa add 192.1.2.45 00001001 50 00000000 00000000\n"
		"sa add 192.1.2.45 00001001 50 00000000\n"		/* cut short */
		"sa add 192.1.2.999 00001002 50 00000000 00000000\n"	/* bad address */
		"sa add 192.1.2.45 1ffffffff 50 00000000 00000000\n"	/* SPI > 32 bits */
		"sa add 192.1.2.45 -1 50 00000000 00000000\n"		/* negative */
		"sa add 192.1.2.45 00001003 256 00000000 00000000\n"	/* proto > 255 */
		"sa move 192.1.2.45 00001004 50 00000000 00000000\n"	/* unknown verb */
		"policy add sideways 10.0.0.0/8/0/0 10.1.0.0/16/0/0 0 0\n"
		"policy add out 10.0.0.0/33/0/0 10.1.0.0/16/0/0 0 0\n"	/* prefix */
		"policy add out 10.0.0.0/8/0/70000 10.1.0.0/16/0/0 0 0\n"	/* port */
		"policy add out 10.0.0.0/8/0 10.1.0.0/16/0/0 0 0\n"	/* short selector */
		"policy add out 10.0.0.0/8/0/0/9 10.1.0.0/16/0/0 0 0\n"	/* long selector */
		"policy add out 10.0.0.0/8/0/0 2001:db8::/32/0/0 0 0\n"	/* families differ */
		"policy add in 10.0.0.0/8/6/22 10.1.0.0/16/0/0 0 0 extra\n"
		"policy add in 10.0.0.0/8/6/22 10.1.0.0/16/0/0 0 0\n"	/* the good one */
		"\n"
		"sa add 192.1.2.45 00001005 50 0 0";			/* no newline: fine */
	struct xfrm_track t = { 0 };

	assert_int_equal(replay_text(text, sizeof(text) - 1, &t), 14);	/* 13 broken records and the empty line */
	assert_int_equal(t.nsas, 2);
	assert_int_equal(t.npolicies, 1);
	assert_int_equal(t.policies[0].dir, KERNEL_POLICY_IN);
	assert_int_equal(t.policies[0].src.port, 22);
	assert_int_equal(t.policies[0].src.ipproto, 6);
	assert_int_equal(t.sas[1].spi, 0x1005);
	xfrm_track_free(&t);
}

static void overlong_line(void **state)
{
	char text[2000];
	struct xfrm_track t = { 0 };

	memset(text, 'x', sizeof(text));
	text[1500] = '\n';
	snprintf(text + 1501, sizeof(text) - 1501, "sa add 10.0.0.1 00000100 50 0 0\n");
	assert_int_equal(replay_text(text, strlen(text), &t), 1);
	assert_int_equal(t.nsas, 1);
	xfrm_track_free(&t);
}

/* Tracking: duplicates collapse, removal finds by identity. */
static void tracking(void **state)
{
	struct xfrm_track t = { 0 };

	for (uint32_t i = 0; i < 100; i++) {
		struct kernel_said s = said("192.1.2.45", 0x1000 + i);

		assert_true(xfrm_track_sa(&t, &s));
		assert_true(xfrm_track_sa(&t, &s));
	}
	assert_int_equal(t.nsas, 100);
	struct kernel_said other_proto = said("192.1.2.45", 0x1000);
	other_proto.proto = IPPROTO_AH;
	xfrm_untrack_sa(&t, &other_proto);
	assert_int_equal(t.nsas, 100);
	/* an SPI in use to that address, whatever the mark; not elsewhere */
	struct ip_address dst = said("192.1.2.45", 0).dst, other = said("192.1.2.23", 0).dst;
	assert_true(xfrm_tracks_spi(&t, &dst, IPPROTO_ESP, 0x1000));
	assert_false(xfrm_tracks_spi(&t, &dst, IPPROTO_AH, 0x1000));
	assert_false(xfrm_tracks_spi(&t, &other, IPPROTO_ESP, 0x1000));
	assert_false(xfrm_tracks_spi(&t, &dst, IPPROTO_ESP, 0x1000 + 100));
	struct kernel_said marked = said("192.1.2.45", 0x2000);
	marked.mark = (struct kernel_mark){ 7, 0xff };
	assert_true(xfrm_track_sa(&t, &marked));
	assert_true(xfrm_tracks_spi(&t, &dst, IPPROTO_ESP, 0x2000));
	xfrm_untrack_sa(&t, &marked);
	struct kernel_said s0 = said("192.1.2.45", 0x1000);
	xfrm_untrack_sa(&t, &s0);
	assert_int_equal(t.nsas, 99);
	assert_false(xfrm_tracks_spi(&t, &dst, IPPROTO_ESP, 0x1000));
	xfrm_track_free(&t);
	assert_int_equal(t.nsas, 0);
	assert_null(t.sas);
}

/* A journal that only grew is rewritten as what is tracked: the next
 * instance reads the same set back from a file a fraction of the size. */
static void compaction(void **state)
{
	char dir[] = "/tmp/xswan-journal-XXXXXX";
	char path[200], tmp[210];
	struct xfrm_journal j = { 0 };
	struct xfrm_track t = { 0 }, back = { 0 };
	struct kernel_policy p = policy("192.0.1.0", 24, "192.0.2.0", 24, KERNEL_POLICY_OUT);
	struct diag d;
	struct stat before, after;
	unsigned bad;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/journal", dir);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	snprintf(j.path, sizeof(j.path), "%s", path);
	j.f = fopen(path, "w");
	assert_non_null(j.f);
	xfrm_journal_policy(&j, true, &p);
	assert_true(xfrm_track_policy(&t, &p));
	/* 3000 rekeys of one SA: each new SA added, the old one deleted */
	for (uint32_t i = 0; i < 3000; i++) {
		struct kernel_said now = said("192.1.2.45", 0x1000 + i + 1);
		struct kernel_said old = said("192.1.2.45", 0x1000 + i);

		xfrm_journal_sa(&j, true, &now);
		assert_true(xfrm_track_sa(&t, &now));
		if (i > 0) {
			xfrm_journal_sa(&j, false, &old);
			xfrm_untrack_sa(&t, &old);
		}
		/* not before there are enough lines */
		if (j.lines < XFRM_JOURNAL_COMPACT_MIN)
			assert_false(xfrm_journal_compact_due(&j, &t));
	}
	assert_true(j.lines >= XFRM_JOURNAL_COMPACT_MIN);
	assert_true(xfrm_journal_compact_due(&j, &t));
	assert_int_equal(stat(path, &before), 0);

	assert_true(xfrm_journal_compact(&j, &t, &d));
	assert_int_equal(j.lines, 2);	/* the policy and the newest SA */
	assert_false(xfrm_journal_compact_due(&j, &t));
	assert_int_not_equal(access(tmp, F_OK), 0);
	/* the journal goes on in the new file */
	struct kernel_said next = said("192.1.2.45", 0x9000);
	xfrm_journal_sa(&j, true, &next);
	fclose(j.f);
	assert_int_equal(stat(path, &after), 0);
	assert_true(after.st_size * 100 < before.st_size);

	assert_true(xfrm_journal_replay(path, &back, &bad, &d));
	assert_int_equal(bad, 0);
	assert_int_equal(back.npolicies, 1);
	assert_int_equal(back.nsas, 2);
	assert_true(xfrm_tracks_spi(&back, &next.dst, IPPROTO_ESP, 0x1000 + 3000));
	assert_true(xfrm_tracks_spi(&back, &next.dst, IPPROTO_ESP, 0x9000));
	unlink(path);
	rmdir(dir);
	xfrm_track_free(&t);
	xfrm_track_free(&back);
}

/* A daemon that dies leaves its journal as written so far, followed by
 * the zero bytes its file had reserved (mapped_file.h): the next
 * instance reads every line and stops at the zeros. */
static void journal_of_a_dead_writer(void **state)
{
	char dir[] = "/tmp/xswan-journal-XXXXXX";
	char path[200];
	struct xfrm_journal j = { 0 };
	struct xfrm_track back = { 0 };
	struct diag d;
	struct stat st;
	unsigned bad;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/journal", dir);
	j.f = xfrm_journal_create(path);
	assert_non_null(j.f);
	for (uint32_t i = 0; i < 3; i++) {
		struct kernel_said s = said("192.1.2.45", 0x1000 + i);
		xfrm_journal_sa(&j, true, &s);
	}
	/* not closed: what a reader finds now is what a crash leaves */
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 3 * 60);	/* zero bytes after the lines */
	assert_true(xfrm_journal_replay(path, &back, &bad, &d));
	assert_int_equal(bad, 0);
	assert_int_equal(back.nsas, 3);
	fclose(j.f);
	/* closed: cut to what was written */
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 0 && st.st_size < 3 * 60);
	unlink(path);
	rmdir(dir);
	xfrm_track_free(&back);
}

/* The journal's file system fills up: pluto says so once and goes on
 * (no crash, no SIGBUS from the mapping). */
static void full_file_system(void **state)
{
	char dir[] = "/tmp/xswan-journal-XXXXXX";
	char path[200];
	struct xfrm_journal j = { 0 };

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/journal", dir);
	snprintf(j.path, sizeof(j.path), "%s", path);
	j.f = xfrm_journal_create(path);
	assert_non_null(j.f);
	fallocate_errno = ENOSPC;
	/* past the first 64 KiB the file has */
	for (uint32_t i = 0; i < 2000; i++) {
		struct kernel_said s = said("192.1.2.45", 0x1000 + i);
		xfrm_journal_sa(&j, true, &s);
	}
	fallocate_errno = 0;
	assert_true(j.complained);
	fclose(j.f);
	unlink(path);
	rmdir(dir);
}

/* A line cut short by the crash, then zeros: the lines before it count,
 * the cut one is reported, nothing after it is read. */
static void cut_line_before_zeros(void **state)
{
	static const char text[] =
		"sa add 192.1.2.45 00001001 50 00000000 00000000\n"
		"sa add 192.1.2.45 000010\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
	struct xfrm_track t = { 0 };

	assert_int_equal(replay_text(text, sizeof(text) - 1, &t), 1);
	assert_int_equal(t.nsas, 1);
	xfrm_track_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(journal_of_a_dead_writer),
		cmocka_unit_test(cut_line_before_zeros),
		cmocka_unit_test(full_file_system),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(bad_lines),
		cmocka_unit_test(overlong_line),
		cmocka_unit_test(tracking),
		cmocka_unit_test(compaction),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
