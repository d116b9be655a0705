/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Message level: the header (and IKEv1 / future-version detection), the
 * payload chain walk with critical-bit handling, the payload count limit,
 * duplicates RFC 7296 forbids, and the SK/SKF payload as the last one.
 */
#include <string.h>

#include "ikev2_msg.h"
#include "log.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct enum_name verdict_rows[] = {
	{ IKEV2_MSG_OK, "OK" },
	{ IKEV2_MSG_IKEV1, "IKEv1" },
	{ IKEV2_MSG_BAD_MAJOR, "INVALID_MAJOR_VERSION" },
	{ IKEV2_MSG_MALFORMED, "INVALID_SYNTAX" },
	{ IKEV2_MSG_UNSUPPORTED_CRITICAL, "UNSUPPORTED_CRITICAL_PAYLOAD" },
};
const struct enum_names ikev2_verdict_names = {
	.what = "message verdict", .names = verdict_rows, .count = ARRAY_SIZE(verdict_rows),
};

unsigned ikev2_verdict_notify(enum ikev2_verdict v)
{
	switch (v) {
	case IKEV2_MSG_BAD_MAJOR: return IKEV2_N_INVALID_MAJOR_VERSION;
	case IKEV2_MSG_MALFORMED: return IKEV2_N_INVALID_SYNTAX;
	case IKEV2_MSG_UNSUPPORTED_CRITICAL: return IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD;
	case IKEV2_MSG_OK:
	case IKEV2_MSG_IKEV1:
		break;
	}
	return 0;
}

/* TS and CP decode into the message itself (they are big); the rest
 * into the payload's union. */
static void *decode_target(struct ikev2_msg *m, struct ikev2_payload *p, unsigned type)
{
	switch (type) {
	case IKEV2_NP_TSi: return &m->tsi;
	case IKEV2_NP_TSr: return &m->tsr;
	case IKEV2_NP_CP: return &m->cp;
	}
	return &p->u;
}

static const void *decoded_body(const struct ikev2_msg *m, const struct ikev2_payload *p)
{
	return decode_target((struct ikev2_msg *)m, (struct ikev2_payload *)p, p->type);
}

static const char *payload_name(unsigned type)
{
	return name_of(&ikev2_payload_names, type);
}

/*
 * Walk the chain that starts with payload type NP at REGION.ptr.  BASE is
 * REGION's offset in the datagram (for SK ranges).  An SK/SKF payload
 * ends the walk: its Next Payload belongs to the inner chain.
 */
static enum ikev2_verdict walk_chain(struct ikev2_msg *m, struct bytes region, size_t base,
				     unsigned np, bool encrypted, const char *container,
				     struct diag *d)
{
	size_t pos = 0;
	unsigned walked = 0;

	while (np != IKEV2_NP_NONE) {
		struct bytes rest = BYTES(region.ptr + pos, region.len - pos);
		const struct ikev2_payload_desc *desc = ikev2_payload_desc(np);
		size_t used;

		/* Unknown payloads count too, so a chain of them cannot spin. */
		if (m->n_payloads + walked >= IKEV2_MAX_PAYLOADS) {
			diag(d, "more than %u payloads", IKEV2_MAX_PAYLOADS);
			return IKEV2_MSG_MALFORMED;
		}
		if (desc == NULL) {
			struct ikev2_opaque g;

			if (!codec_decode(&ikev2_generic_layout, rest, container, &g, &used, d)) {
				diag_prefix(d, "payload type %u", np);
				return IKEV2_MSG_MALFORMED;
			}
			/* 3.2: an unknown payload with the critical bit
			 * rejects the message; without it, it is skipped. */
			if (g.gh.flags & IKEV2_PAYLOAD_CRITICAL) {
				m->critical_type = (uint8_t)np;
				diag(d, "unknown payload type %u has the critical bit set", np);
				return IKEV2_MSG_UNSUPPORTED_CRITICAL;
			}
			ldbg(DBG_PARSING, "skipping unknown payload type %u (%zu bytes, not critical)",
			     np, used);
			walked++;
			pos += used;
			np = g.gh.next;
			continue;
		}
		if (encrypted && (np == IKEV2_NP_SK || np == IKEV2_NP_SKF)) {
			diag(d, "%s payload inside an encrypted payload", payload_name(np));
			return IKEV2_MSG_MALFORMED;
		}
		if (desc->unique && m->index[np].count > 0) {
			diag(d, "second %s payload; at most one is allowed", payload_name(np));
			return IKEV2_MSG_MALFORMED;
		}

		struct ikev2_payload *p = &m->payloads[m->n_payloads];
		void *target = decode_target(m, p, np);

		memset(p, 0, sizeof(*p));
		if (!codec_decode(desc->layout, rest, container, target, &used, d))
			return IKEV2_MSG_MALFORMED;
		if (target != &p->u)
			memcpy(&p->u.gh, target, sizeof(p->u.gh));
		p->type = (uint8_t)np;
		p->encrypted = encrypted;
		p->offset = base + pos;
		p->raw = BYTES(rest.ptr, used);
		if (m->index[np].count == 0)
			m->index[np].first = (uint8_t)m->n_payloads;
		m->index[np].count++;
		m->n_payloads++;
		pos += used;

		if (np == IKEV2_NP_SK || np == IKEV2_NP_SKF) {
			/* 3.14: the Encrypted payload is the last one. */
			if (pos != region.len) {
				diag(d, "%s payload must be the last but %zu bytes follow it",
				     payload_name(np), region.len - pos);
				return IKEV2_MSG_MALFORMED;
			}
			bool frag = np == IKEV2_NP_SKF;

			m->sk.present = true;
			m->sk.fragment = frag;
			m->sk.offset = p->offset;
			m->sk.inner_next = p->u.gh.next;
			m->sk.aad = BYTES(m->datagram.ptr, p->offset + (frag ? 8 : 4));
			m->sk.encrypted = frag ? p->u.skf.data : p->u.opaque.data;
			return IKEV2_MSG_OK;
		}
		np = p->u.gh.next;
	}
	if (pos != region.len) {
		diag(d, "%zu bytes follow the last payload in %s", region.len - pos, container);
		return IKEV2_MSG_MALFORMED;
	}
	return IKEV2_MSG_OK;
}

enum ikev2_verdict ikev2_msg_decode(struct ikev2_msg *m, struct bytes datagram, struct diag *d)
{
	size_t used;

	memset(m, 0, sizeof(*m));
	m->datagram = datagram;
	if (datagram.len < IKEV2_HDR_SIZE) {
		diag(d, "IKE header: truncated: datagram of %zu bytes, the header needs %d",
		     datagram.len, IKEV2_HDR_SIZE);
		return IKEV2_MSG_MALFORMED;
	}
	/* The version octet sits at the same place in IKEv1 (RFC 2408). */
	unsigned version = datagram.ptr[17], major = version >> 4;

	if (major == 1) {
		diag(d, "IKEv1 packet (version %u.%u, exchange type %u): only IKEv2 is supported",
		     major, version & 0xf, datagram.ptr[18]);
		return IKEV2_MSG_IKEV1;
	}
	if (major != IKEV2_MAJOR_VERSION) {
		diag(d, "IKE header: major version %u is not 2", major);
		/* 2.5: a higher major version gets INVALID_MAJOR_VERSION. */
		return major > IKEV2_MAJOR_VERSION ? IKEV2_MSG_BAD_MAJOR : IKEV2_MSG_MALFORMED;
	}
	if (!codec_decode(&ikev2_hdr_layout, datagram, "datagram", &m->hdr, &used, d))
		return IKEV2_MSG_MALFORMED;
	if (m->hdr.length != datagram.len) {
		diag(d, "IKE header: length %u is shorter than the %zu-byte datagram",
		     m->hdr.length, datagram.len);
		return IKEV2_MSG_MALFORMED;
	}
	return walk_chain(m, BYTES(datagram.ptr + IKEV2_HDR_SIZE, datagram.len - IKEV2_HDR_SIZE),
			  IKEV2_HDR_SIZE, m->hdr.next, false, "message", d);
}

enum ikev2_verdict ikev2_msg_decode_inner(struct ikev2_msg *m, struct bytes plaintext,
					  unsigned first_np, struct diag *d)
{
	if (m->inner_decoded) {
		diag(d, "inner payloads already decoded");
		return IKEV2_MSG_MALFORMED;
	}
	m->inner_decoded = true;
	return walk_chain(m, plaintext, 0, first_np, true, "SK plaintext", d);
}

bool ikev2_sk_strip_padding(struct bytes decrypted, struct bytes *inner, struct diag *d)
{
	if (decrypted.len == 0)
		return diag(d, "SK payload: no plaintext, not even the pad length");
	unsigned pad = decrypted.ptr[decrypted.len - 1];

	if ((size_t)pad + 1 > decrypted.len)
		return diag(d, "SK payload: pad length %u plus its octet is more than the %zu bytes of plaintext",
			    pad, decrypted.len);
	*inner = BYTES(decrypted.ptr, decrypted.len - pad - 1);
	return true;
}

const struct ikev2_payload *ikev2_msg_first(const struct ikev2_msg *m, unsigned type)
{
	if (type >= IKEV2_NP_INDEX_SIZE || m->index[type].count == 0)
		return NULL;
	return &m->payloads[m->index[type].first];
}

const struct ikev2_payload *ikev2_msg_next_of_type(const struct ikev2_msg *m,
						   const struct ikev2_payload *p)
{
	for (const struct ikev2_payload *q = p + 1; q < m->payloads + m->n_payloads; q++) {
		if (q->type == p->type)
			return q;
	}
	return NULL;
}

unsigned ikev2_msg_count(const struct ikev2_msg *m, unsigned type)
{
	return type < IKEV2_NP_INDEX_SIZE ? m->index[type].count : 0;
}

const struct ikev2_notify *ikev2_msg_notify(const struct ikev2_msg *m, unsigned notify_type)
{
	for (const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_N); p != NULL;
	     p = ikev2_msg_next_of_type(m, p)) {
		if (p->u.n.type == notify_type)
			return &p->u.n;
	}
	return NULL;
}

void ikev2_msg_dump(const struct ikev2_msg *m, codec_line_fn *line, void *ctx)
{
	codec_dump(&ikev2_hdr_layout, &m->hdr, 0, line, ctx);
	for (unsigned i = 0; i < m->n_payloads; i++) {
		const struct ikev2_payload *p = &m->payloads[i];
		const struct ikev2_payload_desc *desc = ikev2_payload_desc(p->type);

		if (desc != NULL)
			codec_dump(desc->layout, decoded_body(m, p), p->encrypted ? 4 : 2, line, ctx);
	}
}
