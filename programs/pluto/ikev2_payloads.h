/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoded IKEv2 payloads: what a handler reads.  Variable parts are views
 * (struct bytes) into the datagram or the decrypted plaintext, so they live
 * as long as that buffer does.  Each payload struct starts with the generic
 * header so one layout row set covers it (ikev2_payloads_table.c).
 */
#ifndef XSWAN_IKEV2_PAYLOADS_H
#define XSWAN_IKEV2_PAYLOADS_H

#include "ikev2_codec.h"

/* Limits on what a peer may make us hold; beyond them the message is
 * rejected with a diag naming the limit. */
#define IKEV2_MAX_TS 16			/* per TS payload */
#define IKEV2_MAX_CP_ATTRS 32

struct ikev2_generic {
	uint8_t next;
	uint8_t flags;		/* IKEV2_PAYLOAD_CRITICAL or 0 */
	uint16_t length;
};

/*
 * Security Association payload (3.3): the codec checks the generic
 * header and that the body holds at least one proposal header, and hands
 * the proposals over as bytes.  crypto's sa_payload_parse() is the one
 * reader of proposals and transforms (and sa_payload_emit() the one
 * writer), so their rules live in one place.
 */
struct ikev2_sa {
	struct ikev2_generic gh;
	struct bytes body;	/* Proposal substructures */
};

struct ikev2_ke {
	struct ikev2_generic gh;
	uint16_t group;		/* enum ikev2_ke_group */
	struct bytes data;
};

struct ikev2_nonce {
	struct ikev2_generic gh;
	struct bytes data;	/* 16..256 octets (RFC 7296 3.9) */
};

struct ikev2_id {
	struct ikev2_generic gh;
	uint8_t type;		/* enum ikev2_id_type */
	struct bytes data;
};

struct ikev2_auth {
	struct ikev2_generic gh;
	uint8_t method;		/* enum ikev2_auth_method */
	struct bytes data;
};

struct ikev2_cert {		/* CERT and CERTREQ */
	struct ikev2_generic gh;
	uint8_t encoding;	/* enum ikev2_cert_encoding */
	struct bytes data;
};

struct ikev2_notify {
	struct ikev2_generic gh;
	uint8_t protocol;	/* 0 or enum ikev2_protocol_id */
	uint8_t spi_size;
	uint16_t type;		/* enum ikev2_notify_type */
	struct bytes spi;
	struct bytes data;
};

struct ikev2_delete {
	struct ikev2_generic gh;
	uint8_t protocol;
	uint8_t spi_size;
	uint16_t n_spis;
	struct bytes spis;	/* n_spis * spi_size octets */
};

/* The I-th SPI of a Delete for AH/ESP (4 octets, network order). */
static inline uint32_t ikev2_delete_spi(const struct ikev2_delete *del, unsigned i)
{
	const uint8_t *p = del->spis.ptr + 4 * (size_t)i;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

struct ikev2_opaque {		/* V, EAP, SK: everything after the header */
	struct ikev2_generic gh;
	struct bytes data;
};

struct ikev2_skf {		/* RFC 7383 */
	struct ikev2_generic gh;
	uint16_t number;
	uint16_t total;
	struct bytes data;
};

struct ikev2_ts {
	uint8_t type;		/* enum ikev2_ts_type */
	uint8_t ipproto;	/* 0: any */
	uint16_t length;
	uint16_t start_port, end_port;
	uint8_t start[16], end[16];	/* network order; IPv4 uses the first 4 */
};

struct ikev2_ts_payload {
	struct ikev2_generic gh;
	uint16_t n_ts;
	struct ikev2_ts ts[IKEV2_MAX_TS];
};

struct ikev2_cp_attr {
	uint16_t type;		/* enum ikev2_cp_attr_type, the reserved bit dropped */
	struct bytes value;
};

struct ikev2_cp {
	struct ikev2_generic gh;
	uint8_t cfg_type;	/* enum ikev2_cfg_type */
	uint16_t n_attrs;
	struct ikev2_cp_attr attrs[IKEV2_MAX_CP_ATTRS];
};

/* The message header (RFC 7296 3.1). */
struct ikev2_hdr {
	struct bytes spi_i, spi_r;	/* 8 octets each */
	uint8_t next;
	uint8_t version;	/* major << 4 | minor */
	uint8_t exchange;	/* enum ikev2_exchange */
	uint8_t flags;		/* enum ikev2_hdr_flag; reserved bits dropped */
	uint32_t msgid;
	uint32_t length;
};

/* Layouts, one per wire structure. */
extern const struct layout ikev2_hdr_layout;
extern const struct layout ikev2_generic_layout;	/* an unknown payload */
extern const struct layout ikev2_sa_layout;
extern const struct layout ikev2_ke_layout, ikev2_id_layout, ikev2_cert_layout,
	ikev2_certreq_layout, ikev2_auth_layout, ikev2_nonce_layout,
	ikev2_notify_layout, ikev2_delete_layout, ikev2_vendor_layout,
	ikev2_ts_payload_layout, ikev2_ts_layout, ikev2_sk_layout,
	ikev2_cp_layout, ikev2_cp_attr_layout, ikev2_eap_layout, ikev2_skf_layout;

/* What the codec knows about each payload type. */
struct ikev2_payload_desc {
	uint8_t type;
	const struct layout *layout;
	/* RFC 7296 allows at most one per message (SA, KE, Ni, IDi, ...). */
	bool unique;
};

/* NULL for a type the codec does not know (skipped unless critical). */
const struct ikev2_payload_desc *ikev2_payload_desc(unsigned type);

#endif
