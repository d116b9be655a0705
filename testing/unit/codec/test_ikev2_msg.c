/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Message level: the RFC-built samples (ikev2_samples.h) decode to the
 * right payloads; header, chain, critical-bit, count, duplicate and SK
 * rules hold; the builder produces exactly the sample bytes.  The SA
 * payload's proposals are read and written by crypto's sa_payload_parse()
 * and sa_payload_emit(), as the daemon does.
 */
#include "codec_test.h"

#include <stdio.h>
#include <stdlib.h>

#include "ikev2_build.h"
#include "ikev2_msg.h"
#include "ikev2_rules.h"
#include "ikev2_samples.h"
#include "proposal.h"

static struct ikev2_msg *m;
static struct proposals sa;	/* the SA payload of M, from sa_payload() */

/* M's SA payload: its body is exactly what follows the generic header,
 * and crypto's parser accepts it. */
static const struct proposals *sa_payload(void)
{
	const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_SA);
	struct diag d;

	assert_non_null(p);
	assert_ptr_equal(p->u.sa.body.ptr, p->raw.ptr + 4);
	assert_int_equal(p->u.sa.body.len, p->raw.len - 4);
	if (!sa_payload_parse(p->u.sa.body, &sa, &d))
		fail_msg("SA payload: %s", d.msg);
	return &sa;
}

/* The Num Transforms octet of the SA payload's first proposal. */
static unsigned wire_transforms(void)
{
	return ikev2_msg_first(m, IKEV2_NP_SA)->u.sa.body.ptr[7];
}

static int setup(void **state)
{
	m = calloc(1, sizeof(*m));
	return m == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	free(m);
	return 0;
}

#define DECODE_OK(sample)						\
	do {								\
		struct diag d_;						\
		if (ikev2_msg_decode(m, BYTES(sample, sizeof(sample)), &d_) != IKEV2_MSG_OK) \
			fail_msg("%s: %s", #sample, d_.msg);		\
	} while (0)

static void decode_inner_ok(void)
{
	struct diag d;
	struct bytes inner;

	assert_true(m->sk.present);
	if (!ikev2_sk_strip_padding(m->sk.encrypted, &inner, &d))
		fail_msg("%s", d.msg);
	if (ikev2_msg_decode_inner(m, inner, m->sk.inner_next, &d) != IKEV2_MSG_OK)
		fail_msg("%s", d.msg);
}

static void rules_ok(void)
{
	struct diag d;
	const struct ikev2_rule_set *rs = ikev2_rules_for(m);

	assert_non_null(rs);
	if (!ikev2_check_payload_rules(m, rs, &d))
		fail_msg("%s", d.msg);
}

static void test_ike_sa_init_request(void **state)
{
	DECODE_OK(sample_ike_sa_init_i);
	assert_int_equal(m->hdr.exchange, IKEV2_EXCH_IKE_SA_INIT);
	assert_int_equal(m->hdr.flags, IKEV2_FLAG_INITIATOR);
	assert_int_equal(m->hdr.msgid, 0);
	assert_int_equal(m->hdr.spi_i.ptr[7], 8);
	assert_int_equal(m->n_payloads, 8);
	for (unsigned i = 0; i < m->n_payloads; i++)
		assert_int_equal(m->payloads[i].offset, sample_ike_sa_init_i_offsets[i]);
	assert_false(m->sk.present);

	assert_int_equal(sa_payload()->count, 2);
	assert_int_equal(wire_transforms(), 4);
	assert_int_equal(sa.p[0].types[TRANS_ENCR].t[0].id, IKEV2_ENCR_AES_CBC);
	assert_int_equal(sa.p[0].types[TRANS_ENCR].t[0].key_bits, 256);
	assert_int_equal(sa.p[1].number, 2);
	assert_int_equal(sa.p[1].types[TRANS_DH].t[0].id, IKEV2_KE_CURVE25519);

	const struct ikev2_payload *ke = ikev2_msg_first(m, IKEV2_NP_KE);

	assert_non_null(ke);
	assert_int_equal(ke->u.ke.group, 19);
	assert_int_equal(ke->u.ke.data.len, 64);
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_NONCE)->u.nonce.data.len, 32);
	assert_int_equal(ikev2_msg_count(m, IKEV2_NP_N), 4);
	assert_int_equal(ikev2_msg_notify(m, IKEV2_N_NAT_DETECTION_SOURCE_IP)->data.len, 20);
	assert_int_equal(ikev2_msg_notify(m, IKEV2_N_SIGNATURE_HASH_ALGORITHMS)->data.len, 6);
	assert_non_null(ikev2_msg_notify(m, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED));
	assert_null(ikev2_msg_notify(m, IKEV2_N_COOKIE));
	const struct ikev2_payload *v = ikev2_msg_first(m, IKEV2_NP_V);

	assert_int_equal(v->u.opaque.data.len, 16);
	assert_memory_equal(v->u.opaque.data.ptr, "xswan-sample-vid", 16);
	rules_ok();
}

static void test_ike_sa_init_responses(void **state)
{
	DECODE_OK(sample_ike_sa_init_r);
	assert_true(ikev2_msg_is_response(m));
	assert_int_equal(sa_payload()->p[0].number, 2);
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_CERTREQ)->u.cert.encoding,
			 IKEV2_CERT_X509_SIGNATURE);
	rules_ok();

	DECODE_OK(sample_ike_sa_init_cookie);
	assert_int_equal(ikev2_msg_notify(m, IKEV2_N_COOKIE)->data.len, 16);
	rules_ok();

	DECODE_OK(sample_ike_sa_init_invalid_ke);
	assert_memory_equal(ikev2_msg_notify(m, IKEV2_N_INVALID_KE_PAYLOAD)->data.ptr, "\0\016", 2);
	rules_ok();
}

static void test_ike_auth_request(void **state)
{
	struct diag d;

	DECODE_OK(sample_ike_auth_i);
	assert_true(m->sk.present);
	assert_false(m->sk.fragment);
	assert_int_equal(m->sk.offset, 28);
	assert_int_equal(m->sk.inner_next, IKEV2_NP_IDi);
	assert_ptr_equal(m->sk.aad.ptr, sample_ike_auth_i);
	assert_int_equal(m->sk.aad.len, 32);
	assert_ptr_equal(m->sk.encrypted.ptr, sample_ike_auth_i + 32);
	assert_int_equal(m->sk.encrypted.len, sizeof(sample_ike_auth_i) - 32);

	/* before decryption only the plaintext can be checked */
	const struct ikev2_rule_set *rs = ikev2_rules_for(m);

	assert_true(ikev2_check_plaintext_rules(m, rs, &d));
	assert_false(ikev2_check_payload_rules(m, rs, &d));
	assert_diag_is(&d, "IKE_AUTH request: the SK payload has not been decrypted yet");

	decode_inner_ok();
	assert_int_equal(m->n_payloads, 9);
	for (unsigned i = 1; i < m->n_payloads; i++) {
		assert_true(m->payloads[i].encrypted);
		assert_int_equal(m->payloads[i].offset, sample_ike_auth_i_inner_offsets[i - 1]);
	}
	const struct ikev2_id *idi = &ikev2_msg_first(m, IKEV2_NP_IDi)->u.id;

	assert_int_equal(idi->type, IKEV2_ID_FQDN);
	assert_int_equal(idi->data.len, 12);
	assert_memory_equal(idi->data.ptr, "west.example", 12);
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_IDr)->u.id.type, IKEV2_ID_IPV4_ADDR);
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_AUTH)->u.auth.method, IKEV2_AUTH_PSK);
	assert_int_equal(sa_payload()->p[0].protocol, IKEV2_PROTO_ESP);
	assert_int_equal(sa.p[0].spi_size, 4);
	assert_memory_equal(sa.p[0].spi, "\xc0\xff\xee\x01", 4);
	assert_int_equal(sa.p[0].types[TRANS_ESN].count, 1);
	assert_int_equal(m->tsi.n_ts, 1);
	assert_int_equal(m->tsr.n_ts, 2);
	assert_int_equal(m->tsr.ts[1].type, IKEV2_TS_IPV6_ADDR_RANGE);
	assert_int_equal(m->tsr.ts[1].end[15], 0xff);
	assert_int_equal(m->tsr.ts[1].end[13], 0);
	assert_non_null(ikev2_msg_notify(m, IKEV2_N_INITIAL_CONTACT));
	assert_non_null(ikev2_msg_notify(m, IKEV2_N_USE_TRANSPORT_MODE));
	rules_ok();

	/* the inner chain is decoded once */
	assert_int_equal(ikev2_msg_decode_inner(m, NO_BYTES, 0, &d), IKEV2_MSG_MALFORMED);
}

static void test_other_exchanges(void **state)
{
	DECODE_OK(sample_ike_auth_r);
	decode_inner_ok();
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_IDr)->u.id.type, IKEV2_ID_NULL);
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_IDr)->u.id.data.len, 0);
	assert_int_equal(m->tsi.ts[0].ipproto, 6);
	assert_int_equal(m->tsi.ts[0].start_port, 80);
	rules_ok();

	DECODE_OK(sample_informational_delete);
	decode_inner_ok();
	const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_D);

	assert_int_equal(p->u.del.protocol, IKEV2_PROTO_ESP);
	assert_int_equal(p->u.del.n_spis, 2);
	assert_int_equal(ikev2_delete_spi(&p->u.del, 0), 0xc0ffee01);
	assert_int_equal(ikev2_delete_spi(&p->u.del, 1), 0xc0ffee02);
	p = ikev2_msg_next_of_type(m, p);
	assert_int_equal(p->u.del.protocol, IKEV2_PROTO_IKE);
	assert_null(ikev2_msg_next_of_type(m, p));
	rules_ok();

	DECODE_OK(sample_informational_cp);
	decode_inner_ok();
	assert_int_equal(m->cp.cfg_type, IKEV2_CFG_REPLY);
	assert_int_equal(m->cp.n_attrs, 2);
	assert_memory_equal(m->cp.attrs[0].value.ptr, "\x0a\0\0\x01", 4);
	rules_ok();

	DECODE_OK(sample_ccsa_rekey_child);
	decode_inner_ok();
	assert_int_equal(ikev2_ccsa_kind(m), IKEV2_CCSA_REKEY_CHILD);
	assert_int_equal(ikev2_msg_notify(m, IKEV2_N_REKEY_SA)->spi.len, 4);
	rules_ok();

	DECODE_OK(sample_ccsa_rekey_ike);
	decode_inner_ok();
	assert_int_equal(ikev2_ccsa_kind(m), IKEV2_CCSA_REKEY_IKE);
	assert_int_equal(sa_payload()->p[0].spi_size, 8);
	rules_ok();
}

/* Every payload of M re-encodes to exactly the bytes it came from. */
static void expect_reencodes(void)
{
	for (unsigned i = 0; i < m->n_payloads; i++) {
		const struct ikev2_payload *p = &m->payloads[i];
		const void *body = &p->u;
		uint8_t out[1024];
		struct buf b = BUF(out, sizeof(out));
		struct diag d;

		switch (p->type) {
		case IKEV2_NP_TSi: body = &m->tsi; break;
		case IKEV2_NP_TSr: body = &m->tsr; break;
		case IKEV2_NP_CP: body = &m->cp; break;
		}
		if (!codec_encode(ikev2_payload_desc(p->type)->layout, body, &b, &d))
			fail_msg("payload %u: %s", i, d.msg);
		assert_int_equal(b.len, p->raw.len);
		assert_memory_equal(out, p->raw.ptr, b.len);
	}
}

/* What strongSwan 5.9.8 and Libreswan 4.10 really send (capture-peers). */
static void test_real_peers(void **state)
{
	DECODE_OK(capture_strongswan_ike_sa_init_i);
	assert_int_equal(sa_payload()->count, 1);
	assert_int_equal(wire_transforms(), 18);
	assert_int_equal(sa.p[0].types[TRANS_ENCR].t[2].key_bits, 256);
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_KE)->u.ke.group, IKEV2_KE_MODP3072);
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_KE)->u.ke.data.len, 384);
	assert_non_null(ikev2_msg_notify(m, IKEV2_N_SIGNATURE_HASH_ALGORITHMS));
	assert_non_null(ikev2_msg_notify(m, IKEV2_N_REDIRECT_SUPPORTED));
	rules_ok();
	expect_reencodes();

	DECODE_OK(capture_strongswan_no_proposal_chosen);
	assert_true(ikev2_msg_is_response(m));
	assert_non_null(ikev2_msg_notify(m, IKEV2_N_NO_PROPOSAL_CHOSEN));
	rules_ok();
	expect_reencodes();

	DECODE_OK(capture_libreswan_ike_sa_init_i);
	assert_int_equal(sa_payload()->count, 4);
	assert_int_equal(wire_transforms(), 11);
	assert_int_equal(sa.p[0].types[TRANS_ENCR].t[0].id, IKEV2_ENCR_AES_GCM_16);
	assert_int_equal(sa.p[0].types[TRANS_ENCR].t[0].key_bits, 256);
	assert_int_equal(sa.p[3].number, 4);
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_KE)->u.ke.group, IKEV2_KE_MODP2048);
	assert_non_null(ikev2_msg_notify(m, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED));
	assert_non_null(ikev2_msg_notify(m, IKEV2_N_NAT_DETECTION_DESTINATION_IP));
	rules_ok();
	expect_reencodes();

	/* A Libreswan -> strongSwan exchange, as sent on the wire. */
	static const struct {
		const uint8_t *p;
		size_t len;
		uint8_t exchange;
		bool response;
	} x[] = {
#define X(name, exch, resp) { capture_libreswan_to_strongswan_##name, \
			      sizeof(capture_libreswan_to_strongswan_##name), exch, resp }
		X(00_ike_sa_init_i, IKEV2_EXCH_IKE_SA_INIT, false),
		X(01_ike_sa_init_r, IKEV2_EXCH_IKE_SA_INIT, true),
		X(02_ike_sa_init_i, IKEV2_EXCH_IKE_SA_INIT, false),
		X(03_ike_sa_init_r, IKEV2_EXCH_IKE_SA_INIT, true),
		X(04_ike_auth_i, IKEV2_EXCH_IKE_AUTH, false),
		X(05_ike_auth_r, IKEV2_EXCH_IKE_AUTH, true),
		X(06_informational_i, IKEV2_EXCH_INFORMATIONAL, false),
		X(07_informational_r, IKEV2_EXCH_INFORMATIONAL, true),
#undef X
	};
	struct diag d;

	for (size_t i = 0; i < ARRAY_SIZE(x); i++) {
		if (ikev2_msg_decode(m, BYTES(x[i].p, x[i].len), &d) != IKEV2_MSG_OK)
			fail_msg("message %zu: %s", i, d.msg);
		assert_int_equal(m->hdr.exchange, x[i].exchange);
		assert_int_equal(ikev2_msg_is_response(m), x[i].response);
		const struct ikev2_rule_set *rs = ikev2_rules_for(m);

		if (!ikev2_check_plaintext_rules(m, rs, &d))
			fail_msg("message %zu: %s", i, d.msg);
		if (x[i].exchange == IKEV2_EXCH_IKE_SA_INIT) {
			rules_ok();
		} else {
			/* SK is the only payload; AAD runs to its header's end */
			assert_true(m->sk.present);
			assert_int_equal(m->n_payloads, 1);
			assert_int_equal(m->sk.offset, 28);
			assert_int_equal(m->sk.aad.len, 32);
			assert_int_equal(m->sk.encrypted.len, x[i].len - 32);
		}
		expect_reencodes();
	}
	/* strongSwan asked for another KE method (2 bytes: the group) */
	DECODE_OK(capture_libreswan_to_strongswan_01_ike_sa_init_r);
	assert_int_equal(ikev2_msg_notify(m, IKEV2_N_INVALID_KE_PAYLOAD)->data.len, 2);
	DECODE_OK(capture_libreswan_to_strongswan_03_ike_sa_init_r);
	assert_int_equal(sa_payload()->count, 1);
	assert_non_null(ikev2_msg_notify(m, IKEV2_N_CHILDLESS_IKEV2_SUPPORTED));

	/* and the RFC-built ones */
	DECODE_OK(sample_ike_sa_init_i);
	expect_reencodes();
	DECODE_OK(sample_ike_auth_r);
	decode_inner_ok();
	expect_reencodes();
}

static void expect_verdict(const uint8_t *p, size_t n, enum ikev2_verdict want, const char *msg)
{
	struct diag d;
	enum ikev2_verdict v = ikev2_msg_decode(m, BYTES(p, n), &d);

	if (v != want)
		fail_msg("verdict %s (%s), wanted %s", name_of(&ikev2_verdict_names, v), d.msg,
			 name_of(&ikev2_verdict_names, want));
	if (want != IKEV2_MSG_OK)
		assert_diag_is(&d, msg);
}

static void test_ikev1_and_versions(void **state)
{
	uint8_t p[sizeof(sample_ike_sa_init_cookie)];

	expect_verdict(sample_ikev1_main_mode, sizeof(sample_ikev1_main_mode), IKEV2_MSG_IKEV1,
		       "IKEv1 packet (version 1.0, exchange type 2): only IKEv2 is supported");
	memcpy(p, sample_ike_sa_init_cookie, sizeof(p));
	p[17] = 0x30;
	expect_verdict(p, sizeof(p), IKEV2_MSG_BAD_MAJOR, "IKE header: major version 3 is not 2");
	p[17] = 0x00;
	expect_verdict(p, sizeof(p), IKEV2_MSG_MALFORMED, "IKE header: major version 0 is not 2");
	/* a minor version is ignored (2.5) */
	p[17] = 0x21;
	expect_verdict(p, sizeof(p), IKEV2_MSG_OK, NULL);
}

static void test_header_lengths(void **state)
{
	uint8_t p[sizeof(sample_ike_sa_init_cookie) + 4];
	size_t n = sizeof(sample_ike_sa_init_cookie);

	memcpy(p, sample_ike_sa_init_cookie, n);
	expect_verdict(p, 27, IKEV2_MSG_MALFORMED,
		       "IKE header: truncated: datagram of 27 bytes, the header needs 28");
	expect_verdict(p, n - 1, IKEV2_MSG_MALFORMED,
		       "IKE header: length 52 is longer than the 51 bytes left in datagram");
	expect_verdict(p, n + 1, IKEV2_MSG_MALFORMED,
		       "IKE header: length 52 is shorter than the 53-byte datagram");
	p[27] = 20;
	expect_verdict(p, n, IKEV2_MSG_MALFORMED,
		       "IKE header: length 20 is shorter than its 28-byte header");

	/* bytes after the last payload, header length covering them */
	memcpy(p, sample_ike_sa_init_cookie, n);
	p[27] = n + 4;
	expect_verdict(p, n + 4, IKEV2_MSG_MALFORMED,
		       "4 bytes follow the last payload in message");

	/* a payload announced by Next Payload but absent */
	memcpy(p, sample_ike_sa_init_cookie, n);
	p[28] = IKEV2_NP_V;
	expect_verdict(p, n, IKEV2_MSG_MALFORMED,
		       "Vendor ID payload: truncated: 0 bytes left in message, its header needs 4");
}

static void test_critical_bit(void **state)
{
	uint8_t p[sizeof(sample_unknown_noncritical)];
	struct diag d;

	DECODE_OK(sample_unknown_noncritical);
	assert_int_equal(m->n_payloads, 3);	/* the unknown one skipped */
	assert_int_equal(m->payloads[0].type, IKEV2_NP_SA);
	memcpy(p, sample_unknown_noncritical, sizeof(p));
	p[29] = 0x80;
	assert_int_equal(ikev2_msg_decode(m, BYTES(p, sizeof(p)), &d),
			 IKEV2_MSG_UNSUPPORTED_CRITICAL);
	assert_int_equal(m->critical_type, 200);
	assert_int_equal(ikev2_verdict_notify(IKEV2_MSG_UNSUPPORTED_CRITICAL),
			 IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	assert_int_equal(ikev2_verdict_notify(IKEV2_MSG_MALFORMED), IKEV2_N_INVALID_SYNTAX);
	assert_int_equal(ikev2_verdict_notify(IKEV2_MSG_IKEV1), 0);
	assert_diag_is(&d, "unknown payload type 200 has the critical bit set");
	/* an unknown payload's own length is still checked */
	p[29] = 0;
	p[31] = 3;
	expect_verdict(p, sizeof(p), IKEV2_MSG_MALFORMED,
		       "payload type 200: unknown payload: length 3 is shorter than its 4-byte header");
}

/* Header + COUNT empty Vendor ID payloads, written out by hand. */
static size_t many_vids(uint8_t *p, unsigned count)
{
	size_t n = 28 + 4 * count;

	memset(p, 0, n);
	p[16] = IKEV2_NP_V;
	p[17] = 0x20;
	p[18] = IKEV2_EXCH_INFORMATIONAL;
	p[24] = n >> 24;
	p[25] = n >> 16;
	p[26] = n >> 8;
	p[27] = n;
	for (unsigned i = 0; i < count; i++) {
		p[28 + 4 * i] = i + 1 < count ? IKEV2_NP_V : 0;
		p[28 + 4 * i + 3] = 4;
	}
	return n;
}

static void test_payload_limit_and_duplicates(void **state)
{
	static uint8_t p[28 + 4 * 80];
	struct diag d;
	size_t n = many_vids(p, IKEV2_MAX_PAYLOADS);

	assert_int_equal(ikev2_msg_decode(m, BYTES(p, n), &d), IKEV2_MSG_OK);
	assert_int_equal(ikev2_msg_count(m, IKEV2_NP_V), IKEV2_MAX_PAYLOADS);
	n = many_vids(p, IKEV2_MAX_PAYLOADS + 1);
	expect_verdict(p, n, IKEV2_MSG_MALFORMED, "more than 64 payloads");

	/* two Nonce payloads */
	uint8_t two[28 + 20 + 20] = { [16] = IKEV2_NP_NONCE, [17] = 0x20, [18] = 34, [27] = 68,
				      [28] = IKEV2_NP_NONCE, [31] = 20, [51] = 20 };

	expect_verdict(two, sizeof(two), IKEV2_MSG_MALFORMED,
		       "second NONCE payload; at most one is allowed");
}

static void test_sk_placement(void **state)
{
	uint8_t p[sizeof(sample_ike_auth_i) + 4];
	size_t n = sizeof(sample_ike_auth_i);
	struct diag d;

	/* bytes after SK, inside the message length */
	memcpy(p, sample_ike_auth_i, n);
	memset(p + n, 0, 4);
	p[27] += 4;
	expect_verdict(p, n + 4, IKEV2_MSG_MALFORMED,
		       "SK payload must be the last but 4 bytes follow it");

	/* SK inside SK */
	const uint8_t inner[] = { 0, 0, 0, 5, 0xaa };

	DECODE_OK(sample_ike_auth_i);
	assert_int_equal(ikev2_msg_decode_inner(m, BYTES(inner, sizeof(inner)), IKEV2_NP_SK, &d),
			 IKEV2_MSG_MALFORMED);
	assert_diag_is(&d, "SK payload inside an encrypted payload");

	/* a malformed inner payload names the plaintext as its container */
	const uint8_t bad[] = { 0, 0, 0, 9, 2, 0, 0, 0 };

	DECODE_OK(sample_ike_auth_i);
	assert_int_equal(ikev2_msg_decode_inner(m, BYTES(bad, sizeof(bad)), IKEV2_NP_IDi, &d),
			 IKEV2_MSG_MALFORMED);
	assert_diag_is(&d, "ID payload: length 9 is longer than the 8 bytes left in SK plaintext");
}

static void test_strip_padding(void **state)
{
	struct bytes inner;
	struct diag d;
	const uint8_t ok[] = { 1, 2, 3, 0xee, 1 };
	const uint8_t bad[] = { 1, 5 };

	assert_true(ikev2_sk_strip_padding(BYTES(ok, sizeof(ok)), &inner, &d));
	assert_int_equal(inner.len, 3);
	assert_false(ikev2_sk_strip_padding(BYTES(bad, sizeof(bad)), &inner, &d));
	assert_diag_is(&d, "SK payload: pad length 5 plus its octet is more than the 2 bytes of plaintext");
	assert_false(ikev2_sk_strip_padding(NO_BYTES, &inner, &d));
}

static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t spi_r[8] = { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8 };

static void set_transform(struct proposal *p, enum ike_trans_type type, uint16_t id,
			  uint16_t key_bits)
{
	struct transform_list *l = &p->types[type];

	l->present = true;
	l->t[l->count++] = (struct transform){ .id = id, .key_bits = key_bits };
}

/* An SA payload as the daemon adds one: the body from sa_payload_emit(). */
static void add_sa(struct ikev2_builder *bl, const struct proposals *ps)
{
	uint8_t body[512];
	struct buf b = BUF(body, sizeof(body));
	struct diag d;

	if (!sa_payload_emit(ps, false, &b, &d) || !ikev2_add_sa_body(bl, buf_bytes(&b), &d))
		fail_msg("%s", d.msg);
}

/* The builder, fed the same content, gives the RFC-built bytes. */
static void test_builder_matches_sample(void **state)
{
	static uint8_t out[1024];
	struct buf b = BUF(out, sizeof(out));
	struct ikev2_builder bl;
	struct diag d;
	struct bytes msg;
	uint8_t ke[32], nonce[32], zero20[20] = { 0 };

	for (int i = 0; i < 32; i++) {
		ke[i] = i;
		nonce[i] = 131 - i;
	}
	memset(&sa, 0, sizeof(sa));
	sa.count = 1;
	sa.p[0].number = 2;
	sa.p[0].protocol = SA_PROTO_IKE;
	set_transform(&sa.p[0], TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 128);
	set_transform(&sa.p[0], TRANS_PRF, IKEV2_PRF_HMAC_SHA2_512, 0);
	set_transform(&sa.p[0], TRANS_DH, IKEV2_KE_CURVE25519, 0);

	ikev2_build_start(&bl, &b, spi_i, spi_r, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, 0);
	add_sa(&bl, &sa);
	assert_true(ikev2_add_ke(&bl, IKEV2_KE_CURVE25519, BYTES(ke, 32), &d));
	assert_true(ikev2_add_nonce(&bl, BYTES(nonce, 32), &d));
	assert_true(ikev2_add_notify(&bl, 0, NO_BYTES, IKEV2_N_NAT_DETECTION_SOURCE_IP,
				     BYTES(zero20, 20), &d));
	assert_true(ikev2_add_notify(&bl, 0, NO_BYTES, IKEV2_N_NAT_DETECTION_DESTINATION_IP,
				     BYTES(zero20, 20), &d));
	assert_true(ikev2_add_certreq(&bl, IKEV2_CERT_X509_SIGNATURE, BYTES(zero20, 20), &d));
	if (!ikev2_build_finish(&bl, &msg, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(msg.len, sizeof(sample_ike_sa_init_r));
	assert_memory_equal(msg.ptr, sample_ike_sa_init_r, msg.len);
}

static void add_auth_payloads(struct ikev2_builder *bl, struct ikev2_ts_payload *tsi,
			      struct ikev2_ts_payload *tsr)
{
	struct diag d;
	static const uint8_t zero32[32], espspi[4] = { 0xc0, 0xff, 0xee, 1 };
	const uint8_t net_i[4] = { 192, 0, 2, 0 }, bc_i[4] = { 192, 0, 2, 255 };
	const uint8_t net_r[4] = { 198, 51, 100, 0 }, bc_r[4] = { 198, 51, 100, 255 };
	uint8_t v6a[16] = { 0x20, 0x01, 0x0d, 0xb8 }, v6b[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	v6b[14] = v6b[15] = 0xff;
	memset(&sa, 0, sizeof(sa));
	sa.count = 1;
	sa.p[0].number = 1;
	sa.p[0].protocol = SA_PROTO_ESP;
	sa.p[0].spi_size = 4;
	memcpy(sa.p[0].spi, espspi, 4);
	set_transform(&sa.p[0], TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	set_transform(&sa.p[0], TRANS_ESN, IKEV2_ESN_NO, 0);
	memset(tsi, 0, sizeof(*tsi));
	memset(tsr, 0, sizeof(*tsr));
	tsi->n_ts = 1;
	ikev2_ts_set_v4(&tsi->ts[0], 0, 0, 65535, net_i, bc_i);
	tsr->n_ts = 2;
	ikev2_ts_set_v4(&tsr->ts[0], 0, 0, 65535, net_r, bc_r);
	ikev2_ts_set_v6(&tsr->ts[1], 0, 0, 65535, v6a, v6b);

	assert_true(ikev2_add_id(bl, IKEV2_NP_IDi, IKEV2_ID_FQDN, BYTES("west.example", 12), &d));
	assert_true(ikev2_add_notify(bl, 0, NO_BYTES, IKEV2_N_INITIAL_CONTACT, NO_BYTES, &d));
	assert_true(ikev2_add_id(bl, IKEV2_NP_IDr, IKEV2_ID_IPV4_ADDR, BYTES("\xc0\x00\x02\x02", 4), &d));
	assert_true(ikev2_add_auth(bl, IKEV2_AUTH_PSK, BYTES(zero32, 32), &d));
	assert_true(ikev2_add_notify(bl, 0, NO_BYTES, IKEV2_N_USE_TRANSPORT_MODE, NO_BYTES, &d));
	add_sa(bl, &sa);
	assert_true(ikev2_add_ts(bl, IKEV2_NP_TSi, tsi, &d));
	if (!ikev2_add_ts(bl, IKEV2_NP_TSr, tsr, &d))
		fail_msg("%s", d.msg);
}

static void test_builder_sk(void **state)
{
	static uint8_t out[1024];
	static struct ikev2_ts_payload tsi, tsr;
	struct buf b = BUF(out, sizeof(out));
	struct ikev2_builder bl;
	struct ikev2_sk_layout sk;
	struct diag d;
	struct bytes msg;

	/* no IV, no ICV, block 1: the sample's "already decrypted" form */
	ikev2_build_start(&bl, &b, spi_i, spi_r, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, 1);
	assert_true(ikev2_build_sk_begin(&bl, 0, &d));
	add_auth_payloads(&bl, &tsi, &tsr);
	assert_true(ikev2_build_sk_end(&bl, 1, 0, &sk, &d));
	assert_true(ikev2_build_finish(&bl, &msg, &d));
	assert_int_equal(msg.len, sizeof(sample_ike_auth_i));
	assert_memory_equal(msg.ptr, sample_ike_auth_i, msg.len);

	/* AES-CBC shape: 16-byte IV, 16-byte blocks, 16-byte ICV */
	b = BUF(out, sizeof(out));
	ikev2_build_start(&bl, &b, spi_i, spi_r, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, 1);
	assert_true(ikev2_build_sk_begin(&bl, 16, &d));
	add_auth_payloads(&bl, &tsi, &tsr);
	assert_true(ikev2_build_sk_end(&bl, 16, 16, &sk, &d));
	assert_true(ikev2_build_finish(&bl, &msg, &d));
	assert_int_equal(sk.aad_len, 32);
	assert_int_equal(sk.iv_offset, 32);
	assert_int_equal(sk.plain_offset, 48);
	assert_int_equal(sk.plain_len % 16, 0);
	assert_int_equal(sk.plain_len, sizeof(sample_ike_auth_i) - 32 - 1 + sk.pad_len + 1);
	assert_int_equal(sk.icv_offset, sk.plain_offset + sk.plain_len);
	assert_int_equal(sk.msg_len, msg.len);
	assert_int_equal(sk.icv_offset + 16, msg.len);
	assert_int_equal(msg.ptr[sk.plain_offset + sk.plain_len - 1], sk.pad_len);

	/* the decoder agrees on the ranges, and the "plaintext" decodes */
	if (ikev2_msg_decode(m, msg, &d) != IKEV2_MSG_OK)
		fail_msg("%s", d.msg);
	assert_int_equal(m->sk.aad.len, sk.aad_len);
	assert_int_equal(m->sk.encrypted.len, 16 + sk.plain_len + 16);
	struct bytes inner;

	assert_true(ikev2_sk_strip_padding(BYTES(msg.ptr + sk.plain_offset, sk.plain_len),
					   &inner, &d));
	assert_int_equal(ikev2_msg_decode_inner(m, inner, m->sk.inner_next, &d), IKEV2_MSG_OK);
	rules_ok();

	/* misuse is reported, and sticks */
	b = BUF(out, sizeof(out));
	ikev2_build_start(&bl, &b, spi_i, spi_r, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, 1);
	assert_true(ikev2_build_sk_begin(&bl, 8, &d));
	assert_false(ikev2_build_finish(&bl, &msg, &d));
	assert_diag_is(&d, "message builder: SK payload not closed");
	assert_false(ikev2_add_nonce(&bl, BYTES(out, 16), &d));
	assert_diag_is(&d, "message builder: an earlier step failed");

	/* a buffer too small */
	uint8_t tiny[40];

	b = BUF(tiny, sizeof(tiny));
	ikev2_build_start(&bl, &b, spi_i, spi_r, IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_INITIATOR, 0);
	assert_false(ikev2_add_nonce(&bl, BYTES(out, 32), &d));
	assert_diag_is(&d, "Nonce payload: does not fit in the 40-byte buffer");
}

struct lines {
	char text[8192];
	size_t len;
};

static void collect(void *ctx, const char *line)
{
	struct lines *l = ctx;

	l->len += snprintf(l->text + l->len, sizeof(l->text) - l->len, "%s\n", line);
}

static void test_dump(void **state)
{
	static struct lines out;

	DECODE_OK(sample_ike_auth_i);
	decode_inner_ok();
	ikev2_msg_dump(m, collect, &out);
	assert_non_null(strstr(out.text, "IKE header:\n  initiator SPI: 0102030405060708\n"));
	assert_non_null(strstr(out.text, "  version: 0x20\n"));
	assert_non_null(strstr(out.text, "  exchange type: IKE_AUTH (35)\n"));
	assert_non_null(strstr(out.text, "\n  SK payload:\n"));
	assert_non_null(strstr(out.text, "\n    ID payload:\n"));
	assert_non_null(strstr(out.text, "      notify type: USE_TRANSPORT_MODE (16391)\n"));
	assert_non_null(strstr(out.text, "        addresses: 2001:db8:: - 2001:db8::ffff\n"));
	/* AUTH data shows as a length only */
	assert_non_null(strstr(out.text, "      authentication data: 32 bytes\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ike_sa_init_request),
		cmocka_unit_test(test_ike_sa_init_responses),
		cmocka_unit_test(test_ike_auth_request),
		cmocka_unit_test(test_other_exchanges),
		cmocka_unit_test(test_real_peers),
		cmocka_unit_test(test_ikev1_and_versions),
		cmocka_unit_test(test_header_lengths),
		cmocka_unit_test(test_critical_bit),
		cmocka_unit_test(test_payload_limit_and_duplicates),
		cmocka_unit_test(test_sk_placement),
		cmocka_unit_test(test_strip_padding),
		cmocka_unit_test(test_builder_matches_sample),
		cmocka_unit_test(test_builder_sk),
		cmocka_unit_test(test_dump),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
