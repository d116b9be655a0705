/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKEv2 key derivation, RFC 7296 §2.13 (prf, prf+), §2.14 (SKEYSEED and
 * the IKE SA keys), §2.17 (Child SA KEYMAT) and §2.18 (rekeyed IKE SA).
 * Every secret stays a PK11SymKey; the NSS mechanisms
 * CKM_NSS_IKE_PRF_DERIVE and CKM_NSS_IKE_PRF_PLUS_DERIVE do the work.
 */
#ifndef XSWAN_PRF_H
#define XSWAN_PRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pk11pub.h>

#include "bytes.h"
#include "diag.h"
#include "ike_alg.h"

#define PRF_MAX_SIZE 64		/* SHA-512 */

/*
 * prf(KEY, DATA[0] | DATA[1] | ...) into OUT (prf->hash_size bytes).
 * Public results only (AUTH values, the prf(SK_p, ID) of signed
 * octets); a result that is a key goes through prf_plus().
 */
bool prf_bytes(const struct ike_alg *prf, PK11SymKey *key,
	       const struct bytes *data, size_t ndata, uint8_t *out, struct diag *d);

/* prf+(KEY, [SEED_KEY |] SEED_DATA), LEN bytes (§2.13). */
PK11SymKey *prf_plus(const struct ike_alg *prf, PK11SymKey *key,
		     PK11SymKey *seed_key, struct bytes seed_data, size_t len,
		     struct diag *d);

/* SKEYSEED = prf(Ni | Nr, g^ir) (§2.14). */
PK11SymKey *ikev2_skeyseed(const struct ike_alg *prf, struct bytes ni, struct bytes nr,
			   PK11SymKey *gir, struct diag *d);
/* SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) (§2.18). */
PK11SymKey *ikev2_skeyseed_rekey(const struct ike_alg *old_prf, PK11SymKey *old_sk_d,
				 PK11SymKey *new_gir, struct bytes ni, struct bytes nr,
				 struct diag *d);

/* The algorithms an IKE SA or Child SA negotiated. */
struct ike_suite {
	const struct ike_alg *encr;
	unsigned enc_key_bits;
	const struct ike_alg *prf;	/* IKE only */
	const struct ike_alg *integ;	/* NULL or id NONE for AEAD */
	const struct ike_alg *dh;	/* NULL when none (Child SA without PFS) */
	bool esn;			/* Child SA only */
};

/* Bytes of encryption key material (key + salt) and of integrity key. */
size_t suite_encr_keymat_size(const struct ike_suite *s);
size_t suite_integ_keymat_size(const struct ike_suite *s);

/*
 * SK_* of an IKE SA (§2.14).  ei/er include no salt: salts are apart.
 * PACKED holds SK_d | SK_ai | SK_ar | SK_ei(+salt) | SK_er(+salt) as one
 * NSS key object (NSS's softoken keeps each object in a ~5 KiB record,
 * and an IKE SA uses these keys for a few messages): ike_sa_key() cuts
 * out the one needed.  ikev2_derive_ike_keys() fills PACKED, SK_pi and
 * SK_pr; the separate sk_d .. sk_er are for keys made by hand (tests) and
 * win over PACKED.
 *
 * Once the IKE SA is established, ike_sa_keys_compact() moves PACKED's
 * bytes into RAW (about 100 bytes, wiped when freed) and frees the NSS
 * object: the SA then uses its keys for a message now and then (liveness,
 * rekey, delete), and each use brings the key it needs back into NSS.
 * (strongSwan keeps all its IKE SA keys as bytes.)
 */
struct ike_sa_keys {
	struct ike_suite suite;
	PK11SymKey *sk_d, *sk_ai, *sk_ar, *sk_ei, *sk_er, *sk_pi, *sk_pr;
	PK11SymKey *packed;
	uint8_t *raw;
	size_t raw_len;
	uint8_t salt_i[4], salt_r[4];	/* AEAD implicit nonce parts */
};

enum ike_key { IKE_KEY_D, IKE_KEY_AI, IKE_KEY_AR, IKE_KEY_EI, IKE_KEY_ER };

/* The key asked for, as a reference the caller releases (symkey_release);
 * NULL when the suite has none (SK_a* with AEAD) or NSS fails. */
PK11SymKey *ike_sa_key(const struct ike_sa_keys *keys, enum ike_key which);
/* PACKED into RAW (see above); false (and PACKED kept) when NSS refuses. */
bool ike_sa_keys_compact(struct ike_sa_keys *keys, struct diag *d);


/*
 * {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
 *     = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)
 * SK_d, SK_pi and SK_pr are prf->hash_size bytes (the PRF's preferred
 * key size, §2.14); SK_e* are the key plus, for AEAD, the salt.
 */
bool ikev2_derive_ike_keys(const struct ike_suite *suite, PK11SymKey *skeyseed,
			   struct bytes ni, struct bytes nr,
			   const uint8_t spi_i[8], const uint8_t spi_r[8],
			   struct ike_sa_keys *keys, struct diag *d);
void ike_sa_keys_free(struct ike_sa_keys *keys);

/*
 * Child SA KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr) (§2.17), laid out
 * initiator-to-responder first: encryption key (+ salt), then integrity
 * key; then the same for responder-to-initiator.  Extract the parts for
 * the kernel with child_keys_extract().
 */
struct child_sa_keys {
	struct ike_suite suite;
	PK11SymKey *keymat;
	size_t encr_size;	/* key + salt, per direction */
	size_t integ_size;	/* per direction */
};

bool ikev2_derive_child_keys(const struct ike_suite *child, const struct ike_alg *ike_prf,
			     PK11SymKey *sk_d, PK11SymKey *new_gir /* NULL without PFS */,
			     struct bytes ni, struct bytes nr,
			     struct child_sa_keys *keys, struct diag *d);
/*
 * Write one direction's keys (as the kernel wants them: encryption key
 * with the salt appended for rfc4106/rfc7539esp, and the integrity key)
 * into caller buffers that the caller wipes with secure_zero().
 */
bool child_keys_extract(const struct child_sa_keys *keys, bool initiator_to_responder,
			uint8_t *encr, size_t encr_cap, size_t *encr_len,
			uint8_t *integ, size_t integ_cap, size_t *integ_len,
			struct diag *d);
void child_sa_keys_free(struct child_sa_keys *keys);

#endif
