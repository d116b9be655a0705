/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The whack wire format: every verb round-trips; every truncation,
 * every oversize, every bad field of a request and of a reply frame is
 * rejected with a message and never read past its end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "whack_msg.h"

static size_t encode(const struct whack_request *req, uint8_t *out, size_t cap)
{
	struct buf b = BUF(out, cap);
	struct diag d;

	assert_true(whack_request_encode(req, &b, &d));
	return b.len;
}

/* Decode a heap copy of exactly LEN bytes so ASan catches any overread. */
static bool decode_exact(const uint8_t *p, size_t len, struct whack_request *req,
			 struct diag *d)
{
	uint8_t *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, p, len);
	bool ok = whack_request_decode(BYTES(copy, len), req, d);
	free(copy);
	return ok;
}

static void valid_request(enum whack_verb v, struct whack_request *req)
{
	const struct whack_verb_info *info = whack_verb_info(v);

	memset(req, 0, sizeof(*req));
	req->verb = v;
	if (info->needs_name)
		strcpy(req->name, "west-east");
	if (info->needs_number)
		req->number = 7;
}

static void test_round_trip_every_verb(void **state)
{
	for (unsigned v = WHACK_PING; v < WHACK_VERB_ROOF; v++) {
		struct whack_request in, out;
		uint8_t wire[WHACK_REQUEST_MAX];
		struct diag d;

		valid_request((enum whack_verb)v, &in);
		if (v == WHACK_INITIATE)
			in.flags = WHACK_F_ASYNC;
		if (v == WHACK_SHUTDOWN)
			in.flags = WHACK_F_LEAVE_STATE;
		size_t n = encode(&in, wire, sizeof(wire));
		assert_int_equal(whack_request_length(BYTES(wire, n), &d), n);
		assert_true(decode_exact(wire, n, &out, &d));
		assert_int_equal(out.verb, in.verb);
		assert_int_equal(out.flags, in.flags);
		assert_int_equal(out.number, in.number);
		assert_string_equal(out.name, in.name);
	}
}

static void test_longest_name_round_trips(void **state)
{
	struct whack_request in, out;
	uint8_t wire[WHACK_REQUEST_MAX];
	struct diag d;

	valid_request(WHACK_ADD, &in);
	memset(in.name, 'n', WHACK_NAME_MAX);
	in.name[WHACK_NAME_MAX] = '\0';
	size_t n = encode(&in, wire, sizeof(wire));
	assert_int_equal(n, WHACK_REQUEST_MAX);
	assert_true(decode_exact(wire, n, &out, &d));
	assert_string_equal(out.name, in.name);
}

static void test_every_truncation_rejected(void **state)
{
	struct whack_request in, out;
	uint8_t wire[WHACK_REQUEST_MAX];
	struct diag d;

	valid_request(WHACK_INITIATE, &in);
	size_t n = encode(&in, wire, sizeof(wire));
	for (size_t len = 0; len < n; len++) {
		d.msg[0] = '\0';
		assert_false(decode_exact(wire, len, &out, &d));
		assert_true(d.msg[0] != '\0');
	}
}

static void test_trailing_byte_rejected(void **state)
{
	struct whack_request in, out;
	uint8_t wire[WHACK_REQUEST_MAX + 1];
	struct diag d;

	valid_request(WHACK_STATUS, &in);
	size_t n = encode(&in, wire, sizeof(wire));
	wire[n] = 0;
	assert_false(decode_exact(wire, n + 1, &out, &d));
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8; p[1] = v;
}

/* Build a request by hand, bypassing the encoder's own checks. */
static size_t raw_request(uint8_t *w, uint32_t len, uint32_t magic, uint16_t verb,
			  uint16_t flags, uint32_t number, uint16_t name_len,
			  const char *name, size_t name_bytes)
{
	put32(w, len);
	put32(w + 4, magic);
	put16(w + 8, verb);
	put16(w + 10, flags);
	put32(w + 12, number);
	put16(w + 16, name_len);
	memcpy(w + WHACK_REQUEST_HEADER, name, name_bytes);
	return WHACK_REQUEST_HEADER + name_bytes;
}

static void expect_bad(const uint8_t *w, size_t n, const char *why)
{
	struct whack_request out;
	struct diag d = { "" };

	if (decode_exact(w, n, &out, &d))
		fail_msg("accepted a request with %s", why);
	assert_true(d.msg[0] != '\0');
}

static void test_bad_fields_rejected(void **state)
{
	uint8_t w[WHACK_REQUEST_MAX + 64];
	const uint32_t M = WHACK_MAGIC;
	const uint32_t H = WHACK_REQUEST_HEADER;
	size_t n;

	n = raw_request(w, H + 3, M, WHACK_ADD, 0, 0, 3, "abc", 3);
	struct whack_request ok;
	struct diag d;
	assert_true(decode_exact(w, n, &ok, &d));	/* the baseline is valid */

	n = raw_request(w, H + 3, M ^ 1, WHACK_ADD, 0, 0, 3, "abc", 3);
	expect_bad(w, n, "a wrong magic");
	n = raw_request(w, H + 3, M, 0, 0, 0, 3, "abc", 3);
	expect_bad(w, n, "verb 0");
	n = raw_request(w, H + 3, M, WHACK_VERB_ROOF, 0, 0, 3, "abc", 3);
	expect_bad(w, n, "a verb past the table");
	n = raw_request(w, H + 3, M, 0xffff, 0, 0, 3, "abc", 3);
	expect_bad(w, n, "verb 0xffff");
	n = raw_request(w, H + 3, M, WHACK_ADD, 0x8000, 0, 3, "abc", 3);
	expect_bad(w, n, "an unknown flag");
	n = raw_request(w, H + 3, M, WHACK_ADD, 0, 0, 2, "abc", 3);
	expect_bad(w, n, "a name length short of the bytes sent");
	n = raw_request(w, H + 3, M, WHACK_ADD, 0, 0, 4, "abc", 3);
	expect_bad(w, n, "a name length past the bytes sent");
	n = raw_request(w, H + 3, M, WHACK_ADD, 0, 0, 0xffff, "abc", 3);
	expect_bad(w, n, "name length 0xffff");
	n = raw_request(w, H + 3, M, WHACK_ADD, 0, 0, 3, "a\nb", 3);
	expect_bad(w, n, "a newline in the name");
	n = raw_request(w, H + 3, M, WHACK_ADD, 0, 0, 3, "a\0b", 3);
	expect_bad(w, n, "a NUL in the name");
	n = raw_request(w, H + 3, M, WHACK_ADD, 0, 0, 3, "a\"b", 3);
	expect_bad(w, n, "a quote in the name");
	n = raw_request(w, H + 3, M, WHACK_ADD, 0, 0, 3, "a\xc3" "b", 3);
	expect_bad(w, n, "a non-ASCII byte in the name");
	n = raw_request(w, H, M, WHACK_ADD, 0, 0, 0, "", 0);
	expect_bad(w, n, "add without a name");
	n = raw_request(w, H + 3, M, WHACK_STATUS, 0, 0, 3, "abc", 3);
	expect_bad(w, n, "status with a name");
	n = raw_request(w, H, M, WHACK_DELETESTATE, 0, 0, 0, "", 0);
	expect_bad(w, n, "deletestate without a number");
	n = raw_request(w, H, M, WHACK_STATUS, 0, 5, 0, "", 0);
	expect_bad(w, n, "status with a number");
	/* The length field itself: too small, too large, and lying. */
	n = raw_request(w, H - 1, M, WHACK_STATUS, 0, 0, 0, "", 0);
	expect_bad(w, n, "a length below the header");
	n = raw_request(w, WHACK_REQUEST_MAX + 1, M, WHACK_ADD, 0, 0, 3, "abc", 3);
	expect_bad(w, n, "a length above the maximum");
	n = raw_request(w, 0xffffffffu, M, WHACK_ADD, 0, 0, 3, "abc", 3);
	expect_bad(w, n, "length 0xffffffff");
	n = raw_request(w, H + 2, M, WHACK_ADD, 0, 0, 3, "abc", 3);
	expect_bad(w, n, "a length that disagrees with the bytes");
}

static void test_oversized_name_rejected(void **state)
{
	uint8_t w[WHACK_REQUEST_MAX + 64];
	char name[WHACK_NAME_MAX + 1];
	struct diag d;

	memset(name, 'x', sizeof(name));
	size_t n = raw_request(w, WHACK_REQUEST_HEADER + sizeof(name), WHACK_MAGIC,
			       WHACK_ADD, 0, 0, sizeof(name), name, sizeof(name));
	expect_bad(w, n, "a name one byte too long");
	assert_int_equal(whack_request_length(BYTES(w, n), &d), 0);
}

static void test_encoder_refuses_invalid(void **state)
{
	struct whack_request req;
	uint8_t wire[WHACK_REQUEST_MAX];
	struct buf b = BUF(wire, sizeof(wire));
	struct diag d;

	valid_request(WHACK_INITIATE, &req);
	req.name[0] = '\0';
	assert_false(whack_request_encode(&req, &b, &d));
	valid_request(WHACK_STATUS, &req);
	req.flags = 0x4000;
	assert_false(whack_request_encode(&req, &b, &d));
	/* A buffer too small reports overflow instead of writing past it. */
	valid_request(WHACK_ADD, &req);
	struct buf small = BUF(wire, 10);
	assert_false(whack_request_encode(&req, &small, &d));
	assert_true(small.overflow);
}

static void test_frames_round_trip(void **state)
{
	uint8_t wire[3 * WHACK_FRAME_MAX];
	struct buf b = BUF(wire, sizeof(wire));
	struct whack_frame f;
	struct diag d;
	size_t used, off = 0;
	char longline[WHACK_LINE_MAX + 50];

	memset(longline, 'z', sizeof(longline));
	assert_true(whack_frame_put_line(&b, "interface lo 127.0.0.1:UDP/500", 30));
	assert_true(whack_frame_put_line(&b, longline, sizeof(longline)));	/* cut */
	assert_true(whack_frame_put_line(&b, "bell\a esc\x1b", 10));	/* sanitised */
	assert_true(whack_frame_put_end(&b, WHACK_RC_UNKNOWN_NAME));

	assert_int_equal(whack_frame_decode(BYTES(wire + off, b.len - off), &f, &used, &d),
			 WHACK_FRAME_OK);
	assert_int_equal(f.type, WHACK_FRAME_LINE);
	assert_memory_equal(f.line.ptr, "interface lo 127.0.0.1:UDP/500", 30);
	off += used;
	assert_int_equal(whack_frame_decode(BYTES(wire + off, b.len - off), &f, &used, &d),
			 WHACK_FRAME_OK);
	assert_int_equal(f.line.len, WHACK_LINE_MAX);
	off += used;
	assert_int_equal(whack_frame_decode(BYTES(wire + off, b.len - off), &f, &used, &d),
			 WHACK_FRAME_OK);
	assert_memory_equal(f.line.ptr, "bell? esc?", 10);
	off += used;
	assert_int_equal(whack_frame_decode(BYTES(wire + off, b.len - off), &f, &used, &d),
			 WHACK_FRAME_OK);
	assert_int_equal(f.type, WHACK_FRAME_END);
	assert_int_equal(f.rc, WHACK_RC_UNKNOWN_NAME);
	off += used;
	assert_int_equal(off, b.len);
}

static void test_frame_prefixes_need_more(void **state)
{
	uint8_t wire[WHACK_FRAME_MAX];
	struct buf b = BUF(wire, sizeof(wire));
	struct whack_frame f;
	struct diag d;
	size_t used;

	assert_true(whack_frame_put_line(&b, "hello", 5));
	for (size_t len = 0; len < b.len; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		memcpy(copy, wire, len);
		assert_int_equal(whack_frame_decode(BYTES(copy, len), &f, &used, &d),
				 WHACK_FRAME_NEED_MORE);
		assert_int_equal(used, 0);
		free(copy);
	}
}

static void test_bad_frames_rejected(void **state)
{
	struct whack_frame f;
	struct diag d;
	size_t used;
	static const uint8_t bad_type[] = { 'X', 0, 1, 0 };
	static const uint8_t end_len0[] = { 'E', 0, 0 };
	static const uint8_t end_len2[] = { 'E', 0, 2, 0, 0 };
	static const uint8_t too_long[] = { 'L', 0xff, 0xff };
	static const uint8_t one_over[] = { 'L', (WHACK_LINE_MAX + 1) >> 8,
					    (WHACK_LINE_MAX + 1) & 0xff };
	static const uint8_t ctl_byte[] = { 'L', 0, 3, 'a', 0x1b, 'b' };
	static const uint8_t newline[] = { 'L', 0, 2, 'a', '\n' };
	static const uint8_t nul[] = { 'L', 0, 2, 'a', 0 };

	assert_int_equal(whack_frame_decode(BYTES(bad_type, sizeof(bad_type)), &f, &used, &d), WHACK_FRAME_BAD);
	assert_int_equal(whack_frame_decode(BYTES(end_len0, sizeof(end_len0)), &f, &used, &d), WHACK_FRAME_BAD);
	assert_int_equal(whack_frame_decode(BYTES(end_len2, sizeof(end_len2)), &f, &used, &d), WHACK_FRAME_BAD);
	assert_int_equal(whack_frame_decode(BYTES(too_long, sizeof(too_long)), &f, &used, &d), WHACK_FRAME_BAD);
	assert_int_equal(whack_frame_decode(BYTES(one_over, sizeof(one_over)), &f, &used, &d), WHACK_FRAME_BAD);
	assert_int_equal(whack_frame_decode(BYTES(ctl_byte, sizeof(ctl_byte)), &f, &used, &d), WHACK_FRAME_BAD);
	assert_int_equal(whack_frame_decode(BYTES(newline, sizeof(newline)), &f, &used, &d), WHACK_FRAME_BAD);
	assert_int_equal(whack_frame_decode(BYTES(nul, sizeof(nul)), &f, &used, &d), WHACK_FRAME_BAD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_every_verb),
		cmocka_unit_test(test_longest_name_round_trips),
		cmocka_unit_test(test_every_truncation_rejected),
		cmocka_unit_test(test_trailing_byte_rejected),
		cmocka_unit_test(test_bad_fields_rejected),
		cmocka_unit_test(test_oversized_name_rejected),
		cmocka_unit_test(test_encoder_refuses_invalid),
		cmocka_unit_test(test_frames_round_trip),
		cmocka_unit_test(test_frame_prefixes_need_more),
		cmocka_unit_test(test_bad_frames_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
