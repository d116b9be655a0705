/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: a whole datagram through the IKEv2 decoder.
 *
 * Besides "no crash, no sanitizer report", it checks that what the
 * decoder accepts re-encodes to bytes that decode and re-encode to the
 * same bytes: the decoder and encoder read the same rows, so a row one of
 * them misreads shows up here.  With an SK payload the encrypted bytes are
 * treated as plaintext so the inner chain and the rules get exercised.
 * The SA payload's body goes where the daemon sends it, crypto's
 * sa_payload_parse(), and what that accepts must emit and parse again
 * to the same proposals.
 */
#include <stdlib.h>
#include <string.h>

#include "ikev2_msg.h"
#include "ikev2_rules.h"
#include "proposal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void no_line(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

static const void *body_of(const struct ikev2_msg *m, const struct ikev2_payload *p)
{
	switch (p->type) {
	case IKEV2_NP_TSi: return &m->tsi;
	case IKEV2_NP_TSr: return &m->tsr;
	case IKEV2_NP_CP: return &m->cp;
	}
	return &p->u;
}

/* Both the message and the scratch are big; static keeps them off the stack. */
static struct ikev2_msg msg;
static union {
	struct ikev2_sa sa;
	struct ikev2_ts_payload ts;
	struct ikev2_cp cp;
	struct ikev2_notify n;
	struct ikev2_delete del;
	struct ikev2_opaque o;
} again;
static uint8_t enc1[70000], enc2[70000];
static struct proposals props, props_again;

/* The daemon's view of an SA payload: parse, and what parses re-emits
 * to a body that parses to the same proposals. */
static void check_sa_payload(const struct ikev2_payload *p)
{
	struct buf b = BUF(enc1, sizeof(enc1));
	struct diag d;

	if (p->u.sa.body.ptr != p->raw.ptr + 4 || p->u.sa.body.len + 4 != p->raw.len)
		abort();	/* the body is exactly what follows the header */
	if (!sa_payload_parse(p->u.sa.body, &props, &d))
		return;
	for (size_t i = 0; i < props.count; i++)
		proposal_str(&props.p[i], (char *)enc2, 200);
	/* Emitting refuses only what cannot be sent: a proposal left with
	 * no transform we know. */
	if (!sa_payload_emit(&props, false, &b, &d))
		return;
	if (!sa_payload_parse(buf_bytes(&b), &props_again, &d) || props_again.count != props.count)
		abort();
	for (size_t i = 0; i < props.count; i++) {
		const struct proposal *x = &props.p[i], *y = &props_again.p[i];
		if (x->number != y->number || x->protocol != y->protocol ||
		    x->spi_size != y->spi_size || memcmp(x->spi, y->spi, x->spi_size) != 0)
			abort();
		for (int t = TRANS_ENCR; t < TRANS_TYPE_ROOF; t++) {
			if (x->types[t].count != y->types[t].count ||
			    memcmp(x->types[t].t, y->types[t].t,
				   x->types[t].count * sizeof(x->types[t].t[0])) != 0)
				abort();
		}
	}
}

static void check_symmetry(const struct ikev2_msg *m)
{
	for (unsigned i = 0; i < m->n_payloads; i++) {
		const struct ikev2_payload *p = &m->payloads[i];
		const struct layout *l = ikev2_payload_desc(p->type)->layout;
		struct buf b1 = BUF(enc1, sizeof(enc1)), b2 = BUF(enc2, sizeof(enc2));
		struct diag d;
		size_t used;

		if (p->type == IKEV2_NP_SA)
			check_sa_payload(p);
		if (!codec_encode(l, body_of(m, p), &b1, &d))
			abort();	/* a decoded payload must re-encode */
		memset(&again, 0, sizeof(again));
		if (!codec_decode(l, buf_bytes(&b1), "re-encoded", &again, &used, &d) ||
		    used != b1.len)
			abort();
		if (!codec_encode(l, &again, &b2, &d) || b1.len != b2.len ||
		    memcmp(enc1, enc2, b1.len) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;

	if (ikev2_msg_decode(&msg, BYTES(data, size), &d) != IKEV2_MSG_OK)
		return 0;

	const struct ikev2_rule_set *rs = ikev2_rules_for(&msg);

	if (rs != NULL)
		(void)ikev2_check_plaintext_rules(&msg, rs, &d);
	if (msg.sk.present) {
		struct bytes inner;

		if (ikev2_sk_strip_padding(msg.sk.encrypted, &inner, &d) &&
		    ikev2_msg_decode_inner(&msg, inner, msg.sk.inner_next, &d) == IKEV2_MSG_OK) {
			rs = ikev2_rules_for(&msg);
			if (rs != NULL)
				(void)ikev2_check_payload_rules(&msg, rs, &d);
		}
	} else if (rs != NULL) {
		(void)ikev2_check_payload_rules(&msg, rs, &d);
	}
	ikev2_msg_dump(&msg, no_line, NULL);
	check_symmetry(&msg);
	return 0;
}
