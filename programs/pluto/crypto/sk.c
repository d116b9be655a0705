/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

#include <pk11pub.h>
#include <prerror.h>

#include "crypto_nss.h"
#include "log.h"
#include "sk.h"
#include "symkey.h"

#define IKE_HEADER_LEN 28
#define MAX_NONCE 12		/* salt (4) || IV (8) */
#define MAX_ICV 32

struct direction {
	PK11SymKey *encr;
	PK11SymKey *integ;
	const uint8_t *salt;
};

/* References the caller gives back with keys_release(): an IKE SA cuts
 * them out of its one key object (ike_sa_key) each time. */
static struct direction keys_for(const struct ike_sa_keys *k, bool sender_is_initiator)
{
	return sender_is_initiator
		? (struct direction){ ike_sa_key(k, IKE_KEY_EI), ike_sa_key(k, IKE_KEY_AI), k->salt_i }
		: (struct direction){ ike_sa_key(k, IKE_KEY_ER), ike_sa_key(k, IKE_KEY_AR), k->salt_r };
}

static void keys_release(struct direction *dir)
{
	symkey_release(&dir->encr);
	symkey_release(&dir->integ);
}

static size_t icv_size(const struct ike_sa_keys *k)
{
	return k->suite.encr->aead ? k->suite.encr->icv_size : k->suite.integ->icv_size;
}

size_t sk_iv_size(const struct ike_sa_keys *k)
{
	return k->suite.encr->wire_iv_size;
}

size_t sk_trailer_max(const struct ike_sa_keys *k)
{
	return k->suite.encr->block_size /* padding, at most a block - 1 */ + 1 + icv_size(k);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8; p[1] = v;
}

bool sk_aead(const struct ike_alg *encr, PK11SymKey *key, const uint8_t *salt,
	     const uint8_t *iv, struct bytes aad, bool encrypt,
	     const uint8_t *in, size_t len, uint8_t *out, size_t out_cap, size_t *out_len)
{
	uint8_t nonce[MAX_NONCE];

	if (!encr->aead || encr->salt_size + encr->wire_iv_size > MAX_NONCE)
		return false;
	/* Both: nonce = salt (4, from KEYMAT) || IV (8, on the wire). */
	memcpy(nonce, salt, encr->salt_size);
	memcpy(nonce + encr->salt_size, iv, encr->wire_iv_size);
	size_t nonce_len = encr->salt_size + encr->wire_iv_size;

	CK_GCM_PARAMS_V3 gcm = {
		.pIv = nonce, .ulIvLen = nonce_len, .ulIvBits = nonce_len * 8,
		.pAAD = (CK_BYTE_PTR)aad.ptr, .ulAADLen = aad.len,
		.ulTagBits = encr->icv_size * 8,
	};
	CK_SALSA20_CHACHA20_POLY1305_PARAMS chacha = {
		.pNonce = nonce, .ulNonceLen = nonce_len,
		.pAAD = (CK_BYTE_PTR)aad.ptr, .ulAADLen = aad.len,
	};
	SECItem param = { .type = siBuffer };
	if (encr->id == IKEv2_ENCR_AES_GCM_16) {
		param.data = (unsigned char *)&gcm;
		param.len = sizeof(gcm);
	} else {
		param.data = (unsigned char *)&chacha;
		param.len = sizeof(chacha);
	}
	unsigned n = 0;
	SECStatus rv = encrypt
		? PK11_Encrypt(key, encr->nss_mech, &param, out, &n,
			       (unsigned)out_cap, in, (unsigned)len)
		: PK11_Decrypt(key, encr->nss_mech, &param, out, &n,
			       (unsigned)out_cap, in, (unsigned)len);
	secure_zero(nonce, sizeof(nonce));
	*out_len = n;
	return rv == SECSuccess;
}

static bool cbc_op(const struct direction *dir, CK_MECHANISM_TYPE mech, bool encrypt,
		   const uint8_t *iv, size_t iv_len, const uint8_t *in, size_t len,
		   uint8_t *out, unsigned *out_len)
{
	SECItem param = { .type = siBuffer, .data = (unsigned char *)iv, .len = (unsigned)iv_len };
	SECStatus rv = encrypt
		? PK11_Encrypt(dir->encr, mech, &param, out, out_len, (unsigned)len, in, (unsigned)len)
		: PK11_Decrypt(dir->encr, mech, &param, out, out_len, (unsigned)len, in, (unsigned)len);
	return rv == SECSuccess && *out_len == len;
}

/* HMAC over msg[0..len) truncated to the ICV size. */
static bool cbc_icv(const struct ike_sa_keys *k, const struct direction *dir,
		    const uint8_t *msg, size_t len, uint8_t icv[MAX_ICV])
{
	uint8_t full[PRF_MAX_SIZE];
	struct bytes data = BYTES(msg, len);
	struct diag ignore;
	/* An integ row is an HMAC: its prf_bytes() needs hash_size and nss_mech. */
	bool ok = prf_bytes(k->suite.integ, dir->integ, &data, 1, full, &ignore);
	if (ok)
		memcpy(icv, full, k->suite.integ->icv_size);
	secure_zero(full, sizeof(full));
	return ok;
}

bool sk_encrypt(const struct ike_sa_keys *k, bool sender_is_initiator,
		uint8_t *msg, size_t header_len, size_t plaintext_len, size_t cap,
		size_t *out_len, struct diag *d)
{
	const struct ike_alg *encr = k->suite.encr;
	size_t iv_len = encr->wire_iv_size;
	size_t icv_len = icv_size(k);

	if (header_len < IKE_HEADER_LEN + 4)
		return diag(d, "SK header of %zu bytes is shorter than IKE header + payload header",
			    header_len);
	/* Pad so that plaintext + padding + Pad Length fills whole blocks. */
	size_t block = encr->block_size;
	size_t pad = (block - (plaintext_len + 1) % block) % block;
	size_t enc_len = plaintext_len + pad + 1;
	size_t total = header_len + iv_len + enc_len + icv_len;
	if (total > cap || total > UINT32_MAX || total - (header_len - 4) > UINT16_MAX)
		return diag(d, "encrypted message of %zu bytes does not fit (buffer %zu)", total, cap);

	uint8_t *iv = msg + header_len;
	uint8_t *plain = iv + iv_len;
	memset(plain + plaintext_len, 0, pad);
	plain[plaintext_len + pad] = (uint8_t)pad;

	/* Lengths first: with AEAD they are authenticated as AAD. */
	put_be32(msg + 24, (uint32_t)total);
	put_be16(msg + header_len - 2, (uint16_t)(total - (header_len - 4)));

	if (!crypto_random(iv, iv_len))
		return diag(d, "NSS random number generator failed");

	uint8_t *tmp = malloc(enc_len + icv_len);
	if (tmp == NULL)
		return diag(d, "out of memory");
	struct direction dir = keys_for(k, sender_is_initiator);
	bool ok = false;
	unsigned n = 0;
	if (dir.encr == NULL || (!encr->aead && dir.integ == NULL)) {
		/* NSS could not cut the key out: fails below like any NSS error */
	} else if (encr->aead) {
		size_t sealed = 0;
		ok = sk_aead(encr, dir.encr, dir.salt, iv, BYTES(msg, header_len), true,
			     plain, enc_len, tmp, enc_len + icv_len, &sealed) &&
		     sealed == enc_len + icv_len;
		if (ok)
			memcpy(plain, tmp, sealed);
	} else {
		ok = cbc_op(&dir, encr->nss_mech, true, iv, iv_len, plain, enc_len, tmp, &n);
		if (ok) {
			memcpy(plain, tmp, enc_len);
			uint8_t icv[MAX_ICV];
			ok = cbc_icv(k, &dir, msg, header_len + iv_len + enc_len, icv);
			memcpy(plain + enc_len, icv, icv_len);
		}
	}
	secure_zero(tmp, enc_len + icv_len);
	free(tmp);
	keys_release(&dir);
	if (!ok)
		return diag(d, "NSS %s encryption failed (NSS error %d)", encr->fqn, PR_GetError());
	*out_len = total;
	return true;
}

bool sk_decrypt(const struct ike_sa_keys *k, bool sender_is_initiator,
		uint8_t *msg, size_t header_len, size_t msg_len,
		size_t *plain_off, size_t *plain_len, struct diag *d)
{
	const struct ike_alg *encr = k->suite.encr;
	size_t iv_len = encr->wire_iv_size;
	size_t icv_len = icv_size(k);

	if (header_len < IKE_HEADER_LEN + 4 || msg_len < header_len)
		return diag(d, "SK payload header is beyond the message");
	size_t body = msg_len - header_len;
	if (body < iv_len + 1 + icv_len)
		return diag(d, "SK payload of %zu bytes is too short for %s (IV %zu, ICV %zu)",
			    body, encr->fqn, iv_len, icv_len);
	size_t enc_len = body - iv_len - icv_len;
	if (enc_len % encr->block_size != 0)
		return diag(d, "SK encrypted data of %zu bytes is not a multiple of the %zu-byte block",
			    enc_len, encr->block_size);

	uint8_t *iv = msg + header_len;
	uint8_t *enc = iv + iv_len;
	uint8_t *tmp = malloc(enc_len + icv_len);
	if (tmp == NULL)
		return diag(d, "out of memory");
	struct direction dir = keys_for(k, sender_is_initiator);
	bool ok = false;
	unsigned n = 0;
	if (dir.encr == NULL || (!encr->aead && dir.integ == NULL)) {
		/* NSS could not cut the key out: refused like a bad ICV */
	} else if (encr->aead) {
		/* NSS checks the tag (in constant time) before releasing plaintext. */
		size_t opened = 0;
		ok = sk_aead(encr, dir.encr, dir.salt, iv, BYTES(msg, header_len), false,
			     enc, enc_len + icv_len, tmp, enc_len + icv_len, &opened) &&
		     opened == enc_len;
	} else {
		uint8_t icv[MAX_ICV];
		ok = cbc_icv(k, &dir, msg, header_len + iv_len + enc_len, icv) &&
		     bytes_equal_ct(BYTES(icv, icv_len), BYTES(enc + enc_len, icv_len));
		if (ok)
			ok = cbc_op(&dir, encr->nss_mech, false, iv, iv_len, enc, enc_len, tmp, &n);
	}
	keys_release(&dir);
	if (!ok) {
		secure_zero(tmp, enc_len + icv_len);
		free(tmp);
		return diag(d, "integrity check failed");
	}
	memcpy(enc, tmp, enc_len);
	secure_zero(tmp, enc_len + icv_len);
	free(tmp);

	/* Authenticated from here on: a bad Pad Length is the peer's bug. */
	size_t pad = enc[enc_len - 1];
	if (pad + 1 > enc_len)
		return diag(d, "SK Pad Length %zu exceeds the %zu decrypted bytes", pad, enc_len);
	*plain_off = header_len + iv_len;
	*plain_len = enc_len - pad - 1;
	return true;
}
