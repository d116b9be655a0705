/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

#include <pk11pub.h>
#include <pkcs11n.h>
#include <prerror.h>

#include "log.h"
#include "prf.h"
#include "symkey.h"

#define ALL_KEY_FLAGS (CKF_ENCRYPT | CKF_DECRYPT | CKF_SIGN | CKF_VERIFY | CKF_DERIVE)

bool prf_bytes(const struct ike_alg *prf, PK11SymKey *key,
	       const struct bytes *data, size_t ndata, uint8_t *out, struct diag *d)
{
	SECItem noparam = { .type = siBuffer };
	PK11Context *ctx = PK11_CreateContextBySymKey(prf->nss_mech, CKA_SIGN, key, &noparam);
	if (ctx == NULL)
		return diag(d, "NSS cannot start %s (NSS error %d)", prf->fqn, PR_GetError());
	bool ok = PK11_DigestBegin(ctx) == SECSuccess;
	for (size_t i = 0; ok && i < ndata; i++) {
		if (data[i].len > 0)
			ok = PK11_DigestOp(ctx, data[i].ptr, (unsigned)data[i].len) == SECSuccess;
	}
	unsigned out_len = 0;
	if (ok)
		ok = PK11_DigestFinal(ctx, out, &out_len, (unsigned)prf->hash_size) == SECSuccess &&
		     out_len == prf->hash_size;
	PK11_DestroyContext(ctx, PR_TRUE);
	if (!ok)
		return diag(d, "NSS %s failed (NSS error %d)", prf->fqn, PR_GetError());
	return true;
}

PK11SymKey *prf_plus(const struct ike_alg *prf, PK11SymKey *key,
		     PK11SymKey *seed_key, struct bytes seed_data, size_t len,
		     struct diag *d)
{
	/* §2.13: the counter is one octet, so at most 255 blocks. */
	if (len == 0 || len > 255 * prf->hash_size) {
		diag(d, "prf+ cannot produce %zu bytes with %s", len, prf->fqn);
		return NULL;
	}
	CK_NSS_IKE_PRF_PLUS_DERIVE_PARAMS params = {
		.prfMechanism = prf->nss_mech,
		.bHasSeedKey = seed_key != NULL,
		.hSeedKey = seed_key != NULL ? PK11_GetSymKeyHandle(seed_key) : CK_INVALID_HANDLE,
		.pSeedData = (CK_BYTE_PTR)seed_data.ptr,
		.ulSeedDataLen = seed_data.len,
	};
	SECItem param = { .type = siBuffer, .data = (unsigned char *)&params, .len = sizeof(params) };
	PK11SymKey *out = PK11_DeriveWithFlags(key, CKM_NSS_IKE_PRF_PLUS_DERIVE, &param,
					       CKM_GENERIC_SECRET_KEY_GEN, CKA_DERIVE,
					       (int)len, ALL_KEY_FLAGS);
	if (out == NULL)
		diag(d, "NSS prf+ with %s failed (NSS error %d)", prf->fqn, PR_GetError());
	return out;
}

static PK11SymKey *ike_prf_derive(const struct ike_alg *prf, PK11SymKey *base,
				  bool data_as_key, PK11SymKey *new_key,
				  struct bytes ni, struct bytes nr, struct diag *d)
{
	CK_NSS_IKE_PRF_DERIVE_PARAMS params = {
		.prfMechanism = prf->nss_mech,
		.bDataAsKey = data_as_key,
		.bRekey = new_key != NULL,
		.pNi = (CK_BYTE_PTR)ni.ptr,
		.ulNiLen = ni.len,
		.pNr = (CK_BYTE_PTR)nr.ptr,
		.ulNrLen = nr.len,
		.hNewKey = new_key != NULL ? PK11_GetSymKeyHandle(new_key) : CK_INVALID_HANDLE,
	};
	SECItem param = { .type = siBuffer, .data = (unsigned char *)&params, .len = sizeof(params) };
	PK11SymKey *out = PK11_DeriveWithFlags(base, CKM_NSS_IKE_PRF_DERIVE, &param,
					       CKM_GENERIC_SECRET_KEY_GEN, CKA_DERIVE,
					       (int)prf->hash_size, ALL_KEY_FLAGS);
	if (out == NULL)
		diag(d, "NSS SKEYSEED derivation with %s failed (NSS error %d)", prf->fqn, PR_GetError());
	return out;
}

PK11SymKey *ikev2_skeyseed(const struct ike_alg *prf, struct bytes ni, struct bytes nr,
			   PK11SymKey *gir, struct diag *d)
{
	ldbg(DBG_CRYPT, "SKEYSEED: %s, Ni %zu bytes, Nr %zu bytes, g^ir %zu bytes",
	     prf->fqn, ni.len, nr.len, symkey_len(gir));
	return ike_prf_derive(prf, gir, true, NULL, ni, nr, d);
}

PK11SymKey *ikev2_skeyseed_rekey(const struct ike_alg *old_prf, PK11SymKey *old_sk_d,
				 PK11SymKey *new_gir, struct bytes ni, struct bytes nr,
				 struct diag *d)
{
	ldbg(DBG_CRYPT, "rekey SKEYSEED: %s, Ni %zu bytes, Nr %zu bytes, g^ir %zu bytes",
	     old_prf->fqn, ni.len, nr.len, symkey_len(new_gir));
	return ike_prf_derive(old_prf, old_sk_d, false, new_gir, ni, nr, d);
}

size_t suite_encr_keymat_size(const struct ike_suite *s)
{
	return s->enc_key_bits / 8 + s->encr->salt_size;
}

size_t suite_integ_keymat_size(const struct ike_suite *s)
{
	return s->integ != NULL ? s->integ->integ_key_size : 0;
}

void ike_sa_keys_free(struct ike_sa_keys *k)
{
	symkey_release(&k->sk_d);
	symkey_release(&k->sk_ai);
	symkey_release(&k->sk_ar);
	symkey_release(&k->sk_ei);
	symkey_release(&k->sk_er);
	symkey_release(&k->sk_pi);
	symkey_release(&k->sk_pr);
	symkey_release(&k->packed);
	if (k->raw != NULL) {
		secure_zero(k->raw, k->raw_len);
		free(k->raw);
		k->raw = NULL;
		k->raw_len = 0;
	}
	secure_zero(k->salt_i, sizeof(k->salt_i));
	secure_zero(k->salt_r, sizeof(k->salt_r));
}

PK11SymKey *ike_sa_key(const struct ike_sa_keys *k, enum ike_key which)
{
	PK11SymKey *const separate[] = {
		[IKE_KEY_D] = k->sk_d, [IKE_KEY_AI] = k->sk_ai, [IKE_KEY_AR] = k->sk_ar,
		[IKE_KEY_EI] = k->sk_ei, [IKE_KEY_ER] = k->sk_er,
	};

	if ((unsigned)which >= sizeof(separate) / sizeof(separate[0]))
		return NULL;
	if (separate[which] != NULL)
		return PK11_ReferenceSymKey(separate[which]);
	if ((k->packed == NULL && k->raw == NULL) || k->suite.prf == NULL || k->suite.encr == NULL)
		return NULL;

	size_t prf_size = k->suite.prf->hash_size;
	size_t integ_size = suite_integ_keymat_size(&k->suite);
	size_t encr_size = suite_encr_keymat_size(&k->suite);
	size_t key_size = k->suite.enc_key_bits / 8;
	CK_MECHANISM_TYPE generic = CKM_GENERIC_SECRET_KEY_GEN, encr = k->suite.encr->nss_mech;
	/* Where each key sits in PACKED: the order of prf+'s output. */
	const struct { size_t off, len; CK_MECHANISM_TYPE mech; } at[] = {
		[IKE_KEY_D] = { 0, prf_size, generic },
		[IKE_KEY_AI] = { prf_size, integ_size, generic },
		[IKE_KEY_AR] = { prf_size + integ_size, integ_size, generic },
		[IKE_KEY_EI] = { prf_size + 2 * integ_size, key_size, encr },
		[IKE_KEY_ER] = { prf_size + 2 * integ_size + encr_size, key_size, encr },
	};
	if (at[which].len == 0)
		return NULL;
	if (k->packed != NULL)
		return symkey_slice_for(k->packed, at[which].off, at[which].len, at[which].mech);
	if (at[which].off + at[which].len > k->raw_len)
		return NULL;
	return symkey_from_bytes_for(BYTES(k->raw + at[which].off, at[which].len), at[which].mech);
}

bool ike_sa_keys_compact(struct ike_sa_keys *k, struct diag *d)
{
	if (k->packed == NULL)
		return true;
	size_t len = symkey_len(k->packed);
	uint8_t *raw = malloc(len);
	if (raw == NULL)
		return diag(d, "out of memory");
	if (!symkey_extract(k->packed, 0, len, raw, len, d)) {
		secure_zero(raw, len);
		free(raw);
		return false;
	}
	symkey_release(&k->packed);
	k->raw = raw;
	k->raw_len = len;
	return true;
}

/* Sanity of a negotiated suite before sizes are computed from it. */
static bool suite_ok(const struct ike_suite *s, bool need_prf, struct diag *d)
{
	if (s->encr == NULL || s->encr->type != TRANS_ENCR)
		return diag(d, "no encryption algorithm negotiated");
	if (!ike_alg_key_bits_ok(s->encr, s->enc_key_bits))
		return diag(d, "%s with a %u-bit key is not supported", s->encr->fqn, s->enc_key_bits);
	if (need_prf && (s->prf == NULL || s->prf->type != TRANS_PRF))
		return diag(d, "no PRF negotiated");
	bool has_integ = s->integ != NULL && s->integ->id != IKEv2_INTEG_NONE;
	if (s->encr->aead == has_integ)
		return diag(d, "%s %s an integrity algorithm", s->encr->fqn,
			    s->encr->aead ? "must not have" : "needs");
	if (s->encr->salt_size > 4)
		return diag(d, "%s salt too large", s->encr->fqn);
	return true;
}

bool ikev2_derive_ike_keys(const struct ike_suite *suite, PK11SymKey *skeyseed,
			   struct bytes ni, struct bytes nr,
			   const uint8_t spi_i[8], const uint8_t spi_r[8],
			   struct ike_sa_keys *k, struct diag *d)
{
	memset(k, 0, sizeof(*k));
	if (!suite_ok(suite, true, d))
		return false;
	k->suite = *suite;

	size_t prf_size = suite->prf->hash_size;
	size_t integ_size = suite_integ_keymat_size(suite);
	size_t key_size = suite->enc_key_bits / 8;
	size_t encr_size = suite_encr_keymat_size(suite);
	size_t total = 3 * prf_size + 2 * integ_size + 2 * encr_size;

	/* Seed: Ni | Nr | SPIi | SPIr.  Nonces are at most 256 bytes (§3.9). */
	uint8_t seed[256 + 256 + 16];
	if (ni.len > 256 || nr.len > 256)
		return diag(d, "nonce longer than 256 bytes");
	struct buf sb = BUF(seed, sizeof(seed));
	buf_put(&sb, ni.ptr, ni.len);
	buf_put(&sb, nr.ptr, nr.len);
	buf_put(&sb, spi_i, 8);
	buf_put(&sb, spi_r, 8);

	ldbg(DBG_CRYPT, "IKE SA keys: %s, %s_%u, %s; %zu bytes of keying material",
	     suite->prf->fqn, suite->encr->fqn, suite->enc_key_bits,
	     integ_size > 0 ? suite->integ->fqn : "NONE", total);

	PK11SymKey *keymat = prf_plus(suite->prf, skeyseed, NULL, buf_bytes(&sb), total, d);
	if (keymat == NULL)
		return false;

	/* SK_d .. SK_er stay one key object (ike_sa_key() cuts each out when
	 * it is used); the salts are bytes, SK_pi/SK_pr live until AUTH. */
	size_t ei = prf_size + 2 * integ_size, er = ei + encr_size, packed_len = er + encr_size;
	bool ok = true;
	if (suite->encr->salt_size > 0)
		ok = symkey_extract(keymat, ei + key_size, suite->encr->salt_size,
				    k->salt_i, sizeof(k->salt_i), d) &&
		     symkey_extract(keymat, er + key_size, suite->encr->salt_size,
				    k->salt_r, sizeof(k->salt_r), d);
	k->packed = symkey_slice(keymat, 0, packed_len);
	k->sk_pi = symkey_slice(keymat, packed_len, prf_size);
	k->sk_pr = symkey_slice(keymat, packed_len + prf_size, prf_size);
	PK11_FreeSymKey(keymat);

	if (!ok || k->packed == NULL || k->sk_pi == NULL || k->sk_pr == NULL) {
		ike_sa_keys_free(k);
		if (ok)
			diag(d, "NSS could not split the IKE SA keying material (NSS error %d)",
			     PR_GetError());
		return false;
	}
	return true;
}

bool ikev2_derive_child_keys(const struct ike_suite *child, const struct ike_alg *ike_prf,
			     PK11SymKey *sk_d, PK11SymKey *new_gir,
			     struct bytes ni, struct bytes nr,
			     struct child_sa_keys *k, struct diag *d)
{
	memset(k, 0, sizeof(*k));
	if (!suite_ok(child, false, d))
		return false;
	k->suite = *child;
	k->encr_size = suite_encr_keymat_size(child);
	k->integ_size = suite_integ_keymat_size(child);

	uint8_t seed[512];
	if (ni.len > 256 || nr.len > 256)
		return diag(d, "nonce longer than 256 bytes");
	struct buf sb = BUF(seed, sizeof(seed));
	buf_put(&sb, ni.ptr, ni.len);
	buf_put(&sb, nr.ptr, nr.len);

	size_t total = 2 * (k->encr_size + k->integ_size);
	ldbg(DBG_CRYPT, "Child SA KEYMAT: %s, %s_%u, %s, %s; %zu bytes",
	     ike_prf->fqn, child->encr->fqn, child->enc_key_bits,
	     k->integ_size > 0 ? child->integ->fqn : "NONE",
	     new_gir != NULL ? "PFS" : "no PFS", total);
	k->keymat = prf_plus(ike_prf, sk_d, new_gir, buf_bytes(&sb), total, d);
	return k->keymat != NULL;
}

bool child_keys_extract(const struct child_sa_keys *k, bool initiator_to_responder,
			uint8_t *encr, size_t encr_cap, size_t *encr_len,
			uint8_t *integ, size_t integ_cap, size_t *integ_len,
			struct diag *d)
{
	size_t base = initiator_to_responder ? 0 : k->encr_size + k->integ_size;

	*encr_len = 0;
	*integ_len = 0;
	if (!symkey_extract(k->keymat, base, k->encr_size, encr, encr_cap, d))
		return false;
	if (k->integ_size > 0 &&
	    !symkey_extract(k->keymat, base + k->encr_size, k->integ_size, integ, integ_cap, d)) {
		secure_zero(encr, k->encr_size);
		return false;
	}
	*encr_len = k->encr_size;
	*integ_len = k->integ_size;
	return true;
}

void child_sa_keys_free(struct child_sa_keys *k)
{
	symkey_release(&k->keymat);
}
