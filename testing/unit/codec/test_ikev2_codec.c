/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The payload layouts and the engine: hand-written payload bytes (from
 * the RFC 7296 diagrams) decode to the right fields, every malformed
 * length class is refused with both numbers in the message, encoding
 * gives the same bytes back, and names tables are sorted.  The SA
 * payload is a header and a body of proposals here; what is inside the
 * body is crypto's to check (testing/unit/crypto/test_sa_payload.c).
 */
#include "codec_test.h"

#include <stdio.h>
#include <stdlib.h>

#include "ikev2_payloads.h"

static bool decode(const struct layout *l, const uint8_t *p, size_t n, void *out,
		   struct diag *d)
{
	size_t used = 0;
	bool ok = codec_decode(l, BYTES(p, n), "message", out, &used, d);

	if (ok)
		assert_int_equal(used, n);
	return ok;
}

/* Encode IN with L and expect exactly WANT. */
static void expect_encoding(const struct layout *l, const void *in, const uint8_t *want, size_t n)
{
	uint8_t out[512];
	struct buf b = BUF(out, sizeof(out));
	struct diag d;

	if (!codec_encode(l, in, &b, &d))
		fail_msg("encode failed: %s", d.msg);
	assert_int_equal(b.len, n);
	assert_memory_equal(out, want, n);
}

static void test_names_sorted(void **state)
{
	for (const struct enum_names *const *t = ikev2_all_names; *t != NULL; t++) {
		for (size_t i = 1; i < (*t)->count; i++) {
			if ((*t)->names[i - 1].value >= (*t)->names[i].value)
				fail_msg("%s table: %s before %s", (*t)->what,
					 (*t)->names[i - 1].name, (*t)->names[i].name);
		}
	}
	assert_string_equal(name_of(&ikev2_notify_names, 14), "NO_PROPOSAL_CHOSEN");
	assert_string_equal(name_of(&ikev2_notify_names, 16431), "SIGNATURE_HASH_ALGORITHMS");
	assert_string_equal(name_of(&ikev2_payload_names, 53), "SKF");
	assert_string_equal(name_of(&ikev2_auth_names, 13), "NULL");
	assert_string_equal(name_of(&ikev2_exchange_names, 9999), "UNKNOWN");
	assert_null(enum_name_or_null(&ikev2_ke_names, 3));
}

/* --- every malformed-length class, with the exact message --- */

static void test_nonce_too_short(void **state)
{
	/* length 4: the header alone, no nonce data */
	const uint8_t p[] = { 0, 0, 0, 4 };
	struct ikev2_nonce n;
	struct diag d;

	assert_false(decode(&ikev2_nonce_layout, p, sizeof(p), &n, &d));
	assert_diag_is(&d, "Nonce payload: length 4 is shorter than its 4-byte header plus 16-byte minimum (20)");
}

static void test_length_below_header(void **state)
{
	const uint8_t p[] = { 0, 0, 0, 3, 0xaa };
	struct ikev2_opaque v;
	struct diag d;

	assert_false(decode(&ikev2_vendor_layout, p, sizeof(p), &v, &d));
	assert_diag_is(&d, "Vendor ID payload: length 3 is shorter than its 4-byte header");
}

static void test_length_zero(void **state)
{
	const uint8_t p[] = { 0, 0, 0, 0, 0, 19, 0, 0, 1, 2, 3 };
	struct ikev2_ke ke;
	struct diag d;

	assert_false(decode(&ikev2_ke_layout, p, sizeof(p), &ke, &d));
	assert_diag_is(&d, "KE payload: length 0 is shorter than its 8-byte header plus 1-byte minimum (9)");
}

static void test_length_beyond_container(void **state)
{
	uint8_t p[36] = { 0, 0, 0, 40 };	/* says 40, 36 present */
	struct ikev2_nonce n;
	struct diag d;

	assert_false(decode(&ikev2_nonce_layout, p, sizeof(p), &n, &d));
	assert_diag_is(&d, "Nonce payload: length 40 is longer than the 36 bytes left in message");
}

static void test_nonce_too_long(void **state)
{
	uint8_t p[261] = { 0, 0, 261 >> 8, 261 & 0xff };
	struct ikev2_nonce n;
	struct diag d;

	assert_false(decode(&ikev2_nonce_layout, p, sizeof(p), &n, &d));
	assert_diag_is(&d, "Nonce payload: length 261 is longer than its 4-byte header plus 256-byte maximum (260)");
	/* 256 bytes of nonce is fine */
	p[2] = 260 >> 8;
	p[3] = 260 & 0xff;
	assert_true(decode(&ikev2_nonce_layout, p, 260, &n, &d));
	assert_int_equal(n.data.len, 256);
}

static void test_truncated_header(void **state)
{
	const uint8_t p[] = { 0, 0, 0 };
	struct ikev2_nonce n;
	struct diag d;

	assert_false(decode(&ikev2_nonce_layout, p, sizeof(p), &n, &d));
	assert_diag_is(&d, "Nonce payload: truncated: 3 bytes left in message, its header needs 4");
}

/* A TS payload holding one IPv4 selector whose length is SELLEN and
 * which really carries SELLEN - 8 address bytes. */
static size_t ts_payload(uint8_t *p, uint8_t count, uint8_t type, uint16_t sellen)
{
	size_t n = 8 + sellen;
	uint8_t hdr[] = { 0, 0, n >> 8, n & 0xff, count, 0, 0, 0,
			  type, 6, sellen >> 8, sellen & 0xff, 0, 80, 0, 80 };

	memcpy(p, hdr, sizeof(hdr));
	for (size_t i = sizeof(hdr); i < n; i++)
		p[i] = (uint8_t)i;
	return n;
}

static void test_ts_odd_lengths(void **state)
{
	static struct ikev2_ts_payload ts;
	uint8_t p[64];
	struct diag d;
	size_t n;

	n = ts_payload(p, 1, 7, 16);
	assert_true(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	assert_int_equal(ts.n_ts, 1);
	assert_int_equal(ts.ts[0].ipproto, 6);
	assert_int_equal(ts.ts[0].start_port, 80);
	assert_int_equal(ts.ts[0].start[0], 16);
	assert_int_equal(ts.ts[0].end[3], 23);

	n = ts_payload(p, 1, 7, 18);
	assert_false(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	assert_diag_is(&d, "TS payload: Traffic selector 1: length 18 does not fit two 4-byte addresses after its 8-byte header (needs 16)");

	/* an IPv6 selector with IPv4's length */
	n = ts_payload(p, 1, 8, 16);
	assert_false(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	assert_diag_has(&d, "length 16 does not fit two 16-byte addresses after its 8-byte header (needs 40)");

	/* selector length below its header */
	n = ts_payload(p, 1, 7, 16);
	p[8 + 3] = 6;
	assert_false(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	assert_diag_is(&d, "TS payload: Traffic selector 1: length 6 is shorter than its 8-byte header");

	/* selector says more than the payload holds */
	n = ts_payload(p, 1, 7, 16);
	p[8 + 3] = 24;
	assert_false(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	assert_diag_is(&d, "TS payload: Traffic selector 1: length 24 is longer than the 16 bytes left in TS payload");
}

static void test_ts_count_and_type(void **state)
{
	static struct ikev2_ts_payload ts;
	uint8_t p[64];
	struct diag d;
	size_t n;

	n = ts_payload(p, 2, 7, 16);
	assert_false(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	assert_diag_is(&d, "TS payload: number of TSs says 2 but 1 Traffic selectors follow");

	n = ts_payload(p, 1, 9, 16);
	assert_false(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	assert_diag_has(&d, "Traffic selector 1: TS type 9 is not a known TS type");
}

/* SA payload: the generic header and a body of BODY_LEN octets. */
static size_t sa_payload(uint8_t *p, size_t body_len)
{
	size_t n = 4 + body_len;

	p[0] = 0;
	p[1] = 0;
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
	for (size_t i = 0; i < body_len; i++)
		p[4 + i] = (uint8_t)(0xa0 + i);
	return n;
}

/* The codec hands the proposals over as bytes, bounded by the payload
 * length; the body's own structure is not its business. */
static void test_sa_body(void **state)
{
	struct ikev2_sa sa;
	uint8_t p[64];
	struct diag d;
	size_t n = sa_payload(p, 20);

	if (!decode(&ikev2_sa_layout, p, n, &sa, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(sa.gh.length, 24);
	assert_ptr_equal(sa.body.ptr, p + 4);
	assert_int_equal(sa.body.len, 20);
	expect_encoding(&ikev2_sa_layout, &sa, p, n);

	/* less than one proposal header */
	n = sa_payload(p, 7);
	assert_false(decode(&ikev2_sa_layout, p, n, &sa, &d));
	assert_diag_is(&d, "SA payload: length 11 is shorter than its 4-byte header plus 8-byte minimum (12)");
	/* longer than what is left of the message */
	n = sa_payload(p, 20);
	assert_false(decode(&ikev2_sa_layout, p, n - 1, &sa, &d));
	assert_diag_is(&d, "SA payload: length 24 is longer than the 23 bytes left in message");
}

static void test_notify_spi_size(void **state)
{
	struct diag d;

	/* Notify: an SPI for the IKE SA is not allowed (3.10) */
	const uint8_t nt[] = { 0, 0, 0, 12, 1, 4, 0x40, 0x09, 1, 2, 3, 4 };
	struct ikev2_notify no;

	assert_false(decode(&ikev2_notify_layout, nt, sizeof(nt), &no, &d));
	assert_diag_is(&d, "Notify payload: SPI size 4 is wrong for protocol IKE (1) (must be 0, or 4 for AH/ESP)");

	/* Notify: with no SPI the protocol is ignored */
	const uint8_t nt0[] = { 0, 0, 0, 8, 7, 0, 0x40, 0x00 };

	assert_true(decode(&ikev2_notify_layout, nt0, sizeof(nt0), &no, &d));
	assert_int_equal(no.type, IKEV2_N_INITIAL_CONTACT);

	/* Notify: SPI size bigger than the payload */
	const uint8_t ntbig[] = { 0, 0, 0, 10, 3, 4, 0x40, 0x09, 1, 2 };

	assert_false(decode(&ikev2_notify_layout, ntbig, sizeof(ntbig), &no, &d));
	assert_diag_is(&d, "Notify payload: length 10 is shorter than its 8-byte header plus 4-byte SPI (12)");
}

static void test_delete_spis(void **state)
{
	struct ikev2_delete del;
	struct diag d;
	const uint8_t ok[] = { 0, 0, 0, 16, 3, 4, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8 };

	assert_true(decode(&ikev2_delete_layout, ok, sizeof(ok), &del, &d));
	assert_int_equal(del.n_spis, 2);
	assert_int_equal(del.spis.len, 8);
	expect_encoding(&ikev2_delete_layout, &del, ok, sizeof(ok));

	const uint8_t short_[] = { 0, 0, 0, 14, 3, 4, 0, 2, 1, 2, 3, 4, 5, 6 };

	assert_false(decode(&ikev2_delete_layout, short_, sizeof(short_), &del, &d));
	assert_diag_is(&d, "Delete payload: 2 SPIs of 4 bytes need 8 bytes but 6 follow the header");

	const uint8_t ike[] = { 0, 0, 0, 12, 1, 4, 0, 1, 1, 2, 3, 4 };

	assert_false(decode(&ikev2_delete_layout, ike, sizeof(ike), &del, &d));
	assert_diag_has(&d, "deleting the IKE SA takes SPI size 0 and no SPIs, not size 4 and 1 SPIs");

	const uint8_t esp8[] = { 0, 0, 0, 16, 3, 8, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8 };

	assert_false(decode(&ikev2_delete_layout, esp8, sizeof(esp8), &del, &d));
	assert_diag_has(&d, "SPI size 8 is wrong for protocol ESP (must be 4)");
}

/* A list holds at most what its array can: 17 selectors in a TS payload. */
static void test_too_many_selectors(void **state)
{
	static struct ikev2_ts_payload ts;
	static uint8_t p[8 + 17 * 16];
	struct diag d;
	size_t n = sizeof(p);
	uint8_t hdr[] = { 0, 0, (uint8_t)(n >> 8), (uint8_t)n, 17, 0, 0, 0 };

	memcpy(p, hdr, sizeof(hdr));
	for (int i = 0; i < 17; i++) {
		uint8_t one[16] = { 7, 0, 0, 16, 0, 0, 0xff, 0xff, 10, 0, 0, 1, 10, 0, 0, 1 };
		memcpy(p + 8 + 16 * i, one, 16);
	}
	assert_false(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	assert_diag_is(&d, "TS payload: holds more than the 16 Traffic selectors accepted");
	/* sixteen fit */
	n -= 16;
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
	p[4] = 16;
	assert_true(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	assert_int_equal(ts.n_ts, 16);
}

/* RFC 7296 2.5: reserved fields and bits are ignored on receipt, sent as zero. */
static void test_reserved_ignored(void **state)
{
	struct diag d;
	struct ikev2_ke ke;
	const uint8_t kep[] = { 0, 0x7f, 0, 10, 0, 19, 0xff, 0xff, 1, 2 };
	const uint8_t kez[] = { 0, 0, 0, 10, 0, 19, 0, 0, 1, 2 };

	assert_true(decode(&ikev2_ke_layout, kep, sizeof(kep), &ke, &d));
	assert_int_equal(ke.gh.flags, 0);
	assert_int_equal(ke.group, 19);
	expect_encoding(&ikev2_ke_layout, &ke, kez, sizeof(kez));

	struct ikev2_id id;
	const uint8_t idp[] = { 0, 0, 0, 9, 2, 1, 2, 3, 'x' };

	assert_true(decode(&ikev2_id_layout, idp, sizeof(idp), &id, &d));
	assert_int_equal(id.type, IKEV2_ID_FQDN);
	assert_int_equal(id.data.len, 1);

	/* the critical bit is kept; for known payloads it is not an error */
	const uint8_t crit[] = { 0, 0x80, 0, 9, 2, 0, 0, 0, 'x' };

	assert_true(decode(&ikev2_id_layout, crit, sizeof(crit), &id, &d));
	assert_int_equal(id.gh.flags, IKEV2_PAYLOAD_CRITICAL);

	/* CP attribute: the R bit is reserved */
	static struct ikev2_cp cp;
	const uint8_t cpp[] = { 0, 0, 0, 16, 1, 9, 9, 9, 0x80, 1, 0, 4, 10, 0, 0, 1 };

	assert_true(decode(&ikev2_cp_layout, cpp, sizeof(cpp), &cp, &d));
	assert_int_equal(cp.n_attrs, 1);
	assert_int_equal(cp.attrs[0].type, IKEV2_CP_INTERNAL_IP4_ADDRESS);
	assert_int_equal(cp.attrs[0].value.len, 4);
}

/* Fields with a fixed set of values are rejected when outside it. */
static void test_fixed_values_rejected(void **state)
{
	struct diag d;
	static struct ikev2_cp cp;
	const uint8_t cpp[] = { 0, 0, 0, 8, 9, 0, 0, 0 };

	assert_false(decode(&ikev2_cp_layout, cpp, sizeof(cpp), &cp, &d));
	assert_diag_is(&d, "CP payload: CFG type 9 is not a known CFG type");

	/* CP attribute value longer than the payload */
	const uint8_t cpl[] = { 0, 0, 0, 14, 1, 0, 0, 0, 0, 1, 0, 4, 10, 0 };

	assert_false(decode(&ikev2_cp_layout, cpl, sizeof(cpl), &cp, &d));
	assert_diag_is(&d, "CP payload: Configuration attribute 1: length 8 is longer than the 6 bytes left in CP payload");

	struct ikev2_skf skf;
	const uint8_t sk[] = { 0, 0, 0, 9, 0, 3, 0, 2, 0xee };

	assert_false(decode(&ikev2_skf_layout, sk, sizeof(sk), &skf, &d));
	assert_diag_is(&d, "SKF payload: fragment number 3 of 2 is out of range");
}

/* --- round trips: struct -> bytes (checked against the RFC layout) -> struct --- */

static void test_roundtrip_simple_payloads(void **state)
{
	struct diag d;
	uint8_t nonce[16];

	memset(nonce, 0x5a, sizeof(nonce));
	struct ikev2_nonce n = { .data = BYTES(nonce, 16) }, n2;
	uint8_t want_n[20] = { 0, 0, 0, 20 };

	memset(want_n + 4, 0x5a, 16);
	expect_encoding(&ikev2_nonce_layout, &n, want_n, sizeof(want_n));
	assert_true(decode(&ikev2_nonce_layout, want_n, sizeof(want_n), &n2, &d));
	assert_int_equal(n2.data.len, 16);

	struct ikev2_ke ke = { .group = 31, .data = BYTES("abcd", 4) }, ke2;
	const uint8_t want_ke[] = { 0, 0, 0, 12, 0, 31, 0, 0, 'a', 'b', 'c', 'd' };

	expect_encoding(&ikev2_ke_layout, &ke, want_ke, sizeof(want_ke));
	assert_true(decode(&ikev2_ke_layout, want_ke, sizeof(want_ke), &ke2, &d));
	assert_int_equal(ke2.group, 31);

	struct ikev2_id id = { .type = IKEV2_ID_NULL }, id2;
	const uint8_t want_id[] = { 0, 0, 0, 8, 13, 0, 0, 0 };

	expect_encoding(&ikev2_id_layout, &id, want_id, sizeof(want_id));
	assert_true(decode(&ikev2_id_layout, want_id, sizeof(want_id), &id2, &d));
	assert_int_equal(id2.type, IKEV2_ID_NULL);
	assert_int_equal(id2.data.len, 0);

	struct ikev2_auth a = { .method = IKEV2_AUTH_PSK, .data = BYTES("mac", 3) }, a2;
	const uint8_t want_a[] = { 0, 0, 0, 11, 2, 0, 0, 0, 'm', 'a', 'c' };

	expect_encoding(&ikev2_auth_layout, &a, want_a, sizeof(want_a));
	assert_true(decode(&ikev2_auth_layout, want_a, sizeof(want_a), &a2, &d));
	assert_int_equal(a2.method, IKEV2_AUTH_PSK);

	struct ikev2_cert c = { .encoding = IKEV2_CERT_X509_SIGNATURE, .data = BYTES("c", 1) }, c2;
	const uint8_t want_c[] = { 0, 0, 0, 6, 4, 'c' };

	expect_encoding(&ikev2_cert_layout, &c, want_c, sizeof(want_c));
	assert_true(decode(&ikev2_cert_layout, want_c, sizeof(want_c), &c2, &d));
	assert_true(decode(&ikev2_certreq_layout, want_c, sizeof(want_c), &c2, &d));

	uint8_t spi[4] = { 0xc0, 0xff, 0xee, 1 };
	struct ikev2_notify no = { .protocol = 3, .spi_size = 4, .type = IKEV2_N_REKEY_SA,
				   .spi = BYTES(spi, 4) }, no2;
	const uint8_t want_no[] = { 0, 0, 0, 12, 3, 4, 0x40, 0x09, 0xc0, 0xff, 0xee, 1 };

	expect_encoding(&ikev2_notify_layout, &no, want_no, sizeof(want_no));
	assert_true(decode(&ikev2_notify_layout, want_no, sizeof(want_no), &no2, &d));
	assert_int_equal(no2.type, IKEV2_N_REKEY_SA);
	assert_memory_equal(no2.spi.ptr, spi, 4);
	assert_int_equal(no2.data.len, 0);

	struct ikev2_opaque v = { .data = BYTES("vid", 3) }, v2;
	const uint8_t want_v[] = { 0, 0, 0, 7, 'v', 'i', 'd' };

	expect_encoding(&ikev2_vendor_layout, &v, want_v, sizeof(want_v));
	assert_true(decode(&ikev2_vendor_layout, want_v, sizeof(want_v), &v2, &d));

	const uint8_t want_eap[] = { 0, 0, 0, 8, 1, 2, 0, 4 };

	assert_true(decode(&ikev2_eap_layout, want_eap, sizeof(want_eap), &v2, &d));
	expect_encoding(&ikev2_eap_layout, &v2, want_eap, sizeof(want_eap));

	struct ikev2_skf f = { .number = 1, .total = 2, .data = BYTES("x", 1) }, f2;
	const uint8_t want_f[] = { 0, 0, 0, 9, 0, 1, 0, 2, 'x' };

	expect_encoding(&ikev2_skf_layout, &f, want_f, sizeof(want_f));
	assert_true(decode(&ikev2_skf_layout, want_f, sizeof(want_f), &f2, &d));
	assert_int_equal(f2.total, 2);
}

static void test_roundtrip_ts_cp(void **state)
{
	static struct ikev2_ts_payload ts, ts2;
	struct diag d;
	const uint8_t a4[4] = { 192, 0, 2, 0 }, b4[4] = { 192, 0, 2, 255 };
	uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8 }, b6[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	memset(b6 + 4, 0xff, 12);
	ts.n_ts = 2;
	ts.ts[0].type = IKEV2_TS_IPV4_ADDR_RANGE;
	ts.ts[0].ipproto = 17;
	ts.ts[0].start_port = 500;
	ts.ts[0].end_port = 4500;
	memcpy(ts.ts[0].start, a4, 4);
	memcpy(ts.ts[0].end, b4, 4);
	ts.ts[1].type = IKEV2_TS_IPV6_ADDR_RANGE;
	ts.ts[1].end_port = 65535;
	memcpy(ts.ts[1].start, a6, 16);
	memcpy(ts.ts[1].end, b6, 16);

	uint8_t want[8 + 16 + 40] = {
		0, 0, 0, 64, 2, 0, 0, 0,
		7, 17, 0, 16, 500 >> 8, 500 & 0xff, 4500 >> 8, 4500 & 0xff,
		192, 0, 2, 0, 192, 0, 2, 255,
		8, 0, 0, 40, 0, 0, 0xff, 0xff,
	};
	memcpy(want + 32, a6, 16);
	memcpy(want + 48, b6, 16);
	expect_encoding(&ikev2_ts_payload_layout, &ts, want, sizeof(want));
	assert_true(decode(&ikev2_ts_payload_layout, want, sizeof(want), &ts2, &d));
	assert_int_equal(ts2.n_ts, 2);
	ts.ts[0].length = 16;	/* the encoder computes it; the decoder reports it */
	assert_memory_equal(&ts2.ts[0], &ts.ts[0], sizeof(ts.ts[0]));
	assert_memory_equal(ts2.ts[1].end, b6, 16);
	assert_int_equal(ts2.ts[1].length, 40);

	static struct ikev2_cp cp, cp2;
	const uint8_t ip[4] = { 10, 0, 0, 1 };

	cp.cfg_type = IKEV2_CFG_REQUEST;
	cp.n_attrs = 2;
	cp.attrs[0].type = IKEV2_CP_INTERNAL_IP4_ADDRESS;
	cp.attrs[1].type = IKEV2_CP_INTERNAL_IP4_DNS;
	cp.attrs[0].value = BYTES(ip, 4);
	const uint8_t want_cp[] = { 0, 0, 0, 20, 1, 0, 0, 0, 0, 1, 0, 4, 10, 0, 0, 1, 0, 3, 0, 0 };

	expect_encoding(&ikev2_cp_layout, &cp, want_cp, sizeof(want_cp));
	assert_true(decode(&ikev2_cp_layout, want_cp, sizeof(want_cp), &cp2, &d));
	assert_int_equal(cp2.n_attrs, 2);
	assert_int_equal(cp2.attrs[1].type, IKEV2_CP_INTERNAL_IP4_DNS);
	assert_int_equal(cp2.attrs[1].value.len, 0);
}

static void test_encode_refuses_bad_structs(void **state)
{
	uint8_t out[64];
	struct buf b = BUF(out, sizeof(out));
	struct diag d;
	uint8_t short_nonce[8] = { 0 };
	struct ikev2_nonce n = { .data = BYTES(short_nonce, 8) };

	assert_false(codec_encode(&ikev2_nonce_layout, &n, &b, &d));
	assert_diag_is(&d, "Nonce payload: 8 bytes of data, fewer than the 16-byte minimum");

	struct ikev2_notify no = { .protocol = 3, .spi_size = 4, .spi = BYTES("ab", 2) };

	b = BUF(out, sizeof(out));
	assert_false(codec_encode(&ikev2_notify_layout, &no, &b, &d));
	assert_diag_is(&d, "Notify payload: SPI is 2 bytes but its size field says 4");

	uint8_t big[64] = { 0 };
	struct ikev2_opaque v = { .data = BYTES(big, 64) };

	b = BUF(out, 32);
	assert_false(codec_encode(&ikev2_vendor_layout, &v, &b, &d));
	assert_diag_is(&d, "Vendor ID payload: does not fit in the 32-byte buffer");
}

struct lines {
	char text[4096];
	size_t len;
};

static void collect(void *ctx, const char *line)
{
	struct lines *l = ctx;

	l->len += snprintf(l->text + l->len, sizeof(l->text) - l->len, "%s\n", line);
}

static void test_dump(void **state)
{
	static struct ikev2_sa sa;
	static struct ikev2_ts_payload ts;
	static struct lines out;
	uint8_t p[128];
	struct diag d;
	size_t n = sa_payload(p, 20);

	assert_true(decode(&ikev2_sa_layout, p, n, &sa, &d));
	codec_dump(&ikev2_sa_layout, &sa, 0, collect, &out);
	assert_non_null(strstr(out.text, "SA payload:\n"));
	assert_non_null(strstr(out.text, "  payload length: 24\n"));
	assert_non_null(strstr(out.text, "  proposals: 20 bytes\n"));
	/* a list: each element indented under its payload */
	n = ts_payload(p, 1, 7, 16);
	assert_true(decode(&ikev2_ts_payload_layout, p, n, &ts, &d));
	codec_dump(&ikev2_ts_payload_layout, &ts, 0, collect, &out);
	assert_non_null(strstr(out.text, "  payload length: 24\n  Traffic selector:\n"));
	assert_non_null(strstr(out.text, "    TS type: IPV4_ADDR_RANGE (7)\n"));
	assert_non_null(strstr(out.text, "    addresses: 16.17.18.19 - 20.21.22.23\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_sorted),
		cmocka_unit_test(test_nonce_too_short),
		cmocka_unit_test(test_length_below_header),
		cmocka_unit_test(test_length_zero),
		cmocka_unit_test(test_length_beyond_container),
		cmocka_unit_test(test_nonce_too_long),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_ts_odd_lengths),
		cmocka_unit_test(test_ts_count_and_type),
		cmocka_unit_test(test_sa_body),
		cmocka_unit_test(test_notify_spi_size),
		cmocka_unit_test(test_delete_spis),
		cmocka_unit_test(test_too_many_selectors),
		cmocka_unit_test(test_reserved_ignored),
		cmocka_unit_test(test_fixed_values_rejected),
		cmocka_unit_test(test_roundtrip_simple_payloads),
		cmocka_unit_test(test_roundtrip_ts_cp),
		cmocka_unit_test(test_encode_refuses_bad_structs),
		cmocka_unit_test(test_dump),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
