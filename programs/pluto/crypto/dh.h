/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Key exchange for the KE payload: MODP-2048 (RFC 3526 group 14), the NIST
 * curves of RFC 5903 (groups 19, 20, 21) and Curve25519 (RFC 8031, group
 * 31), all computed by NSS.  The shared secret g^ir never leaves NSS.
 */
#ifndef XSWAN_DH_H
#define XSWAN_DH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keyhi.h>
#include <pk11pub.h>

#include "bytes.h"
#include "diag.h"
#include "ike_alg.h"

#define DH_MAX_KE_SIZE 256	/* MODP-2048 */

/* Our half of one exchange: the private key and the KE payload data. */
struct dh_local {
	const struct ike_alg *group;
	SECKEYPrivateKey *priv;
	uint8_t ke[DH_MAX_KE_SIZE];	/* public value in its wire form */
	size_t ke_len;
};

/* Destroy the private key once the shared secret is made, keeping the
 * group and the public value (a responder still sends it): NSS keeps
 * every key object in a ~5 KiB softoken record, for as long as it
 * lives. */
void dh_local_drop_private(struct dh_local *local);
/* Make a fresh key pair for GROUP (a TRANS_DH row, not NONE). */
bool dh_local_new(const struct ike_alg *group, struct dh_local *local, struct diag *d);
/*
 * For known-answer tests: adopt PRIV (ownership passes) whose public
 * value in wire form is KE.
 */
bool dh_local_adopt(const struct ike_alg *group, SECKEYPrivateKey *priv,
		    struct bytes ke, struct dh_local *local, struct diag *d);
void dh_local_free(struct dh_local *local);

/*
 * Check the peer's KE data (length; MODP: 1 < y < p-1; ECP: on the
 * curve, checked by NSS when deriving; X25519: the result is not all
 * zero, RFC 8031 §2.3) and compute g^ir: a key of the group's full
 * length, big-endian and zero-padded for MODP (RFC 7296 §2.14), the x
 * coordinate for ECP (RFC 5903 §7), the 32-byte X25519 output.
 */
PK11SymKey *dh_shared_secret(const struct dh_local *local, struct bytes peer_ke,
			     struct diag *d);

/* The MODP-2048 prime (RFC 3526 §3), exposed for tests. */
extern const uint8_t dh_modp2048_prime[256];

#endif
