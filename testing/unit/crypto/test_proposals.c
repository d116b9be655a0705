/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ike= / esp= parsing (valid strings and Libreswan's error texts, as
 * Libreswan 4.10's `ipsec algparse` prints them), defaults, the SA
 * payload body codec and proposal choice.  No NSS needed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "prf.h"
#include "proposal.h"

static const char *str(const struct proposal *p)
{
	static char buf[512];
	proposal_str(p, buf, sizeof(buf));
	return buf;
}

static void parses(enum proposal_kind kind, const char *text, size_t n, const char *const want[])
{
	struct proposals ps;
	struct diag d = { "" };

	if (!proposals_parse(kind, text, &ps, &d))
		fail_msg("'%s': %s", text, d.msg);
	assert_int_equal(ps.count, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(ps.p[i].number, i + 1);
		assert_string_equal(str(&ps.p[i]), want[i]);
	}
}

#define PARSES(kind, text, ...) do { \
		static const char *const w_[] = { __VA_ARGS__ }; \
		parses(kind, text, sizeof(w_) / sizeof(w_[0]), w_); \
	} while (0)

static void test_parse_valid(void **state)
{
	PARSES(PROPOSAL_IKE, "aes_gcm256-sha2_512;dh19", "AES_GCM_16_256-NONE-HMAC_SHA2_512-DH19");
	PARSES(PROPOSAL_IKE, "aes256-sha2_256-modp2048",
	       "AES_CBC_256-HMAC_SHA2_256_128-HMAC_SHA2_256-MODP2048");
	PARSES(PROPOSAL_IKE, "aes_gcm-sha2;dh19+dh20",
	       "AES_GCM_16_256+AES_GCM_16_128-NONE-HMAC_SHA2_256-DH19+DH20");
	PARSES(PROPOSAL_IKE, "aes_gcm-sha2-dh14+dh31",
	       "AES_GCM_16_256+AES_GCM_16_128-NONE-HMAC_SHA2_256-MODP2048+DH31");
	PARSES(PROPOSAL_IKE, "aes",
	       "AES_CBC_256+AES_CBC_128-HMAC_SHA2_512_256+HMAC_SHA2_256_128-"
	       "HMAC_SHA2_512+HMAC_SHA2_256-MODP2048+DH19+DH20+DH21+DH31");
	PARSES(PROPOSAL_IKE, "aes_gcm256,aes256-sha2",
	       "AES_GCM_16_256-NONE-HMAC_SHA2_512+HMAC_SHA2_256-MODP2048+DH19+DH20+DH21+DH31",
	       "AES_CBC_256-HMAC_SHA2_256_128-HMAC_SHA2_256-MODP2048+DH19+DH20+DH21+DH31");
	/* integrity then PRF; the ecp_ and curve25519 spellings; key length forms */
	PARSES(PROPOSAL_IKE, "aes-sha2_256_128-sha2_384;ecp_384",
	       "AES_CBC_256+AES_CBC_128-HMAC_SHA2_256_128-HMAC_SHA2_384-DH20");
	PARSES(PROPOSAL_IKE, "aes-256-sha2;curve25519", "AES_CBC_256-HMAC_SHA2_256_128-HMAC_SHA2_256-DH31");
	PARSES(PROPOSAL_IKE, "aes_cbc_128-sha2_512;ecp_521",
	       "AES_CBC_128-HMAC_SHA2_512_256-HMAC_SHA2_512-DH21");
	PARSES(PROPOSAL_IKE, "AES_GCM_C256-SHA2_512;DH19", "AES_GCM_16_256-NONE-HMAC_SHA2_512-DH19");
	PARSES(PROPOSAL_IKE, "aes_gcm_16_128+chacha20_poly1305-sha384;dh20",
	       "AES_GCM_16_128+CHACHA20_POLY1305-NONE-HMAC_SHA2_384-DH20");

	PARSES(PROPOSAL_ESP, "aes_gcm256", "AES_GCM_16_256-NONE");
	PARSES(PROPOSAL_ESP, "aes-sha2_256", "AES_CBC_128+AES_CBC_256-HMAC_SHA2_256_128");
	PARSES(PROPOSAL_ESP, "chacha20_poly1305", "CHACHA20_POLY1305-NONE");
	PARSES(PROPOSAL_ESP, "aes_gcm-null", "AES_GCM_16_128+AES_GCM_16_256-NONE");
	PARSES(PROPOSAL_ESP, "aes", "AES_CBC_128+AES_CBC_256-HMAC_SHA2_512_256+HMAC_SHA2_256_128");
	/* the ipsec.conf(5) example */
	PARSES(PROPOSAL_ESP, "aes_gcm,aes128+aes256-sha2_512+sha2_256-dh14+dh19",
	       "AES_GCM_16_128+AES_GCM_16_256-NONE",
	       "AES_CBC_128+AES_CBC_256-HMAC_SHA2_512_256+HMAC_SHA2_256_128-MODP2048+DH19");
	PARSES(PROPOSAL_ESP, "aes_gcm;dh19", "AES_GCM_16_128+AES_GCM_16_256-NONE-DH19");
	PARSES(PROPOSAL_ESP, "aes-sha2-none", "AES_CBC_128+AES_CBC_256-HMAC_SHA2_256_128-NONE");
}

static void fails(enum proposal_kind kind, const char *text, const char *want)
{
	struct proposals ps;
	struct diag d = { "" };

	if (proposals_parse(kind, text, &ps, &d))
		fail_msg("'%s' parsed", text);
	assert_string_equal(d.msg, want);
}

static void test_parse_errors(void **state)
{
	static const struct {
		enum proposal_kind kind;
		const char *text, *msg;
	} t[] = {
		{ PROPOSAL_IKE, "", "IKE proposal is empty" },
		{ PROPOSAL_IKE, "aes-sha2,", "IKE encryption algorithm is empty" },
		{ PROPOSAL_IKE, ",aes", "IKE encryption algorithm is empty" },
		{ PROPOSAL_IKE, "aes--sha2", "IKE PRF algorithm is empty" },
		{ PROPOSAL_IKE, "aes-sha2-", "IKE DH algorithm is empty" },
		{ PROPOSAL_IKE, "aes-sha2;", "IKE DH algorithm is empty" },
		{ PROPOSAL_IKE, "aes+-sha2", "IKE encryption algorithm is empty" },
		{ PROPOSAL_IKE, "foo", "IKE encryption algorithm 'foo' is not recognized" },
		{ PROPOSAL_IKE, "aes256_gcm", "IKE encryption algorithm 'aes256_gcm' is not recognized" },
		{ PROPOSAL_IKE, "aes-foo", "IKE PRF algorithm 'foo' is not recognized" },
		{ PROPOSAL_IKE, "aes-sha2;foo", "IKE DH algorithm 'foo' is not recognized" },
		{ PROPOSAL_IKE, "aes-sha2;x25519", "IKE DH algorithm 'x25519' is not recognized" },
		{ PROPOSAL_IKE, "aes-sha2;dh22", "IKE DH algorithm 'dh22' is not supported" },
		{ PROPOSAL_IKE, "aes-sha2;modp3072", "IKE DH algorithm 'modp3072' is not supported" },
		{ PROPOSAL_IKE, "3des", "IKE encryption algorithm '3des' is not supported" },
		{ PROPOSAL_IKE, "aes-sha1", "IKE PRF algorithm 'sha1' is not supported" },
		{ PROPOSAL_IKE, "aes-sha2-dh19-dh20", "IKE proposal contains unexpected 'dh20'" },
		{ PROPOSAL_IKE, "aes_gcm-sha2_512;dh19;dh20", "IKE proposal contains unexpected 'dh20'" },
		{ PROPOSAL_IKE, "aes-sha2-dh19;dh20", "IKE proposal contains unexpected 'dh20'" },
		{ PROPOSAL_IKE, "aes_gcm-sha2;dh19-dh20", "IKE proposal contains unexpected 'dh20'" },
		{ PROPOSAL_IKE, "aes+aes_gcm-sha2", "AEAD and non-AEAD IKE encryption algorithm cannot be combined" },
		{ PROPOSAL_IKE, "aes_gcm16",
		  "IKE encryption algorithm AES_GCM_16 with key length 16 invalid; valid key lengths: 128, 256" },
		{ PROPOSAL_IKE, "aes192",
		  "IKE encryption algorithm AES_CBC with key length 192 invalid; valid key lengths: 128, 256" },
		{ PROPOSAL_IKE, "chacha20_poly1305-256",
		  "IKE encryption algorithm CHACHA20_POLY1305 does not allow a key length" },
		{ PROPOSAL_IKE, "aes_gcm-sha2_512_256",
		  "AEAD IKE encryption algorithm AES_GCM_16 must have 'NONE' as the integrity algorithm" },
		{ PROPOSAL_IKE, "aes-none",
		  "non-AEAD IKE encryption algorithm AES_CBC cannot have 'NONE' as the integrity algorithm" },
		{ PROPOSAL_IKE, "aes_gcm-sha2-none", "IKE DH algorithm 'none' not permitted" },
		{ PROPOSAL_IKE, "aes-sha2_256_128-dh19", "IKE PRF algorithm 'dh19' is not recognized" },
		{ PROPOSAL_ESP, "", "ESP proposal is empty" },
		{ PROPOSAL_ESP, "aes_gcm-sha2_256",
		  "AEAD ESP encryption algorithm AES_GCM_16 must have 'NONE' as the integrity algorithm" },
		{ PROPOSAL_ESP, "aes-none",
		  "non-AEAD ESP encryption algorithm AES_CBC cannot have 'NONE' as the integrity algorithm" },
		{ PROPOSAL_ESP, "aes-foo", "ESP integrity algorithm 'foo' is not recognized" },
		{ PROPOSAL_ESP, "aes-sha2;foo", "ESP DH algorithm 'foo' is not recognized" },
		{ PROPOSAL_ESP, "aes-sha2_512_256-sha2", "ESP DH algorithm 'sha2' is not recognized" },
		{ PROPOSAL_ESP, "aes-sha2-dh19-dh20", "ESP proposal contains unexpected 'dh20'" },
		{ PROPOSAL_ESP, "aes-sha2;dh19;dh20", "ESP proposal contains unexpected 'dh20'" },
		{ PROPOSAL_ESP, "aes_gcm+aes", "AEAD and non-AEAD ESP encryption algorithm cannot be combined" },
		{ PROPOSAL_ESP, "aes_gcm-dh19", "ESP integrity algorithm 'dh19' is not recognized" },
		{ PROPOSAL_ESP, "aes-sha2-none+dh19",
		  "ESP DH algorithm 'none' not permitted with other DH algorithms" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		fails(t[i].kind, t[i].text, t[i].msg);

	char many[256] = "";
	for (int i = 0; i < PROPOSALS_MAX + 1; i++)
		strcat(many, i > 0 ? ",aes" : "aes");
	fails(PROPOSAL_IKE, many, "IKE has more than 16 proposals");
}

static void test_defaults(void **state)
{
	struct proposals ike, esp;

	proposals_default(PROPOSAL_IKE, &ike);
	assert_int_equal(ike.count, 4);
	const char *dh = "-MODP2048+DH19+DH20+DH21+DH31";
	char want[200];
	snprintf(want, sizeof(want), "AES_GCM_16_256-NONE-HMAC_SHA2_512+HMAC_SHA2_256%s", dh);
	assert_string_equal(str(&ike.p[0]), want);
	snprintf(want, sizeof(want), "AES_GCM_16_128-NONE-HMAC_SHA2_512+HMAC_SHA2_256%s", dh);
	assert_string_equal(str(&ike.p[1]), want);
	snprintf(want, sizeof(want),
		 "AES_CBC_256-HMAC_SHA2_512_256+HMAC_SHA2_256_128-HMAC_SHA2_512+HMAC_SHA2_256%s", dh);
	assert_string_equal(str(&ike.p[2]), want);
	snprintf(want, sizeof(want),
		 "AES_CBC_128-HMAC_SHA2_512_256+HMAC_SHA2_256_128-HMAC_SHA2_512+HMAC_SHA2_256%s", dh);
	assert_string_equal(str(&ike.p[3]), want);

	proposals_default(PROPOSAL_ESP, &esp);
	assert_int_equal(esp.count, 4);
	assert_string_equal(str(&esp.p[0]), "AES_GCM_16_256-NONE");
	assert_string_equal(str(&esp.p[1]), "AES_GCM_16_128-NONE");
	assert_string_equal(str(&esp.p[2]), "AES_CBC_256-HMAC_SHA2_512_256+HMAC_SHA2_256_128");
	assert_string_equal(str(&esp.p[3]), "AES_CBC_128-HMAC_SHA2_512_256+HMAC_SHA2_256_128");

	proposals_set_esn(&esp, ESN_POLICY_EITHER);
	assert_string_equal(str(&esp.p[0]), "AES_GCM_16_256-NONE-ESN+NO_ESN");
	proposals_set_esn(&esp, ESN_POLICY_NO);
	assert_string_equal(str(&esp.p[0]), "AES_GCM_16_256-NONE-NO_ESN");
	proposals_set_child_dh(&esp, ike_alg_by_id(TRANS_DH, IKEv2_DH_ECP_256));
	assert_string_equal(str(&esp.p[3]), "AES_CBC_128-HMAC_SHA2_512_256+HMAC_SHA2_256_128-DH19-NO_ESN");
	proposals_set_child_dh(&esp, NULL);
	assert_string_equal(str(&esp.p[3]), "AES_CBC_128-HMAC_SHA2_512_256+HMAC_SHA2_256_128-NO_ESN");
}

/* Build a remote proposal by hand, as a decoded SA payload gives it. */
static void add_t(struct proposal *p, enum ike_trans_type type, uint16_t id, uint16_t bits)
{
	struct transform_list *l = &p->types[type];
	l->present = true;
	l->t[l->count++] = (struct transform){ .id = id, .key_bits = bits };
}

static void test_choose_ike(void **state)
{
	struct proposals local, remote = { .count = 2 };
	struct proposal chosen;
	struct diag d;

	proposals_default(PROPOSAL_IKE, &local);
	/* Peer prefers AES-CBC-128; we prefer AES-GCM-256, which it offers second. */
	struct proposal *r1 = &remote.p[0], *r2 = &remote.p[1];
	r1->number = 1; r1->protocol = SA_PROTO_IKE;
	add_t(r1, TRANS_ENCR, IKEv2_ENCR_AES_CBC, 128);
	add_t(r1, TRANS_INTEG, IKEv2_INTEG_HMAC_SHA2_256_128, 0);
	add_t(r1, TRANS_PRF, IKEv2_PRF_HMAC_SHA2_256, 0);
	add_t(r1, TRANS_DH, IKEv2_DH_ECP_256, 0);
	r2->number = 2; r2->protocol = SA_PROTO_IKE;
	add_t(r2, TRANS_ENCR, IKEv2_ENCR_AES_GCM_16, 256);
	add_t(r2, TRANS_PRF, IKEv2_PRF_HMAC_SHA2_256, 0);
	add_t(r2, TRANS_PRF, IKEv2_PRF_HMAC_SHA2_512, 0);
	/* the peer lists X25519 first; our order has DH19 before DH31 */
	add_t(r2, TRANS_DH, IKEv2_DH_CURVE25519, 0);
	add_t(r2, TRANS_DH, IKEv2_DH_ECP_256, 0);

	assert_true(proposals_choose(&local, &remote, SA_PROTO_IKE, 0, &chosen, &d));
	assert_int_equal(chosen.number, 2);
	assert_string_equal(str(&chosen), "AES_GCM_16_256-HMAC_SHA2_512-DH19");

	struct ike_suite s;
	assert_true(proposal_to_suite(&chosen, &s, &d));
	assert_int_equal(s.encr->id, IKEv2_ENCR_AES_GCM_16);
	assert_int_equal(s.enc_key_bits, 256);
	assert_int_equal(s.prf->id, IKEv2_PRF_HMAC_SHA2_512);
	assert_null(s.integ);
	assert_int_equal(s.dh->id, IKEv2_DH_ECP_256);

	/* The other way round: the peer's first is our best, so it stays
	 * chosen although its second matches one of ours too. */
	struct proposals swapped = { .count = 2, .p = { *r2, *r1 } };
	swapped.p[0].number = 1;
	swapped.p[1].number = 2;
	assert_true(proposals_choose(&local, &swapped, SA_PROTO_IKE, 0, &chosen, &d));
	assert_int_equal(chosen.number, 1);
	assert_string_equal(str(&chosen), "AES_GCM_16_256-HMAC_SHA2_512-DH19");

	/* With ike=aes128-sha2;dh19 only the peer's first proposal fits. */
	struct proposals mine;
	assert_true(proposals_parse(PROPOSAL_IKE, "aes128-sha2;dh19", &mine, &d));
	assert_true(proposals_choose(&mine, &remote, SA_PROTO_IKE, 0, &chosen, &d));
	assert_int_equal(chosen.number, 1);
	assert_string_equal(str(&chosen), "AES_CBC_128-HMAC_SHA2_256_128-HMAC_SHA2_256-DH19");

	/* A key length that differs, or none at all, does not match. */
	assert_true(proposals_parse(PROPOSAL_IKE, "aes256-sha2;dh19", &mine, &d));
	r2->types[TRANS_ENCR].t[0].key_bits = 0;
	assert_false(proposals_choose(&mine, &remote, SA_PROTO_IKE, 0, &chosen, &d));
	assert_non_null(strstr(d.msg, "no proposal chosen"));
	assert_non_null(strstr(d.msg, "1:AES_CBC_128-HMAC_SHA2_256_128-HMAC_SHA2_256-DH19"));

	/* A proposal with an attribute or type we cannot honour never matches. */
	proposals_default(PROPOSAL_IKE, &local);
	r1->unusable = true;
	r2->types[TRANS_ENCR].t[0].key_bits = 256;
	r2->unusable = true;
	assert_false(proposals_choose(&local, &remote, SA_PROTO_IKE, 0, &chosen, &d));
	r2->unusable = false;
	/* Wrong SPI size (8 is for rekeys) or protocol: skipped. */
	assert_false(proposals_choose(&local, &remote, SA_PROTO_IKE, 8, &chosen, &d));
	assert_false(proposals_choose(&local, &remote, SA_PROTO_ESP, 0, &chosen, &d));
	/* Misnumbered proposals are malformed. */
	r2->number = 3;
	assert_false(proposals_choose(&local, &remote, SA_PROTO_IKE, 0, &chosen, &d));
	assert_string_equal(d.msg, "proposal 2 has number 3");
}

static void test_choose_esp(void **state)
{
	struct proposals local, remote = { .count = 1 };
	struct proposal chosen;
	struct diag d;

	proposals_default(PROPOSAL_ESP, &local);
	proposals_set_esn(&local, ESN_POLICY_EITHER);
	struct proposal *r = &remote.p[0];
	r->number = 1; r->protocol = SA_PROTO_ESP; r->spi_size = 4;
	memcpy(r->spi, "\xc0\x01\xd0\x0d", 4);
	add_t(r, TRANS_ENCR, IKEv2_ENCR_AES_CBC, 256);
	add_t(r, TRANS_INTEG, IKEv2_INTEG_HMAC_SHA2_256_128, 0);
	add_t(r, TRANS_ESN, IKEv2_ESN_NO, 0);
	assert_true(proposals_choose(&local, &remote, SA_PROTO_ESP, 4, &chosen, &d));
	assert_string_equal(str(&chosen), "AES_CBC_256-HMAC_SHA2_256_128-NO_ESN");
	assert_memory_equal(chosen.spi, "\xc0\x01\xd0\x0d", 4);

	/* esn=yes locally and the peer insists on no ESN: no match. */
	proposals_set_esn(&local, ESN_POLICY_YES);
	assert_false(proposals_choose(&local, &remote, SA_PROTO_ESP, 4, &chosen, &d));
	/* the peer offers both: our preference (yes) wins */
	add_t(r, TRANS_ESN, IKEv2_ESN_YES, 0);
	proposals_set_esn(&local, ESN_POLICY_EITHER);
	assert_true(proposals_choose(&local, &remote, SA_PROTO_ESP, 4, &chosen, &d));
	assert_string_equal(str(&chosen), "AES_CBC_256-HMAC_SHA2_256_128-ESN");
	struct ike_suite s;
	assert_true(proposal_to_suite(&chosen, &s, &d));
	assert_true(s.esn);
	assert_null(s.dh);

	/* PFS: a DH group in the peer's proposal needs one in ours. */
	add_t(r, TRANS_DH, IKEv2_DH_ECP_384, 0);
	assert_false(proposals_choose(&local, &remote, SA_PROTO_ESP, 4, &chosen, &d));
	proposals_set_child_dh(&local, ike_alg_by_id(TRANS_DH, IKEv2_DH_ECP_384));
	assert_true(proposals_choose(&local, &remote, SA_PROTO_ESP, 4, &chosen, &d));
	assert_string_equal(str(&chosen), "AES_CBC_256-HMAC_SHA2_256_128-DH20-ESN");

	/* AEAD with an explicit INTEG=NONE from the peer: answered as sent. */
	struct proposals remote2 = { .count = 1 };
	r = &remote2.p[0];
	r->number = 1; r->protocol = SA_PROTO_ESP; r->spi_size = 4;
	add_t(r, TRANS_ENCR, IKEv2_ENCR_AES_GCM_16, 128);
	add_t(r, TRANS_INTEG, IKEv2_INTEG_NONE, 0);
	add_t(r, TRANS_ESN, IKEv2_ESN_NO, 0);
	proposals_set_child_dh(&local, NULL);
	assert_true(proposals_choose(&local, &remote2, SA_PROTO_ESP, 4, &chosen, &d));
	assert_string_equal(str(&chosen), "AES_GCM_16_128-NONE-NO_ESN");
	/* ... and AEAD with a real integrity algorithm never matches. */
	r->types[TRANS_INTEG].t[0].id = IKEv2_INTEG_HMAC_SHA2_256_128;
	assert_false(proposals_choose(&local, &remote2, SA_PROTO_ESP, 4, &chosen, &d));
}

static void test_sa_payload_round_trip(void **state)
{
	struct proposals offer, parsed, answer;
	struct proposal chosen, accepted;
	struct diag d;
	uint8_t wire[2048];
	struct buf b = BUF(wire, sizeof(wire));

	proposals_default(PROPOSAL_IKE, &offer);
	assert_true(sa_payload_emit(&offer, true, &b, &d));
	assert_true(sa_payload_parse(buf_bytes(&b), &parsed, &d));
	assert_int_equal(parsed.count, 4);
	/* INTEG=NONE is not sent with AEAD */
	assert_false(parsed.p[0].types[TRANS_INTEG].present);
	assert_string_equal(str(&parsed.p[0]),
			    "AES_GCM_16_256-HMAC_SHA2_512+HMAC_SHA2_256-MODP2048+DH19+DH20+DH21+DH31");
	assert_string_equal(str(&parsed.p[3]), str(&offer.p[3]));
	/* First transform on the wire: ENCR AES-GCM-16, Key Length 256. */
	static const uint8_t first[] = { 2, 0, 0, 0, 1, 1, 0, 8,
					 3, 0, 0, 12, 1, 0, 0, 20, 0x80, 14, 1, 0 };
	assert_memory_equal(wire + 4, first + 4, 4);
	assert_memory_equal(wire + 8, first + 8, sizeof(first) - 8);
	assert_int_equal(wire[0], 2);

	/* Responder picks; the answer goes back and the initiator checks it. */
	assert_true(proposals_choose(&offer, &parsed, SA_PROTO_IKE, 0, &chosen, &d));
	struct proposals one = { .count = 1, .p = { chosen } };
	b = BUF(wire, sizeof(wire));
	assert_true(sa_payload_emit(&one, false, &b, &d));
	assert_true(sa_payload_parse(buf_bytes(&b), &answer, &d));
	assert_true(proposals_check_answer(&offer, &answer, SA_PROTO_IKE, 0, &accepted, &d));
	assert_string_equal(str(&accepted), "AES_GCM_16_256-HMAC_SHA2_512-MODP2048");

	/* Answers that are not what we offered. */
	answer.p[0].types[TRANS_DH].t[0].id = IKEv2_DH_ECP_256;
	assert_true(proposals_check_answer(&offer, &answer, SA_PROTO_IKE, 0, &accepted, &d));
	answer.p[0].types[TRANS_ENCR].t[0].key_bits = 128;
	assert_false(proposals_check_answer(&offer, &answer, SA_PROTO_IKE, 0, &accepted, &d));
	assert_string_equal(d.msg, "the peer accepted ENCR AES_GCM_16 with a different key length "
			    "which we did not offer in proposal 1");
	answer.p[0].types[TRANS_ENCR].t[0].key_bits = 256;
	answer.p[0].number = 5;
	assert_false(proposals_check_answer(&offer, &answer, SA_PROTO_IKE, 0, &accepted, &d));
	assert_string_equal(d.msg, "the peer accepted proposal 5 but we offered 4");
	answer.p[0].number = 1;
	add_t(&answer.p[0], TRANS_PRF, IKEv2_PRF_HMAC_SHA2_256, 0);
	assert_false(proposals_check_answer(&offer, &answer, SA_PROTO_IKE, 0, &accepted, &d));
	assert_string_equal(d.msg, "the peer's accepted proposal has several PRF transforms; exactly one is allowed");
	answer.p[0].types[TRANS_PRF].count = 1;
	answer.p[0].types[TRANS_DH] = (struct transform_list){ 0 };
	assert_false(proposals_check_answer(&offer, &answer, SA_PROTO_IKE, 0, &accepted, &d));
	assert_string_equal(d.msg, "the peer's accepted proposal lacks a DH transform");
	answer.count = 2;
	assert_false(proposals_check_answer(&offer, &answer, SA_PROTO_IKE, 0, &accepted, &d));
}

static void test_sa_payload_malformed(void **state)
{
	struct proposals offer, parsed;
	struct diag d;
	uint8_t wire[2048];
	struct buf b = BUF(wire, sizeof(wire));

	assert_true(proposals_parse(PROPOSAL_ESP, "aes_gcm256,aes-sha2", &offer, &d));
	proposals_set_esn(&offer, ESN_POLICY_EITHER);
	proposals_set_spi(&offer, (const uint8_t *)"\x01\x02\x03\x04", 4);
	assert_true(sa_payload_emit(&offer, true, &b, &d));
	size_t len = b.len;
	assert_true(sa_payload_parse(BYTES(wire, len), &parsed, &d));
	assert_memory_equal(parsed.p[1].spi, "\x01\x02\x03\x04", 4);
	assert_string_equal(str(&parsed.p[1]), str(&offer.p[1]));

	/* Every truncation is an error, never a crash or a partial success. */
	for (size_t n = 0; n < len; n++)
		assert_false(sa_payload_parse(BYTES(wire, n), &parsed, &d));
	/* Proposal length beyond the payload. */
	uint8_t bad[2048];
	memcpy(bad, wire, len);
	bad[3] = 0xff;
	assert_false(sa_payload_parse(BYTES(bad, len), &parsed, &d));
	assert_non_null(strstr(d.msg, "proposal 1 length"));
	/* A transform length beyond its proposal; the copy is exactly LEN
	 * bytes on the heap so that ASan sees any read past the end. */
	uint8_t *exact = malloc(len);
	assert_non_null(exact);
	memcpy(exact, wire, len);
	size_t p1 = (size_t)(exact[2] << 8 | exact[3]);
	size_t last_t = p1 - 8;		/* the last transform of proposal 1 is ESN: 8 bytes */
	assert_int_equal(exact[last_t + 4], TRANS_ESN);
	exact[last_t + 3] = 200;
	assert_false(sa_payload_parse(BYTES(exact, len), &parsed, &d));
	assert_non_null(strstr(d.msg, "length 200 is invalid"));
	memcpy(exact, wire + p1, len - p1);	/* proposal 2 alone, ending the buffer */
	exact[len - p1 - 8 + 3] = 16;		/* its last transform claims 8 more bytes */
	assert_false(sa_payload_parse(BYTES(exact, len - p1), &parsed, &d));
	free(exact);
	/* Last-proposal flag on the first of two proposals. */
	memcpy(bad, wire, len);
	bad[0] = 0;
	assert_false(sa_payload_parse(BYTES(bad, len), &parsed, &d));
	assert_string_equal(d.msg, "proposal 1: Last Substruc 0 disagrees with the payload length");
	/* A transform count that disagrees with the transforms. */
	memcpy(bad, wire, len);
	bad[7] += 1;
	assert_false(sa_payload_parse(BYTES(bad, len), &parsed, &d));
	/* An unknown attribute makes the transform unmatchable, not the payload bad. */
	memcpy(bad, wire, len);
	assert_int_equal(bad[8 + 4 + 8], 0x80);	/* first transform's Key Length attribute */
	bad[8 + 4 + 9] = 99;
	assert_true(sa_payload_parse(BYTES(bad, len), &parsed, &d));
	assert_int_equal(parsed.p[0].types[TRANS_ENCR].count, 0);
	assert_true(parsed.p[0].types[TRANS_ENCR].present);
	/* An unknown transform id is dropped but the type stays present. */
	memcpy(bad, wire, len);
	bad[8 + 4 + 7] = 99;
	assert_true(sa_payload_parse(BYTES(bad, len), &parsed, &d));
	assert_int_equal(parsed.p[0].types[TRANS_ENCR].count, 0);
	assert_true(parsed.p[0].types[TRANS_ENCR].present);
	assert_false(sa_payload_parse(BYTES(wire, 0), &parsed, &d));
	assert_string_equal(d.msg, "SA payload has no proposals");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_choose_ike),
		cmocka_unit_test(test_choose_esp),
		cmocka_unit_test(test_sa_payload_round_trip),
		cmocka_unit_test(test_sa_payload_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
