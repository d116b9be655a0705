/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "auth.h"
#include "log.h"
#include "symkey.h"

/* RFC 7296 §2.15: 17 ASCII bytes, no terminating NUL. */
static const char key_pad[] = "Key Pad for IKEv2";
#define KEY_PAD_LEN (sizeof(key_pad) - 1)

static bool shared_key_auth(const struct ike_alg *prf, PK11SymKey *secret,
			    const struct auth_signed_octets *o,
			    uint8_t out[PRF_MAX_SIZE], size_t *out_len, struct diag *d)
{
	uint8_t id_hash[PRF_MAX_SIZE];
	uint8_t padded[PRF_MAX_SIZE];
	PK11SymKey *padded_key = NULL;
	bool ok = false;

	struct bytes id = o->id_body;
	if (!prf_bytes(prf, o->sk_p, &id, 1, id_hash, d))
		goto out;

	struct bytes pad = BYTES(key_pad, KEY_PAD_LEN);
	if (!prf_bytes(prf, secret, &pad, 1, padded, d))
		goto out;
	/* The inner prf output is a secret too: back into NSS it goes. */
	padded_key = symkey_from_bytes(BYTES(padded, prf->hash_size));
	if (padded_key == NULL) {
		diag(d, "NSS could not hold the AUTH key");
		goto out;
	}
	struct bytes signed_octets[] = {
		o->real_message, o->nonce, BYTES(id_hash, prf->hash_size),
	};
	if (!prf_bytes(prf, padded_key, signed_octets, 3, out, d))
		goto out;
	*out_len = prf->hash_size;
	ok = true;
out:
	symkey_release(&padded_key);
	secure_zero(padded, sizeof(padded));
	return ok;
}

bool ikev2_psk_auth(const struct ike_alg *prf, struct bytes psk,
		    const struct auth_signed_octets *o, uint8_t out[PRF_MAX_SIZE],
		    size_t *out_len, struct diag *d)
{
	if (psk.len == 0)
		return diag(d, "the pre-shared key is empty");
	PK11SymKey *secret = symkey_from_bytes(psk);
	if (secret == NULL)
		return diag(d, "NSS could not hold the pre-shared key");
	bool ok = shared_key_auth(prf, secret, o, out, out_len, d);
	PK11_FreeSymKey(secret);
	ldbg(DBG_CRYPT, "PSK AUTH with %s (%zu bytes)", prf->fqn, ok ? *out_len : 0);
	return ok;
}

bool ikev2_null_auth(const struct ike_alg *prf, const struct auth_signed_octets *o,
		     uint8_t out[PRF_MAX_SIZE], size_t *out_len, struct diag *d)
{
	bool ok = shared_key_auth(prf, o->sk_p, o, out, out_len, d);
	ldbg(DBG_CRYPT, "NULL AUTH with %s (%zu bytes)", prf->fqn, ok ? *out_len : 0);
	return ok;
}

static bool compare(const uint8_t *expected, size_t len, struct bytes received, struct diag *d)
{
	if (received.len != len)
		return diag(d, "AUTH data is %zu bytes; the negotiated PRF gives %zu",
			    received.len, len);
	if (!bytes_equal_ct(BYTES(expected, len), received))
		return diag(d, "AUTH mismatch: the peer's AUTH does not match the computed value");
	return true;
}

bool ikev2_psk_auth_verify(const struct ike_alg *prf, struct bytes psk,
			   const struct auth_signed_octets *o, struct bytes received,
			   struct diag *d)
{
	uint8_t expected[PRF_MAX_SIZE];
	size_t len;
	bool ok = ikev2_psk_auth(prf, psk, o, expected, &len, d) &&
		  compare(expected, len, received, d);
	secure_zero(expected, sizeof(expected));
	return ok;
}

bool ikev2_null_auth_verify(const struct ike_alg *prf, const struct auth_signed_octets *o,
			    struct bytes received, struct diag *d)
{
	uint8_t expected[PRF_MAX_SIZE];
	size_t len;
	bool ok = ikev2_null_auth(prf, o, expected, &len, d) &&
		  compare(expected, len, received, d);
	secure_zero(expected, sizeof(expected));
	return ok;
}
