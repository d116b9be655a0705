/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to CREATE_CHILD_SA: what ikev2_create_child.c (our requests,
 * the answers to them, the pending and deferred bookkeeping) shares with
 * ikev2_create_child_responder.c (the peer's requests).  Nothing else
 * includes this.
 */
#ifndef PLUTO_IKEV2_CREATE_CHILD_H
#define PLUTO_IKEV2_CREATE_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "connections.h"
#include "crypto/crypto_nss.h"
#include "ikev2.h"

/* ike_sa.c: the responder's SPIs (SPIi from the peer, SPIr fresh) and hash. */
bool ike_sa_responder_spis(struct ike_sa *ike, const uint8_t spi_i[8]);
/* ikev2_rekey_timers.c: the old SA is being replaced; no REKEY for it. */
void rekey_child_superseded(struct child_sa *child);
void rekey_ike_superseded(struct ike_sa *ike);
/* ikev2_rekey_timers.c: try OLD's rekey again later (peer said TEMPORARY_FAILURE). */
void rekey_child_retry_later(struct child_sa *old, uint64_t ms);
void rekey_ike_retry_later(struct ike_sa *ike, uint64_t ms);

#define CCS_NONCE_SIZE 32
#define NONCE_MAX 256
#define TEMPORARY_FAILURE_RETRY_MS 5000

enum ccs_kind {
	CCS_NEW_CHILD,
	CCS_REKEY_CHILD,
	CCS_REKEY_IKE,
};


struct nonce {
	uint8_t b[NONCE_MAX];
	size_t len;
};

struct ccs_pending {
	struct ccs_pending *next;
	struct ike_sa *ike;		/* the exchange runs on it */
	enum ccs_kind kind;
	so_serial_t old_serial;		/* REKEY_CHILD: the Child SA replaced */
	struct child_sa *child;		/* NEW/REKEY_CHILD: larval, on IKE's list */
	struct ike_sa *new_ike;		/* REKEY_IKE: larval (PARENT_I0) */
	const struct ike_alg *group;	/* KE group; NULL without PFS */
	struct dh_local dh;
	struct nonce ni;
	unsigned ke_retries;
	/* The peer rekeyed the same SA while ours was out (we answered). */
	bool collided;
	struct nonce peer_lowest;	/* lowest nonce of the peer's exchange */
	so_serial_t peer_new_serial;	/* what the peer's exchange created */
};

/* A Child SA whose outbound SA waits for the old one's deletion. */
struct deferred_out {
	struct deferred_out *next;
	so_serial_t old_serial;
	struct child_sa *child;
};

/* Link LATER into the deferred-outbound list (its SA goes in when the
 * old Child SA is deleted). */
void ccs_defer_outbound(struct deferred_out *later);

/* Helpers both halves use. */
bool ccs_conn_transport(const struct connection *c);
bool ccs_conn_pfs(const struct connection *c);
const struct ike_alg *ccs_ike_group(const struct ike_sa *ike);
bool ccs_new_nonce(struct nonce *n);
bool ccs_take_nonce(const struct ikev2_msg *m, struct nonce *n, struct diag *d);
/* <0, 0, >0 as A is lower, equal, higher (unsigned big numbers; a
 * prefix of the other is lower). */
int ccs_nonce_cmp(const struct nonce *a, const struct nonce *b);
const struct nonce *ccs_nonce_min(const struct nonce *a, const struct nonce *b);
const struct ike_alg *ccs_chosen_group(const struct proposal *p);
bool ccs_add_sa(struct ikev2_builder *b, const struct proposals *p, bool offer, struct diag *d);
bool ccs_add_ts(struct ikev2_builder *b, unsigned type, const struct ip_selector *sel,
		struct diag *d);
bool ccs_parse_sa(const struct ikev2_msg *m, struct proposals *out, struct diag *d);
uint32_t ccs_spi_of(const struct proposal *p);
struct ccs_pending *ccs_pending_of(const struct ike_sa *ike);
void ccs_move_children(struct ike_sa *from, struct ike_sa *to);
bool ccs_ike_adopt(struct ike_sa *new_ike, const struct ike_sa *old, const struct proposal *chosen,
		   PK11SymKey *gir, const struct nonce *ni, const struct nonce *nr,
		   const struct ike_alg *group, struct diag *d);
void ccs_ike_announce(struct ike_sa *new_ike, const struct ike_sa *old, bool initiator);

#endif
