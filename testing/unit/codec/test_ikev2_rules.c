/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exchange payload rules: what each request and response must, may and
 * must not carry, checked on messages made with the builder (the byte
 * layout itself is pinned by the other two tests).
 */
#include "codec_test.h"

#include <stdlib.h>

#include "ikev2_build.h"
#include "ikev2_rules.h"
#include "proposal.h"

static struct ikev2_msg *m;
static uint8_t out[2048];
static struct buf b;
static struct ikev2_builder bl;
static struct diag d;
static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, spi_r[8] = { 9 };
static const uint8_t nonce[32], ke[32], zero4[4];
static uint8_t esp_sa_buf[64], ike_sa_buf[64];
static struct bytes esp_sa, ike_sa;	/* SA payload bodies */
static struct ikev2_ts_payload ts;

/* A one-proposal SA body with one transform, as sa_payload_emit() makes it. */
static struct bytes sa_body(uint8_t *buf, size_t cap, enum sa_protocol protocol,
			    enum ike_trans_type type, uint16_t id)
{
	static struct proposals ps;
	struct buf w = BUF(buf, cap);
	struct diag e;

	memset(&ps, 0, sizeof(ps));
	ps.count = 1;
	ps.p[0].number = 1;
	ps.p[0].protocol = protocol;
	ps.p[0].spi_size = protocol == SA_PROTO_ESP ? 4 : 0;
	ps.p[0].types[type].count = 1;
	ps.p[0].types[type].t[0].id = id;
	if (!sa_payload_emit(&ps, false, &w, &e))
		fail_msg("%s", e.msg);
	return buf_bytes(&w);
}

static int setup(void **state)
{
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return -1;
	/* a minimal ESP proposal and a one-selector TS to add where needed */
	esp_sa = sa_body(esp_sa_buf, sizeof(esp_sa_buf), SA_PROTO_ESP, TRANS_ENCR,
			 IKEV2_ENCR_CHACHA20_POLY1305);
	ike_sa = sa_body(ike_sa_buf, sizeof(ike_sa_buf), SA_PROTO_IKE, TRANS_DH,
			 IKEV2_KE_CURVE25519);
	ts.n_ts = 1;
	ikev2_ts_set_v4(&ts.ts[0], 0, 0, 65535, zero4, zero4);
	return 0;
}

static int teardown(void **state)
{
	free(m);
	return 0;
}

static void start(uint8_t exchange, uint8_t flags, bool encrypted)
{
	b = BUF(out, sizeof(out));
	ikev2_build_start(&bl, &b, spi_i, spi_r, exchange, flags, 1);
	if (encrypted)
		assert_true(ikev2_build_sk_begin(&bl, 0, &d));
}

/* Finish, decode (the SK content is plaintext: no IV, ICV, padding) and
 * return what the checker says. */
static bool finish_and_check(void)
{
	struct bytes msg, inner;
	struct ikev2_sk_layout sk;

	if (bl.sk_at != SIZE_MAX)
		assert_true(ikev2_build_sk_end(&bl, 1, 0, &sk, &d));
	if (!ikev2_build_finish(&bl, &msg, &d))
		fail_msg("%s", d.msg);
	if (ikev2_msg_decode(m, msg, &d) != IKEV2_MSG_OK)
		fail_msg("%s", d.msg);
	if (m->sk.present) {
		assert_true(ikev2_sk_strip_padding(m->sk.encrypted, &inner, &d));
		if (ikev2_msg_decode_inner(m, inner, m->sk.inner_next, &d) != IKEV2_MSG_OK)
			fail_msg("%s", d.msg);
	}
	const struct ikev2_rule_set *rs = ikev2_rules_for(m);

	assert_non_null(rs);
	return ikev2_check_payload_rules(m, rs, &d);
}

static void add_sa_init(bool with_ke)
{
	assert_true(ikev2_add_sa_body(&bl, ike_sa, &d));
	if (with_ke)
		assert_true(ikev2_add_ke(&bl, IKEV2_KE_CURVE25519, BYTES(ke, 32), &d));
	assert_true(ikev2_add_nonce(&bl, BYTES(nonce, 32), &d));
}

static void add_notify(uint16_t type)
{
	assert_true(ikev2_add_notify(&bl, 0, NO_BYTES, type, NO_BYTES, &d));
}

static void test_ike_sa_init(void **state)
{
	start(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_INITIATOR, false);
	add_sa_init(true);
	add_notify(IKEV2_N_NAT_DETECTION_SOURCE_IP);
	assert_true(finish_and_check());

	start(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_INITIATOR, false);
	add_sa_init(false);
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_SA_INIT request: missing KE payload");

	start(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_INITIATOR, false);
	add_sa_init(true);
	assert_true(ikev2_add_auth(&bl, IKEV2_AUTH_PSK, BYTES(nonce, 4), &d));
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_SA_INIT request: unexpected AUTH payload");

	/* an error notify answers instead of SA, KE, Nr; a status one does not */
	start(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, false);
	add_notify(IKEV2_N_NO_PROPOSAL_CHOSEN);
	assert_true(finish_and_check());
	start(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_RESPONSE, false);
	add_notify(IKEV2_N_NAT_DETECTION_SOURCE_IP);
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_SA_INIT response: missing SA payload");
	/* ... and only in responses */
	start(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_INITIATOR, false);
	add_notify(IKEV2_N_INVALID_KE_PAYLOAD);
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_SA_INIT request: missing SA payload");

	/* no SK in IKE_SA_INIT */
	start(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_INITIATOR, false);
	add_sa_init(true);
	assert_true(ikev2_build_sk_begin(&bl, 0, &d));
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_SA_INIT request: unexpected SK payload");
}

static void add_auth_basics(bool with_id, bool with_auth)
{
	if (with_id)
		assert_true(ikev2_add_id(&bl, IKEV2_NP_IDi, IKEV2_ID_FQDN, BYTES("w", 1), &d));
	if (with_auth)
		assert_true(ikev2_add_auth(&bl, IKEV2_AUTH_NULL, BYTES(nonce, 32), &d));
}

static void test_ike_auth(void **state)
{
	/* childless (RFC 6023) */
	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, true);
	add_auth_basics(true, true);
	assert_true(finish_and_check());

	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, true);
	add_auth_basics(true, false);
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_AUTH request: missing AUTH payload");

	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, true);
	add_auth_basics(true, true);
	assert_true(ikev2_add_sa_body(&bl, esp_sa, &d));
	assert_true(ikev2_add_ts(&bl, IKEV2_NP_TSi, &ts, &d));
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_AUTH request: SA, TSi and TSr come together; missing TSr");

	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, true);
	add_auth_basics(true, true);
	assert_true(ikev2_add_sa_body(&bl, esp_sa, &d));
	assert_true(ikev2_add_ts(&bl, IKEV2_NP_TSi, &ts, &d));
	assert_true(ikev2_add_ts(&bl, IKEV2_NP_TSr, &ts, &d));
	add_notify(IKEV2_N_USE_TRANSPORT_MODE);
	assert_true(finish_and_check());

	/* IDi in the clear */
	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, false);
	add_auth_basics(true, true);
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_AUTH request: IDi payload outside the SK payload");

	/* no SK at all */
	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, false);
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_AUTH request: no SK payload");

	/* responses: failure carries only the notify; a failed child drops SA/TS */
	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, true);
	assert_true(ikev2_add_id(&bl, IKEV2_NP_IDr, IKEV2_ID_NULL, NO_BYTES, &d));
	assert_true(ikev2_add_cert(&bl, IKEV2_CERT_X509_SIGNATURE, BYTES(nonce, 8), &d));
	assert_true(ikev2_add_auth(&bl, IKEV2_AUTH_DIGITAL_SIGNATURE, BYTES(nonce, 32), &d));
	assert_true(finish_and_check());
	assert_int_equal(ikev2_msg_first(m, IKEV2_NP_CERT)->u.cert.data.len, 8);

	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, true);
	add_notify(IKEV2_N_AUTHENTICATION_FAILED);
	assert_true(finish_and_check());

	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, true);
	assert_true(ikev2_add_id(&bl, IKEV2_NP_IDr, IKEV2_ID_NULL, NO_BYTES, &d));
	assert_true(ikev2_add_auth(&bl, IKEV2_AUTH_NULL, BYTES(nonce, 32), &d));
	add_notify(IKEV2_N_TS_UNACCEPTABLE);
	assert_true(finish_and_check());

	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, true);
	assert_true(ikev2_add_id(&bl, IKEV2_NP_IDr, IKEV2_ID_NULL, NO_BYTES, &d));
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_AUTH response: missing AUTH payload");

	/* IDi belongs to requests */
	start(IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_RESPONSE, true);
	add_auth_basics(true, true);
	assert_false(finish_and_check());
	assert_diag_is(&d, "IKE_AUTH response: unexpected IDi payload");
}

static void test_create_child_sa(void **state)
{
	start(IKEV2_EXCH_CREATE_CHILD_SA, IKEV2_FLAG_INITIATOR, true);
	assert_true(ikev2_add_sa_body(&bl, esp_sa, &d));
	assert_true(ikev2_add_nonce(&bl, BYTES(nonce, 32), &d));
	assert_true(ikev2_add_ts(&bl, IKEV2_NP_TSi, &ts, &d));
	assert_true(ikev2_add_ts(&bl, IKEV2_NP_TSr, &ts, &d));
	assert_true(finish_and_check());
	assert_int_equal(ikev2_ccsa_kind(m), IKEV2_CCSA_NEW_CHILD);

	start(IKEV2_EXCH_CREATE_CHILD_SA, IKEV2_FLAG_INITIATOR, true);
	assert_true(ikev2_add_sa_body(&bl, esp_sa, &d));
	assert_true(ikev2_add_ts(&bl, IKEV2_NP_TSi, &ts, &d));
	assert_true(ikev2_add_ts(&bl, IKEV2_NP_TSr, &ts, &d));
	assert_false(finish_and_check());
	assert_diag_is(&d, "CREATE_CHILD_SA request (Child SA): missing NONCE payload");

	/* no TS: an IKE SA rekey, which needs KE */
	start(IKEV2_EXCH_CREATE_CHILD_SA, IKEV2_FLAG_INITIATOR, true);
	assert_true(ikev2_add_sa_body(&bl, esp_sa, &d));
	assert_true(ikev2_add_nonce(&bl, BYTES(nonce, 32), &d));
	assert_false(finish_and_check());
	assert_int_equal(ikev2_ccsa_kind(m), IKEV2_CCSA_REKEY_IKE);
	assert_diag_is(&d, "CREATE_CHILD_SA request (IKE SA rekey): missing KE payload");

	start(IKEV2_EXCH_CREATE_CHILD_SA, IKEV2_FLAG_RESPONSE, true);
	add_notify(IKEV2_N_NO_ADDITIONAL_SAS);
	assert_true(finish_and_check());

	start(IKEV2_EXCH_CREATE_CHILD_SA, IKEV2_FLAG_INITIATOR, true);
	add_sa_init(true);
	assert_true(ikev2_add_certreq(&bl, IKEV2_CERT_X509_SIGNATURE, NO_BYTES, &d));
	assert_false(finish_and_check());
	assert_diag_is(&d, "CREATE_CHILD_SA request (IKE SA rekey): unexpected CERTREQ payload");
}

static void test_informational(void **state)
{
	/* an empty one is a liveness check */
	start(IKEV2_EXCH_INFORMATIONAL, IKEV2_FLAG_INITIATOR, true);
	assert_true(finish_and_check());
	start(IKEV2_EXCH_INFORMATIONAL, IKEV2_FLAG_RESPONSE, true);
	assert_true(finish_and_check());

	start(IKEV2_EXCH_INFORMATIONAL, IKEV2_FLAG_INITIATOR, true);
	assert_true(ikev2_add_delete(&bl, IKEV2_PROTO_ESP, 4, 1, BYTES(zero4, 4), &d));
	assert_true(ikev2_add_delete(&bl, IKEV2_PROTO_IKE, 0, 0, NO_BYTES, &d));
	assert_true(finish_and_check());

	start(IKEV2_EXCH_INFORMATIONAL, IKEV2_FLAG_INITIATOR, true);
	assert_true(ikev2_add_sa_body(&bl, esp_sa, &d));
	assert_false(finish_and_check());
	assert_diag_is(&d, "INFORMATIONAL request: unexpected SA payload");

	/* a maximum, on a count the decoder itself would not let through */
	start(IKEV2_EXCH_INFORMATIONAL, IKEV2_FLAG_INITIATOR, true);
	assert_true(finish_and_check());
	m->index[IKEV2_NP_CP].count = 2;
	assert_false(ikev2_check_payload_rules(m, ikev2_rules_for(m), &d));
	assert_diag_is(&d, "INFORMATIONAL request: 2 CP payloads, at most 1 allowed");

	/* exchanges without rules */
	start(99, IKEV2_FLAG_INITIATOR, false);
	struct bytes msg;

	assert_true(ikev2_build_finish(&bl, &msg, &d));
	assert_int_equal(ikev2_msg_decode(m, msg, &d), IKEV2_MSG_OK);
	assert_null(ikev2_rules_for(m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ike_sa_init),
		cmocka_unit_test(test_ike_auth),
		cmocka_unit_test(test_create_child_sa),
		cmocka_unit_test(test_informational),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
