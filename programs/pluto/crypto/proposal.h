/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SA proposals: Libreswan's ike= / esp= syntax, its IKEv2 defaults, the
 * SA payload body on the wire (RFC 7296 §3.3), choosing a proposal as a
 * responder and checking the one a responder chose.
 *
 * A proposal holds, per transform type, a list of transforms in
 * preference order.  Locally INTEG=NONE (AEAD) and DH=NONE are stored
 * explicitly and left out on the wire when we offer (as Libreswan does);
 * an empty DH list also means "no DH".
 *
 * Choosing (as Libreswan 4.x's ikev2_process_sa_payload does): our own
 * proposal order wins.  The chosen proposal is the peer proposal that
 * matches the earliest of our proposals (ties: the peer's first); within
 * it, for each type, the first of OUR transforms the peer listed.
 */
#ifndef XSWAN_PROPOSAL_H
#define XSWAN_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "diag.h"
#include "ike_alg.h"

#define PROPOSALS_MAX 16	/* proposals in one SA payload */
#define TRANSFORMS_MAX 16	/* known transforms per type in one proposal */

enum sa_protocol {
	SA_PROTO_IKE = 1,
	SA_PROTO_AH = 2,
	SA_PROTO_ESP = 3,
};

struct transform {
	uint16_t id;
	uint16_t key_bits;	/* Key Length attribute; 0 when absent */
};

struct transform_list {
	uint8_t count;
	bool present;		/* the peer sent this type (perhaps only ids we do not know) */
	struct transform t[TRANSFORMS_MAX];
};

struct proposal {
	uint8_t number;		/* Proposal Num on the wire, 1-based */
	uint8_t protocol;	/* enum sa_protocol */
	uint8_t spi_size;	/* 0, 4 (ESP) or 8 (IKE rekey) */
	uint8_t spi[8];
	bool unusable;		/* decoded with an attribute or type we cannot honour */
	struct transform_list types[TRANS_TYPE_ROOF];	/* [TRANS_ENCR .. TRANS_ESN] */
};

struct proposals {
	uint8_t count;
	struct proposal p[PROPOSALS_MAX];
};

enum proposal_kind {
	PROPOSAL_IKE,	/* ike= */
	PROPOSAL_ESP,	/* esp= (alias phase2alg=) */
};

/*
 * Parse Libreswan's syntax, e.g. "aes_gcm256-sha2_512;dh19,aes256-sha2"
 * or "aes_gcm,aes128+aes256-sha2_512+sha2_256-dh14+dh19".  Parts left
 * out take Libreswan's defaults.  On error D says which token and why,
 * in Libreswan's words, e.g. "IKE DH algorithm 'dh22' is not supported".
 */
bool proposals_parse(enum proposal_kind kind, const char *text, struct proposals *out,
		     struct diag *d);
/* Libreswan's IKEv2 default ike= / esp= (restricted to what xswan implements). */
void proposals_default(enum proposal_kind kind, struct proposals *out);

/* esn=: which ESN transforms every ESP proposal carries (yes first when either). */
enum esn_policy {
	ESN_POLICY_NO,
	ESN_POLICY_YES,
	ESN_POLICY_EITHER,
};
void proposals_set_esn(struct proposals *p, enum esn_policy esn);
/*
 * Child SA proposals for one exchange: IKE_AUTH never carries DH (pass
 * NULL: all DH removed); CREATE_CHILD_SA with pfs=yes puts the IKE SA's
 * group in every proposal that names none (Libreswan's behaviour).
 */
void proposals_set_child_dh(struct proposals *p, const struct ike_alg *ike_dh);

/* Put SPI (SIZE bytes: 4 for ESP, 8 for an IKE SA rekey) in every proposal. */
void proposals_set_spi(struct proposals *p, const uint8_t *spi, uint8_t size);

/* Algparse-style text, e.g. "AES_GCM_16_256-HMAC_SHA2_512+HMAC_SHA2_256-DH19". */
size_t proposal_str(const struct proposal *p, char *buf, size_t cap);

/*
 * SA payload body (after the generic payload header).  Our offers number
 * proposals 1..n and leave out INTEG=NONE and DH=NONE; an answer is
 * emitted exactly as chosen (OMIT_NONE false).
 */
bool sa_payload_emit(const struct proposals *p, bool omit_none, struct buf *out, struct diag *d);
/* Decode hostile bytes.  Unknown transform ids are dropped (they can never
 * match); unknown attributes make that proposal unusable. */
bool sa_payload_parse(struct bytes body, struct proposals *out, struct diag *d);

/*
 * Responder: pick from REMOTE (decoded SA payload) per LOCAL, for
 * protocol PROTOCOL with SPI size SPI_SIZE.  CHOSEN gets one transform
 * per type, the peer's proposal number and SPI.  False with "no proposal
 * chosen" and the peer's offer in D when nothing matches.
 */
bool proposals_choose(const struct proposals *local, const struct proposals *remote,
		      enum sa_protocol protocol, uint8_t spi_size,
		      struct proposal *chosen, struct diag *d);
/* Initiator: is ANSWER (one proposal) a valid pick from what we offered? */
bool proposals_check_answer(const struct proposals *local, const struct proposals *answer,
			    enum sa_protocol protocol, uint8_t spi_size,
			    struct proposal *accepted, struct diag *d);

/* The algorithms of a chosen proposal (see prf.h). */
struct ike_suite;
bool proposal_to_suite(const struct proposal *chosen, struct ike_suite *suite, struct diag *d);

#endif
