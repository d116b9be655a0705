/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <pk11pub.h>
#include <secoidt.h>

#include "hash.h"

static bool digest(SECOidTag alg, const struct bytes *parts, size_t nparts,
		   uint8_t *out, unsigned size)
{
	PK11Context *ctx = PK11_CreateDigestContext(alg);
	if (ctx == NULL)
		return false;
	bool ok = PK11_DigestBegin(ctx) == SECSuccess;
	for (size_t i = 0; ok && i < nparts; i++) {
		if (parts[i].len > 0)
			ok = PK11_DigestOp(ctx, parts[i].ptr, (unsigned)parts[i].len) == SECSuccess;
	}
	unsigned len = 0;
	ok = ok && PK11_DigestFinal(ctx, out, &len, size) == SECSuccess && len == size;
	PK11_DestroyContext(ctx, PR_TRUE);
	return ok;
}

bool crypto_sha1(const struct bytes *parts, size_t nparts, uint8_t out[SHA1_SIZE])
{
	return digest(SEC_OID_SHA1, parts, nparts, out, SHA1_SIZE);
}

bool crypto_sha256(const struct bytes *parts, size_t nparts, uint8_t out[SHA256_SIZE])
{
	return digest(SEC_OID_SHA256, parts, nparts, out, SHA256_SIZE);
}
