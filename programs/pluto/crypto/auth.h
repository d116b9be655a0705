/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AUTH payload data for the shared-key methods (RFC 7296 §2.15):
 *
 *   AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>)
 *   SignedOctets = RealMessage | NonceData | prf(SK_p, RestOfIDPayload)
 *
 * The initiator's AUTH uses its IKE_SA_INIT request, Nr and SK_pi; the
 * responder's its IKE_SA_INIT response, Ni and SK_pr.  Whoever verifies
 * passes the peer's values.  PSK (auth method 2) uses the secret from
 * ipsec.secrets; NULL authentication (RFC 7619 §2.1, method 13) uses
 * SK_pi / SK_pr themselves as the shared secret.
 */
#ifndef XSWAN_AUTH_H
#define XSWAN_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pk11pub.h>

#include "bytes.h"
#include "diag.h"
#include "ike_alg.h"
#include "prf.h"

enum {
	IKEv2_AUTH_PSK = 2,	/* Shared Key Message Integrity Code */
	IKEv2_AUTH_NULL = 13,	/* RFC 7619 */
};

struct auth_signed_octets {
	struct bytes real_message;	/* the whole IKE_SA_INIT message the signer sent */
	struct bytes nonce;		/* the other side's nonce data */
	struct bytes id_body;		/* the signer's ID payload after its 4-byte generic header */
	PK11SymKey *sk_p;		/* the signer's SK_pi or SK_pr */
};

/* AUTH data (prf->hash_size bytes) into OUT. */
bool ikev2_psk_auth(const struct ike_alg *prf, struct bytes psk,
		    const struct auth_signed_octets *o, uint8_t out[PRF_MAX_SIZE],
		    size_t *out_len, struct diag *d);
bool ikev2_null_auth(const struct ike_alg *prf, const struct auth_signed_octets *o,
		     uint8_t out[PRF_MAX_SIZE], size_t *out_len, struct diag *d);

/* Compute the expected value and compare with RECEIVED in constant time.
 * A mismatch reports "AUTH mismatch" and nothing about the values. */
bool ikev2_psk_auth_verify(const struct ike_alg *prf, struct bytes psk,
			   const struct auth_signed_octets *o, struct bytes received,
			   struct diag *d);
bool ikev2_null_auth_verify(const struct ike_alg *prf, const struct auth_signed_octets *o,
			    struct bytes received, struct diag *d);

#endif
