/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sa_payload_parse() on hand-written SA payload bodies (from the RFC
 * 7296 §3.3 diagrams): every malformed class of proposal and transform
 * is refused, with the numbers in the message, and what is accepted
 * decodes to the right values and emits back to the same bytes.  These
 * are the cases the message codec's SA decoder was tested with before
 * crypto became the one reader of SA payloads.  test_proposals.c has
 * the round trip of our own offers and every truncation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proposal.h"

/* One proposal: number 1, PROTOCOL, SPI_SIZE octets of 0xc5, then the
 * NTRANS transforms in T (TLEN octets).  Returns the body's length. */
static size_t proposal(uint8_t *p, const uint8_t *t, size_t tlen, uint8_t ntrans,
		       uint8_t protocol, uint8_t spi_size)
{
	size_t plen = 8 + spi_size + tlen;
	uint8_t hdr[] = { 0, 0, (uint8_t)(plen >> 8), (uint8_t)plen, 1, protocol, spi_size, ntrans };

	memcpy(p, hdr, sizeof(hdr));
	memset(p + sizeof(hdr), 0xc5, spi_size);
	if (tlen > 0)
		memcpy(p + sizeof(hdr) + spi_size, t, tlen);
	return plen;
}

static const uint8_t esp_gcm_esn[] = {
	3, 0, 0, 12, 1, 0, 0, 20, 0x80, 14, 1, 0,	/* ENCR AES_GCM_16, key length 256 */
	0, 0, 0, 8, 5, 0, 0, 1,				/* ESN yes, last */
};

/* Parse P (N octets, copied to the heap so ASan sees any overread). */
static bool parse(const uint8_t *p, size_t n, struct proposals *out, struct diag *d)
{
	uint8_t *exact = malloc(n > 0 ? n : 1);
	assert_non_null(exact);
	memcpy(exact, p, n);
	bool ok = sa_payload_parse(BYTES(exact, n), out, d);
	free(exact);
	return ok;
}

static void refused(const uint8_t *p, size_t n, const char *want)
{
	static struct proposals ps;
	struct diag d = { "" };

	if (parse(p, n, &ps, &d))
		fail_msg("accepted; wanted '%s'", want);
	if (strstr(d.msg, want) == NULL)
		fail_msg("'%s' does not say '%s'", d.msg, want);
}

static void test_decode_and_emit(void **state)
{
	static struct proposals ps;
	uint8_t p[128], again[128];
	struct diag d;
	size_t n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_ESP, 4);

	if (!parse(p, n, &ps, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(ps.count, 1);
	const struct proposal *pr = &ps.p[0];
	assert_int_equal(pr->number, 1);
	assert_int_equal(pr->protocol, SA_PROTO_ESP);
	assert_int_equal(pr->spi_size, 4);
	assert_memory_equal(pr->spi, "\xc5\xc5\xc5\xc5", 4);
	assert_false(pr->unusable);
	assert_int_equal(pr->types[TRANS_ENCR].count, 1);
	assert_int_equal(pr->types[TRANS_ENCR].t[0].id, IKEv2_ENCR_AES_GCM_16);
	assert_int_equal(pr->types[TRANS_ENCR].t[0].key_bits, 256);
	assert_int_equal(pr->types[TRANS_ESN].count, 1);
	assert_int_equal(pr->types[TRANS_ESN].t[0].key_bits, 0);

	/* and back to the same bytes */
	struct buf b = BUF(again, sizeof(again));
	assert_true(sa_payload_emit(&ps, false, &b, &d));
	assert_int_equal(b.len, n);
	assert_memory_equal(again, p, n);
}

static void test_attributes(void **state)
{
	static struct proposals ps;
	uint8_t p[128];
	struct diag d;

	/* transform length 12, but its TLV attribute claims 8 value bytes */
	const uint8_t over[] = { 0, 0, 0, 12, 1, 0, 0, 12, 0x00, 99, 0, 8 };
	size_t n = proposal(p, over, sizeof(over), 1, SA_PROTO_ESP, 4);
	refused(p, n, "proposal 1 transform 1: transform attribute of 8 bytes overruns the transform");

	/* a TV attribute cut short by its transform */
	const uint8_t cut[] = { 0, 0, 0, 10, 1, 0, 0, 12, 0x80, 14 };
	n = proposal(p, cut, sizeof(cut), 1, SA_PROTO_ESP, 4);
	refused(p, n, "transform attribute truncated (2 bytes left)");

	/* 3.3.5: Key Length is TV; in TLV form the payload is malformed */
	const uint8_t tlv[] = { 0, 0, 0, 14, 1, 0, 0, 12, 0x00, 14, 0, 2, 1, 0 };
	n = proposal(p, tlv, sizeof(tlv), 1, SA_PROTO_ESP, 4);
	refused(p, n, "Key Length attribute in TLV form (2 bytes); it must be TV (AF=1)");

	/* two key lengths */
	const uint8_t two[] = { 0, 0, 0, 16, 1, 0, 0, 12, 0x80, 14, 0, 128, 0x80, 14, 1, 0 };
	n = proposal(p, two, sizeof(two), 1, SA_PROTO_ESP, 4);
	refused(p, n, "second Key Length attribute (256 after 128)");

	/* a key length of zero */
	const uint8_t zero[] = { 0, 0, 0, 12, 1, 0, 0, 12, 0x80, 14, 0, 0 };
	n = proposal(p, zero, sizeof(zero), 1, SA_PROTO_ESP, 4);
	refused(p, n, "Key Length attribute is 0");

	/* 3.3.6: an unknown attribute (TV or TLV) makes only that
	 * transform unacceptable */
	const uint8_t unk[] = { 0, 0, 0, 12, 1, 0, 0, 20, 0x80, 99, 0, 1 };
	n = proposal(p, unk, sizeof(unk), 1, SA_PROTO_ESP, 4);
	assert_true(parse(p, n, &ps, &d));
	assert_true(ps.p[0].types[TRANS_ENCR].present);
	assert_int_equal(ps.p[0].types[TRANS_ENCR].count, 0);
	const uint8_t unk_tlv[] = { 0, 0, 0, 14, 1, 0, 0, 20, 0x00, 99, 0, 2, 7, 7 };
	n = proposal(p, unk_tlv, sizeof(unk_tlv), 1, SA_PROTO_ESP, 4);
	assert_true(parse(p, n, &ps, &d));
	assert_int_equal(ps.p[0].types[TRANS_ENCR].count, 0);
}

static void test_transform_count(void **state)
{
	uint8_t p[128];

	/* says 3, two follow */
	size_t n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 3, SA_PROTO_ESP, 4);
	refused(p, n, "proposal 1: transform 2 has Last Substruc 0 but the proposal has 3 transforms");
	/* says 1, two follow */
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 1, SA_PROTO_ESP, 4);
	refused(p, n, "proposal 1: transform 1 has Last Substruc 3 but the proposal has 1 transforms");
	/* says 0: a proposal needs at least one transform */
	n = proposal(p, NULL, 0, 0, SA_PROTO_ESP, 4);
	refused(p, n, "proposal 1 has no transforms");
}

static void test_spi_size_vs_protocol(void **state)
{
	static struct proposals ps;
	uint8_t p[128];
	struct diag d;
	size_t n;

	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_ESP, 8);
	refused(p, n, "proposal 1: SPI size 8 is wrong for protocol ESP (must be 4)");
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_AH, 0);
	refused(p, n, "proposal 1: SPI size 0 is wrong for protocol AH (must be 4)");
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_IKE, 4);
	refused(p, n, "SPI size 4 is wrong for protocol IKE (must be 0 or 8)");
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_IKE, 8);
	assert_true(parse(p, n, &ps, &d));	/* IKE SA rekey */
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_IKE, 0);
	assert_true(parse(p, n, &ps, &d));	/* IKE_SA_INIT */
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, 4, 4);
	refused(p, n, "proposal 1: protocol ID 4 is not IKE (1), AH (2) or ESP (3)");
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, 0, 0);
	refused(p, n, "protocol ID 0 is not");
	/* an SPI bigger than the proposal */
	n = proposal(p, NULL, 0, 0, SA_PROTO_IKE, 8);
	p[3] = 12;	/* 8-byte header + 4 of the 8 SPI bytes */
	refused(p, 12, "proposal 1 is shorter than its 8-byte SPI");
}

static void test_nested_overflow(void **state)
{
	uint8_t p[128];
	size_t n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_ESP, 4);

	/* proposal claims 4 bytes more than the SA payload holds */
	p[3] += 4;
	refused(p, n, "proposal 1 length 36 is invalid (32 bytes left)");
	/* proposal shorter than its own header */
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_ESP, 4);
	p[3] = 7;
	refused(p, n, "proposal 1 length 7 is invalid");
	/* a transform reaching past its proposal */
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_ESP, 4);
	p[8 + 4 + 12 + 3] = 12;	/* ESN transform: length 8 -> 12 */
	refused(p, n, "proposal 1: transform 2 length 12 is invalid (8 bytes left)");
	/* a transform shorter than its header */
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_ESP, 4);
	p[8 + 4 + 3] = 4;
	refused(p, n, "proposal 1: transform 1 length 4 is invalid");
	/* bytes after the last transform, inside the proposal */
	uint8_t t[sizeof(esp_gcm_esn) + 4];
	memcpy(t, esp_gcm_esn, sizeof(esp_gcm_esn));
	memset(t + sizeof(esp_gcm_esn), 0, 4);
	n = proposal(p, t, sizeof(t), 2, SA_PROTO_ESP, 4);
	refused(p, n, "proposal 1 has 4 bytes after its 2 transforms");
	/* fewer bytes than a proposal header after the first */
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_ESP, 4);
	p[0] = 2;
	memset(p + n, 0, 5);
	refused(p, n + 5, "proposal 2 truncated (5 bytes left)");
}

static void test_last_substruc(void **state)
{
	uint8_t p[128], t[sizeof(esp_gcm_esn)];
	size_t n;

	memcpy(t, esp_gcm_esn, sizeof(t));
	t[0] = 0;	/* first transform claims to be the last */
	n = proposal(p, t, sizeof(t), 2, SA_PROTO_ESP, 4);
	refused(p, n, "transform 1 has Last Substruc 0 but the proposal has 2 transforms");

	memcpy(t, esp_gcm_esn, sizeof(t));
	t[12] = 3;	/* last transform claims more follow */
	n = proposal(p, t, sizeof(t), 2, SA_PROTO_ESP, 4);
	refused(p, n, "transform 2 has Last Substruc 3 but the proposal has 2 transforms");

	memcpy(t, esp_gcm_esn, sizeof(t));
	t[0] = 2;	/* a proposal's "more" value in a transform */
	n = proposal(p, t, sizeof(t), 2, SA_PROTO_ESP, 4);
	refused(p, n, "transform 1 has Last Substruc 2");

	/* proposals: "more" on the only one, a transform's value on one */
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_ESP, 4);
	p[0] = 2;
	refused(p, n, "proposal 1: Last Substruc 2 disagrees with the payload length");
	n = proposal(p, esp_gcm_esn, sizeof(esp_gcm_esn), 2, SA_PROTO_ESP, 4);
	memcpy(p + n, p, n);
	p[0] = 3;
	p[n + 4] = 2;
	refused(p, 2 * n, "proposal 1: Last Substruc 3 is invalid");
}

static void test_proposal_numbering(void **state)
{
	static struct proposals ps;
	struct diag d;
	/* two IKE proposals numbered 1 and 3 */
	const uint8_t p[] = {
		2, 0, 0, 16, 1, 1, 0, 1, 0, 0, 0, 8, 4, 0, 0, 19,
		0, 0, 0, 16, 3, 1, 0, 1, 0, 0, 0, 8, 4, 0, 0, 14,
	};
	uint8_t q[sizeof(p)];

	refused(p, sizeof(p), "proposal 2: proposal number 3, expected 2");
	memcpy(q, p, sizeof(q));
	q[16 + 4] = 2;
	assert_true(parse(q, sizeof(q), &ps, &d));
	assert_int_equal(ps.count, 2);
	/* the first may be any number from 1 (an answer carries the one it
	 * accepted), but not 0 */
	memcpy(q, p + 16, 16);
	q[4] = 7;
	assert_true(parse(q, 16, &ps, &d));
	assert_int_equal(ps.p[0].number, 7);
	q[4] = 0;
	refused(q, 16, "proposal 1: proposal number 0, expected at least 1");
}

static void test_too_many(void **state)
{
	static struct proposals ps;
	static uint8_t t[255 * 8], p[255 * 8 + 16], many[17 * 16];
	struct diag d;

	/* 255 transforms (the count is one octet): decoded without
	 * overrunning anything; a type keeps at most TRANSFORMS_MAX */
	for (int i = 0; i < 255; i++) {
		uint8_t one[] = { i == 254 ? 0 : 3, 0, 0, 8, 4, 0, 0, 19 };
		memcpy(t + 8 * i, one, 8);
	}
	size_t n = proposal(p, t, sizeof(t), 255, SA_PROTO_IKE, 0);
	assert_true(parse(p, n, &ps, &d));
	assert_int_equal(ps.p[0].types[TRANS_DH].count, TRANSFORMS_MAX);

	/* more proposals than PROPOSALS_MAX */
	for (int i = 0; i < 17; i++) {
		uint8_t one[] = { i == 16 ? 0 : 2, 0, 0, 16, (uint8_t)(i + 1), 1, 0, 1,
				  0, 0, 0, 8, 4, 0, 0, 19 };
		memcpy(many + 16 * i, one, 16);
	}
	refused(many, sizeof(many), "SA payload has more than 16 proposals");
	many[15 * 16] = 0;	/* sixteen are fine */
	assert_true(parse(many, 16 * 16, &ps, &d));
	assert_int_equal(ps.count, 16);
}

/* A proposal whose every transform is unknown to us parses (with no
 * transform kept), but cannot be emitted: the parser would refuse the
 * empty proposal (found by fuzz_sa_payload). */
static void test_emit_refuses_empty_proposal(void **state)
{
	static struct proposals ps;
	static const uint8_t p[] = {
		0, 0, 0, 40, 1, 1, 0, 4,
		3, 0, 0, 8, 38, 0, 0, 28,		/* transform type 38 */
		3, 0, 0, 8, 2, 64, 0, 70,		/* PRF 70 */
		3, 0, 0, 8, 4, 0, 4, 31,		/* DH 1055 */
		0, 0, 0, 8, 4, 0, 0x80, 21,		/* DH 32789 */
	};
	uint8_t out[64];
	struct buf b = BUF(out, sizeof(out));
	struct diag d;

	assert_true(parse(p, sizeof(p), &ps, &d));
	assert_true(ps.p[0].unusable);
	assert_false(sa_payload_emit(&ps, false, &b, &d));
	assert_string_equal(d.msg, "proposal 1 has no transforms");
}

/* RFC 7296 2.5: reserved octets are ignored on receipt. */
static void test_reserved_ignored(void **state)
{
	static struct proposals ps;
	uint8_t p[128], t[sizeof(esp_gcm_esn)];
	struct diag d;

	memcpy(t, esp_gcm_esn, sizeof(t));
	t[1] = 0xff;	/* transform RESERVED */
	t[5] = 0xff;	/* transform RESERVED after the type */
	size_t n = proposal(p, t, sizeof(t), 2, SA_PROTO_ESP, 4);
	p[1] = 0xff;	/* proposal RESERVED */
	assert_true(parse(p, n, &ps, &d));
	assert_int_equal(ps.p[0].types[TRANS_ENCR].t[0].id, IKEv2_ENCR_AES_GCM_16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_and_emit),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_transform_count),
		cmocka_unit_test(test_spi_size_vs_protocol),
		cmocka_unit_test(test_nested_overflow),
		cmocka_unit_test(test_last_substruc),
		cmocka_unit_test(test_proposal_numbering),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_emit_refuses_empty_proposal),
		cmocka_unit_test(test_reserved_ignored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
