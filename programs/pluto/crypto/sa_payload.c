/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SA payload body, RFC 7296 §3.3.1 (Proposal substructure), §3.3.2
 * (Transform substructure), §3.3.5 (attributes; only Key Length exists).
 *
 * This is the daemon's only reader of SA payloads: the message codec
 * checks the generic payload header and hands the body over as bytes,
 * so every rule about proposals and transforms is checked here (a
 * body that breaks one is malformed: the whole SA payload is refused).
 */
#include <string.h>

#include "log.h"
#include "proposal.h"

#define PROPOSAL_HEADER 8
#define TRANSFORM_HEADER 8
#define LAST_PROPOSAL 0
#define MORE_PROPOSALS 2
#define LAST_TRANSFORM 0
#define MORE_TRANSFORMS 3
#define ATTR_TV 0x8000

static bool emitted(enum ike_trans_type type, const struct transform *t, bool omit_none)
{
	/* Offers leave INTEG=NONE (AEAD) and DH=NONE out, as Libreswan does. */
	if (!omit_none)
		return true;
	return !((type == TRANS_INTEG && t->id == IKEv2_INTEG_NONE) ||
		 (type == TRANS_DH && t->id == IKEv2_DH_NONE));
}

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

bool sa_payload_emit(const struct proposals *ps, bool omit_none, struct buf *out, struct diag *d)
{
	for (size_t i = 0; i < ps->count; i++) {
		const struct proposal *p = &ps->p[i];
		size_t start = out->len;
		unsigned ntrans = 0;

		for (int type = TRANS_ENCR; type < TRANS_TYPE_ROOF; type++) {
			for (size_t k = 0; k < p->types[type].count; k++)
				ntrans += emitted(type, &p->types[type].t[k], omit_none);
		}
		if (ntrans > 255)
			return diag(d, "proposal %u has %u transforms", p->number, ntrans);
		/* What sa_payload_parse() refuses is never sent (a decoded
		 * proposal whose every transform was unknown to us is empty). */
		if (ntrans == 0)
			return diag(d, "proposal %u has no transforms", p->number);
		buf_put_u8(out, i + 1 < ps->count ? MORE_PROPOSALS : LAST_PROPOSAL);
		buf_put_u8(out, 0);
		buf_put_u16(out, 0);	/* length, patched below */
		buf_put_u8(out, p->number);
		buf_put_u8(out, p->protocol);
		buf_put_u8(out, p->spi_size);
		buf_put_u8(out, (uint8_t)ntrans);
		buf_put(out, p->spi, p->spi_size);

		unsigned written = 0;
		for (int type = TRANS_ENCR; type < TRANS_TYPE_ROOF; type++) {
			for (size_t k = 0; k < p->types[type].count; k++) {
				const struct transform *t = &p->types[type].t[k];
				if (!emitted(type, t, omit_none))
					continue;
				written++;
				buf_put_u8(out, written < ntrans ? MORE_TRANSFORMS : LAST_TRANSFORM);
				buf_put_u8(out, 0);
				buf_put_u16(out, t->key_bits != 0 ? TRANSFORM_HEADER + 4 : TRANSFORM_HEADER);
				buf_put_u8(out, (uint8_t)type);
				buf_put_u8(out, 0);
				buf_put_u16(out, t->id);
				if (t->key_bits != 0) {
					buf_put_u16(out, ATTR_TV | IKEv2_ATTR_KEY_LENGTH);
					buf_put_u16(out, t->key_bits);
				}
			}
		}
		if (out->overflow)
			return diag(d, "SA payload does not fit in the message");
		size_t len = out->len - start;
		if (len > UINT16_MAX)
			return diag(d, "proposal %u is %zu bytes long", p->number, len);
		put16(out->ptr + start + 2, len);
	}
	return true;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* One transform's attributes.  §3.3.5: Key Length is TV, given at most
 * once, and not zero; breaking that is malformed.  §3.3.6: an attribute
 * we do not know makes just this transform unacceptable (*USABLE). */
static bool parse_attributes(struct bytes a, uint16_t *key_bits, bool *usable, struct diag *d)
{
	size_t off = 0;
	*key_bits = 0;
	while (off < a.len) {
		if (a.len - off < 4)
			return diag(d, "transform attribute truncated (%zu bytes left)", a.len - off);
		uint16_t type = get16(a.ptr + off);
		bool tv = (type & ATTR_TV) != 0;
		uint16_t value = get16(a.ptr + off + 2);	/* TV: the value; TLV: its length */
		type &= (uint16_t)~ATTR_TV;
		if (!tv && value > a.len - off - 4)
			return diag(d, "transform attribute of %u bytes overruns the transform", value);
		if (type == IKEv2_ATTR_KEY_LENGTH) {
			if (!tv)
				return diag(d, "Key Length attribute in TLV form (%u bytes); it must be TV (AF=1)",
					    value);
			if (*key_bits != 0)
				return diag(d, "second Key Length attribute (%u after %u)", value, *key_bits);
			if (value == 0)
				return diag(d, "Key Length attribute is 0");
			*key_bits = value;
		} else {
			*usable = false;
		}
		off += tv ? 4 : 4 + (size_t)value;
	}
	return true;
}

static bool parse_proposal(struct bytes body, struct proposal *p, unsigned *trans_count,
			   struct diag *d)
{
	unsigned ntrans = body.ptr[7];
	size_t off = PROPOSAL_HEADER + p->spi_size;

	if (body.len < off)
		return diag(d, "proposal %u is shorter than its %u-byte SPI", p->number, p->spi_size);
	memcpy(p->spi, body.ptr + PROPOSAL_HEADER, p->spi_size);
	if (ntrans == 0)
		return diag(d, "proposal %u has no transforms", p->number);
	for (unsigned i = 0; i < ntrans; i++) {
		if (body.len - off < TRANSFORM_HEADER)
			return diag(d, "proposal %u: transform %u of %u truncated", p->number, i + 1, ntrans);
		const uint8_t *t = body.ptr + off;
		size_t tlen = get16(t + 2);
		if (tlen < TRANSFORM_HEADER || tlen > body.len - off)
			return diag(d, "proposal %u: transform %u length %zu is invalid (%zu bytes left)",
				    p->number, i + 1, tlen, body.len - off);
		bool last = t[0] == LAST_TRANSFORM;
		if ((last && i + 1 != ntrans) || (!last && (t[0] != MORE_TRANSFORMS || i + 1 == ntrans)))
			return diag(d, "proposal %u: transform %u has Last Substruc %u but the proposal has %u transforms",
				    p->number, i + 1, t[0], ntrans);
		unsigned type = t[4];
		uint16_t id = get16(t + 6);
		bool usable = true;
		uint16_t key_bits;
		if (!parse_attributes(BYTES(t + TRANSFORM_HEADER, tlen - TRANSFORM_HEADER),
				      &key_bits, &usable, d)) {
			diag_prefix(d, "proposal %u transform %u", p->number, i + 1);
			return false;
		}
		off += tlen;
		if (type < TRANS_ENCR || type >= TRANS_TYPE_ROOF) {
			p->unusable = true;	/* a type we do not know: cannot agree to it */
			continue;
		}
		struct transform_list *l = &p->types[type];
		l->present = true;
		if (!usable) {
			/* just this transform cannot match */
			continue;
		}
		if (ike_alg_by_id(type, id) == NULL)
			continue;	/* unknown id: cannot match, no need to keep it */
		if (l->count < TRANSFORMS_MAX)
			l->t[l->count++] = (struct transform){ .id = id, .key_bits = key_bits };
	}
	if (off != body.len)
		return diag(d, "proposal %u has %zu bytes after its %u transforms",
			    p->number, body.len - off, ntrans);
	*trans_count = ntrans;
	return true;
}

/*
 * §3.3.1: the protocol is IKE, AH or ESP, and fixes the SPI size (none
 * or 8 for IKE: IKE_SA_INIT or a rekey; 4 for AH and ESP); proposals
 * are numbered from one up by one, except that an answer's single
 * proposal carries the number it accepted (hence "at least 1" first).
 */
static bool check_proposal_header(const struct proposal *p, unsigned index, unsigned previous,
				  struct diag *d)
{
	if (p->protocol != SA_PROTO_IKE && p->protocol != SA_PROTO_AH &&
	    p->protocol != SA_PROTO_ESP)
		return diag(d, "proposal %u: protocol ID %u is not IKE (1), AH (2) or ESP (3)",
			    index + 1, p->protocol);
	bool spi_ok = p->protocol == SA_PROTO_IKE ? (p->spi_size == 0 || p->spi_size == 8)
						  : p->spi_size == 4;
	if (!spi_ok)
		return diag(d, "proposal %u: SPI size %u is wrong for protocol %s (must be %s)",
			    index + 1, p->spi_size,
			    p->protocol == SA_PROTO_IKE ? "IKE" : p->protocol == SA_PROTO_AH ? "AH" : "ESP",
			    p->protocol == SA_PROTO_IKE ? "0 or 8" : "4");
	if (index == 0 && p->number < 1)
		return diag(d, "proposal 1: proposal number 0, expected at least 1");
	if (index > 0 && p->number != previous + 1)
		return diag(d, "proposal %u: proposal number %u, expected %u", index + 1, p->number,
			    previous + 1);
	return true;
}

bool sa_payload_parse(struct bytes body, struct proposals *out, struct diag *d)
{
	size_t off = 0;

	memset(out, 0, sizeof(*out));
	if (body.len == 0)
		return diag(d, "SA payload has no proposals");
	while (off < body.len) {
		if (body.len - off < PROPOSAL_HEADER)
			return diag(d, "proposal %u truncated (%zu bytes left)", out->count + 1u,
				    body.len - off);
		const uint8_t *h = body.ptr + off;
		size_t plen = get16(h + 2);
		if (plen < PROPOSAL_HEADER || plen > body.len - off)
			return diag(d, "proposal %u length %zu is invalid (%zu bytes left)",
				    out->count + 1u, plen, body.len - off);
		if (out->count == PROPOSALS_MAX)
			return diag(d, "SA payload has more than %d proposals", PROPOSALS_MAX);
		struct proposal *p = &out->p[out->count];
		p->number = h[4];
		p->protocol = h[5];
		p->spi_size = h[6];
		unsigned previous = out->count > 0 ? out->p[out->count - 1].number : 0;
		if (!check_proposal_header(p, out->count, previous, d))
			return false;
		unsigned ntrans;
		if (!parse_proposal(BYTES(h, plen), p, &ntrans, d))
			return false;
		out->count++;
		off += plen;
		bool last = h[0] == LAST_PROPOSAL;
		if (last != (off == body.len))
			return diag(d, "proposal %u: Last Substruc %u disagrees with the payload length",
				    p->number, h[0]);
		if (!last && h[0] != MORE_PROPOSALS)
			return diag(d, "proposal %u: Last Substruc %u is invalid", p->number, h[0]);
	}
	return true;
}
