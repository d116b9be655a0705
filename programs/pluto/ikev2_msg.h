/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An IKEv2 message as a handler sees it: the header, every payload
 * decoded, an index of payloads by type, and for the SK (or SKF) payload
 * the byte ranges the crypto code needs.  Decoding never trusts a length;
 * the verdict tells the caller what to do with a bad message (drop,
 * log as IKEv1, answer with a notify).
 *
 *   struct ikev2_msg *m = calloc(1, sizeof(*m));   // ~7 KiB: not on a small stack
 *   switch (ikev2_msg_decode(m, datagram, &d)) { ... }
 *   ... decrypt m->sk.encrypted with m->sk.aad ...
 *   ikev2_msg_decode_inner(m, plaintext_without_padding, m->sk.inner_next, &d);
 *   ikev2_check_payload_rules(m, &d);
 */
#ifndef XSWAN_IKEV2_MSG_H
#define XSWAN_IKEV2_MSG_H

#include "ikev2_payloads.h"

/* Payloads one message may carry, plaintext and inner together.  The
 * biggest honest messages (IKE_AUTH with a CERT chain, CERTREQs, a dozen
 * notifies and vendor IDs) stay well under it. */
#define IKEV2_MAX_PAYLOADS 64

enum ikev2_verdict {
	IKEV2_MSG_OK,
	IKEV2_MSG_IKEV1,	/* major version 1: log it, create no state */
	IKEV2_MSG_BAD_MAJOR,	/* major version > 2: INVALID_MAJOR_VERSION */
	IKEV2_MSG_MALFORMED,	/* INVALID_SYNTAX (only once authenticated) */
	IKEV2_MSG_UNSUPPORTED_CRITICAL,	/* UNSUPPORTED_CRITICAL_PAYLOAD, data: m->critical_type */
};
extern const struct enum_names ikev2_verdict_names;

/* The Notify type that answers a bad request with verdict V (RFC 7296
 * 2.5, 2.21, 3.2); 0 for OK and IKEv1 (dropped silently).  Whether to
 * answer at all (unauthenticated, a response) is the caller's call. */
unsigned ikev2_verdict_notify(enum ikev2_verdict v);

struct ikev2_payload {
	uint8_t type;
	bool encrypted;		/* came from inside SK/SKF */
	size_t offset;		/* in the datagram, or in the plaintext when encrypted */
	struct bytes raw;	/* generic header and body, as received */
	/* Decoded body.  TSi, TSr and CP decode into the message
	 * (m->tsi, m->tsr, m->cp); these have only .gh here. */
	union {
		struct ikev2_generic gh;
		struct ikev2_sa sa;	/* the proposals as bytes: sa_payload_parse() */
		struct ikev2_ke ke;
		struct ikev2_nonce nonce;
		struct ikev2_id id;
		struct ikev2_auth auth;
		struct ikev2_cert cert;	/* CERT and CERTREQ */
		struct ikev2_notify n;
		struct ikev2_delete del;
		struct ikev2_opaque opaque;	/* V, EAP, SK */
		struct ikev2_skf skf;
	} u;
};

/* Where an SK or SKF payload's parts are: what decryption needs. */
struct ikev2_sk_ranges {
	bool present;
	bool fragment;		/* SKF (RFC 7383): the AAD ends after its 8-octet header */
	size_t offset;		/* of the SK/SKF generic header in the datagram */
	uint8_t inner_next;	/* its Next Payload: the first inner payload */
	struct bytes aad;	/* IKE header .. end of the SK/SKF header (3.14, RFC 5282) */
	struct bytes encrypted;	/* IV | ciphertext | padding | pad length | ICV */
};

struct ikev2_msg {
	struct bytes datagram;
	struct ikev2_hdr hdr;
	unsigned n_payloads;
	struct ikev2_payload payloads[IKEV2_MAX_PAYLOADS];
	/* By type: index into payloads[] of the first, and how many. */
	struct { uint8_t first, count; } index[IKEV2_NP_INDEX_SIZE];
	struct ikev2_sk_ranges sk;
	bool inner_decoded;
	/* Payloads decoded in place (each may appear once). */
	struct ikev2_ts_payload tsi, tsr;
	struct ikev2_cp cp;
	/* IKEV2_MSG_UNSUPPORTED_CRITICAL: the payload type to report. */
	uint8_t critical_type;
};

/* Decode the datagram (without the non-ESP marker): header, plaintext
 * chain, every payload.  The payload views point into DATAGRAM. */
enum ikev2_verdict ikev2_msg_decode(struct ikev2_msg *m, struct bytes datagram,
				    struct diag *d);

/* After decryption: PLAINTEXT holds the inner payloads, padding and pad
 * length already removed (ikev2_sk_strip_padding), and must outlive M.
 * FIRST_NP is the SK payload's Next Payload (m->sk.inner_next; for
 * reassembled fragments, that of fragment 1). */
enum ikev2_verdict ikev2_msg_decode_inner(struct ikev2_msg *m, struct bytes plaintext,
					  unsigned first_np, struct diag *d);

/* Split decrypted bytes into payloads and padding (3.14: the last octet
 * is the pad length). */
bool ikev2_sk_strip_padding(struct bytes decrypted, struct bytes *inner, struct diag *d);

/* The first payload of TYPE, NULL when absent; the next one after P. */
const struct ikev2_payload *ikev2_msg_first(const struct ikev2_msg *m, unsigned type);
const struct ikev2_payload *ikev2_msg_next_of_type(const struct ikev2_msg *m,
						   const struct ikev2_payload *p);
unsigned ikev2_msg_count(const struct ikev2_msg *m, unsigned type);
/* The first Notify of NOTIFY_TYPE, NULL when absent. */
const struct ikev2_notify *ikev2_msg_notify(const struct ikev2_msg *m, unsigned notify_type);

static inline bool ikev2_msg_is_response(const struct ikev2_msg *m)
{
	return (m->hdr.flags & IKEV2_FLAG_RESPONSE) != 0;
}

/* Dump header and payloads through LINE (debug logs). */
void ikev2_msg_dump(const struct ikev2_msg *m, codec_line_fn *line, void *ctx);

#endif
