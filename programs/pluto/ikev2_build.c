/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Message builder over the payload layouts (see ikev2_build.h).
 */
#include <string.h>

#include "ikev2_build.h"

static void put_be(uint8_t *p, size_t width, size_t v)
{
	for (size_t i = width; i > 0; i--) {
		p[i - 1] = (uint8_t)v;
		v >>= 8;
	}
}

static bool fail(struct ikev2_builder *b)
{
	b->failed = true;
	return false;
}

void ikev2_build_start(struct ikev2_builder *b, struct buf *out,
		       const uint8_t spi_i[8], const uint8_t spi_r[8],
		       uint8_t exchange, uint8_t flags, uint32_t msgid)
{
	struct ikev2_hdr h = {
		.spi_i = BYTES(spi_i, 8),
		.spi_r = BYTES(spi_r, 8),
		.next = IKEV2_NP_NONE,
		.version = IKEV2_MAJOR_VERSION << 4 | IKEV2_MINOR_VERSION,
		.exchange = exchange,
		.flags = flags,
		.msgid = msgid,
	};
	struct diag d;

	*b = (struct ikev2_builder){
		.out = out,
		.start = out->len,
		.np_at = out->len + 16,	/* the header's Next Payload */
		.sk_at = SIZE_MAX,
	};
	/* Only overflow can fail here; it sticks in OUT and in B. */
	if (!codec_encode(&ikev2_hdr_layout, &h, out, &d))
		b->failed = true;
}

bool ikev2_add_payload(struct ikev2_builder *b, unsigned type, const void *payload,
		       struct diag *d)
{
	const struct ikev2_payload_desc *desc = ikev2_payload_desc(type);

	if (b->failed)
		return diag(d, "message builder: an earlier step failed");
	if (desc == NULL || type == IKEV2_NP_SK || type == IKEV2_NP_SKF) {
		diag(d, "message builder: cannot add payload type %u this way", type);
		return fail(b);
	}
	if (b->sk_closed) {
		diag(d, "message builder: %s payload after the SK payload",
		     name_of(&ikev2_payload_names, type));
		return fail(b);
	}
	size_t at = b->out->len;

	if (!codec_encode(desc->layout, payload, b->out, d))
		return fail(b);
	b->out->ptr[b->np_at] = (uint8_t)type;
	b->out->ptr[at] = IKEV2_NP_NONE;	/* last so far */
	b->np_at = at;
	return true;
}

bool ikev2_add_sa_body(struct ikev2_builder *b, struct bytes body, struct diag *d)
{
	if (b->failed)
		return diag(d, "message builder: an earlier step failed");
	if (b->sk_closed) {
		diag(d, "message builder: SA payload after the SK payload");
		return fail(b);
	}
	if (body.len > 0xffff - IKEV2_GENERIC_HDR_SIZE) {
		diag(d, "SA payload: body of %zu octets is too long", body.len);
		return fail(b);
	}
	size_t at = b->out->len;
	uint8_t *p = buf_reserve(b->out, IKEV2_GENERIC_HDR_SIZE + body.len);

	if (p == NULL) {
		diag(d, "SA payload: does not fit in the %zu-byte buffer", b->out->cap);
		return fail(b);
	}
	p[0] = IKEV2_NP_NONE;
	p[1] = 0;
	put_be(p + 2, 2, IKEV2_GENERIC_HDR_SIZE + body.len);
	if (body.len > 0)
		memcpy(p + IKEV2_GENERIC_HDR_SIZE, body.ptr, body.len);
	b->out->ptr[b->np_at] = IKEV2_NP_SA;
	b->np_at = at;
	return true;
}

bool ikev2_add_ke(struct ikev2_builder *b, uint16_t group, struct bytes data, struct diag *d)
{
	struct ikev2_ke ke = { .group = group, .data = data };

	return ikev2_add_payload(b, IKEV2_NP_KE, &ke, d);
}

bool ikev2_add_nonce(struct ikev2_builder *b, struct bytes nonce, struct diag *d)
{
	struct ikev2_nonce n = { .data = nonce };

	return ikev2_add_payload(b, IKEV2_NP_NONCE, &n, d);
}

bool ikev2_add_id(struct ikev2_builder *b, unsigned type, uint8_t id_type, struct bytes data,
		  struct diag *d)
{
	struct ikev2_id id = { .type = id_type, .data = data };

	if (type != IKEV2_NP_IDi && type != IKEV2_NP_IDr) {
		diag(d, "message builder: %u is not IDi or IDr", type);
		return fail(b);
	}
	return ikev2_add_payload(b, type, &id, d);
}

bool ikev2_add_auth(struct ikev2_builder *b, uint8_t method, struct bytes data, struct diag *d)
{
	struct ikev2_auth a = { .method = method, .data = data };

	return ikev2_add_payload(b, IKEV2_NP_AUTH, &a, d);
}

bool ikev2_add_cert(struct ikev2_builder *b, uint8_t encoding, struct bytes cert,
		    struct diag *d)
{
	struct ikev2_cert c = { .encoding = encoding, .data = cert };

	return ikev2_add_payload(b, IKEV2_NP_CERT, &c, d);
}

bool ikev2_add_certreq(struct ikev2_builder *b, uint8_t encoding, struct bytes cas,
		       struct diag *d)
{
	struct ikev2_cert c = { .encoding = encoding, .data = cas };

	return ikev2_add_payload(b, IKEV2_NP_CERTREQ, &c, d);
}

bool ikev2_add_notify(struct ikev2_builder *b, uint8_t protocol, struct bytes spi,
		      uint16_t notify_type, struct bytes data, struct diag *d)
{
	struct ikev2_notify n = {
		.protocol = protocol,
		.spi_size = (uint8_t)spi.len,
		.type = notify_type,
		.spi = spi,
		.data = data,
	};

	return ikev2_add_payload(b, IKEV2_NP_N, &n, d);
}

bool ikev2_add_delete(struct ikev2_builder *b, uint8_t protocol, uint8_t spi_size,
		      uint16_t n_spis, struct bytes spis, struct diag *d)
{
	struct ikev2_delete del = {
		.protocol = protocol,
		.spi_size = spi_size,
		.n_spis = n_spis,
		.spis = spis,
	};

	return ikev2_add_payload(b, IKEV2_NP_D, &del, d);
}

bool ikev2_add_vendor(struct ikev2_builder *b, struct bytes vid, struct diag *d)
{
	struct ikev2_opaque v = { .data = vid };

	return ikev2_add_payload(b, IKEV2_NP_V, &v, d);
}

bool ikev2_add_ts(struct ikev2_builder *b, unsigned type, const struct ikev2_ts_payload *ts,
		  struct diag *d)
{
	if (type != IKEV2_NP_TSi && type != IKEV2_NP_TSr) {
		diag(d, "message builder: %u is not TSi or TSr", type);
		return fail(b);
	}
	return ikev2_add_payload(b, type, ts, d);
}

bool ikev2_add_cp(struct ikev2_builder *b, const struct ikev2_cp *cp, struct diag *d)
{
	return ikev2_add_payload(b, IKEV2_NP_CP, cp, d);
}

bool ikev2_build_sk_begin(struct ikev2_builder *b, size_t iv_len, struct diag *d)
{
	if (b->failed)
		return diag(d, "message builder: an earlier step failed");
	if (b->sk_at != SIZE_MAX) {
		diag(d, "message builder: a second SK payload");
		return fail(b);
	}
	size_t at = b->out->len;
	uint8_t *p = buf_reserve(b->out, IKEV2_GENERIC_HDR_SIZE + iv_len);

	if (p == NULL) {
		diag(d, "SK payload: does not fit in the %zu-byte buffer", b->out->cap);
		return fail(b);
	}
	memset(p, 0, IKEV2_GENERIC_HDR_SIZE + iv_len);
	b->out->ptr[b->np_at] = IKEV2_NP_SK;
	b->np_at = at;	/* the first inner payload's type goes here */
	b->sk_at = at;
	b->iv_len = iv_len;
	return true;
}

bool ikev2_build_sk_end(struct ikev2_builder *b, size_t block_size, size_t icv_len,
			struct ikev2_sk_layout *sk, struct diag *d)
{
	if (b->failed)
		return diag(d, "message builder: an earlier step failed");
	if (b->sk_at == SIZE_MAX || b->sk_closed) {
		diag(d, "message builder: no open SK payload");
		return fail(b);
	}
	if (block_size == 0 || block_size > 255) {
		diag(d, "message builder: block size %zu", block_size);
		return fail(b);
	}
	size_t plain_at = b->sk_at + IKEV2_GENERIC_HDR_SIZE + b->iv_len;
	size_t inner = b->out->len - plain_at;
	size_t pad = (block_size - (inner + 1) % block_size) % block_size;
	uint8_t *p = buf_reserve(b->out, pad + 1 + icv_len);

	if (p == NULL) {
		diag(d, "SK payload: does not fit in the %zu-byte buffer", b->out->cap);
		return fail(b);
	}
	memset(p, 0, pad + 1 + icv_len);
	p[pad] = (uint8_t)pad;
	size_t sk_len = b->out->len - b->sk_at;

	if (sk_len > 0xffff) {
		diag(d, "SK payload: length %zu does not fit in 16 bits", sk_len);
		return fail(b);
	}
	put_be(b->out->ptr + b->sk_at + 2, 2, sk_len);
	b->sk_closed = true;

	*sk = (struct ikev2_sk_layout){
		.aad_len = b->sk_at + IKEV2_GENERIC_HDR_SIZE - b->start,
		.iv_offset = b->sk_at + IKEV2_GENERIC_HDR_SIZE - b->start,
		.iv_len = b->iv_len,
		.plain_offset = plain_at - b->start,
		.plain_len = inner + pad + 1,
		.pad_len = pad,
		.icv_offset = b->out->len - icv_len - b->start,
		.icv_len = icv_len,
		.msg_len = b->out->len - b->start,
	};
	/* The AAD includes the header's length: set it now. */
	put_be(b->out->ptr + b->start + 24, 4, b->out->len - b->start);
	return true;
}

bool ikev2_build_finish(struct ikev2_builder *b, struct bytes *msg, struct diag *d)
{
	if (b->failed || b->out->overflow)
		return diag(d, "message builder: an earlier step failed");
	if (b->sk_at != SIZE_MAX && !b->sk_closed) {
		diag(d, "message builder: SK payload not closed");
		return fail(b);
	}
	size_t len = b->out->len - b->start;

	put_be(b->out->ptr + b->start + 24, 4, len);
	*msg = BYTES(b->out->ptr + b->start, len);
	return true;
}

static void ts_set(struct ikev2_ts *ts, uint8_t type, uint8_t ipproto, uint16_t start_port,
		   uint16_t end_port, const uint8_t *start, const uint8_t *end, size_t alen)
{
	memset(ts, 0, sizeof(*ts));
	ts->type = type;
	ts->ipproto = ipproto;
	ts->start_port = start_port;
	ts->end_port = end_port;
	memcpy(ts->start, start, alen);
	memcpy(ts->end, end, alen);
}

void ikev2_ts_set_v4(struct ikev2_ts *ts, uint8_t ipproto, uint16_t start_port,
		     uint16_t end_port, const uint8_t start[4], const uint8_t end[4])
{
	ts_set(ts, IKEV2_TS_IPV4_ADDR_RANGE, ipproto, start_port, end_port, start, end, 4);
}

void ikev2_ts_set_v6(struct ikev2_ts *ts, uint8_t ipproto, uint16_t start_port,
		     uint16_t end_port, const uint8_t start[16], const uint8_t end[16])
{
	ts_set(ts, IKEV2_TS_IPV6_ADDR_RANGE, ipproto, start_port, end_port, start, end, 16);
}
