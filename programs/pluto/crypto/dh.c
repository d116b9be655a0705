/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include <keyhi.h>
#include <pk11pub.h>
#include <prerror.h>
#include <secoid.h>

#include "dh.h"
#include "log.h"
#include "symkey.h"

/* RFC 3526 §3: the 2048-bit MODP group's prime; the generator is 2. */
const uint8_t dh_modp2048_prime[256] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2,
	0x21, 0x68, 0xc2, 0x34, 0xc4, 0xc6, 0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1,
	0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74, 0x02, 0x0b, 0xbe, 0xa6,
	0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd,
	0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a, 0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d,
	0xf2, 0x5f, 0x14, 0x37, 0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45,
	0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6, 0xf4, 0x4c, 0x42, 0xe9,
	0xa6, 0x37, 0xed, 0x6b, 0x0b, 0xff, 0x5c, 0xb6, 0xf4, 0x06, 0xb7, 0xed,
	0xee, 0x38, 0x6b, 0xfb, 0x5a, 0x89, 0x9f, 0xa5, 0xae, 0x9f, 0x24, 0x11,
	0x7c, 0x4b, 0x1f, 0xe6, 0x49, 0x28, 0x66, 0x51, 0xec, 0xe4, 0x5b, 0x3d,
	0xc2, 0x00, 0x7c, 0xb8, 0xa1, 0x63, 0xbf, 0x05, 0x98, 0xda, 0x48, 0x36,
	0x1c, 0x55, 0xd3, 0x9a, 0x69, 0x16, 0x3f, 0xa8, 0xfd, 0x24, 0xcf, 0x5f,
	0x83, 0x65, 0x5d, 0x23, 0xdc, 0xa3, 0xad, 0x96, 0x1c, 0x62, 0xf3, 0x56,
	0x20, 0x85, 0x52, 0xbb, 0x9e, 0xd5, 0x29, 0x07, 0x70, 0x96, 0x96, 0x6d,
	0x67, 0x0c, 0x35, 0x4e, 0x4a, 0xbc, 0x98, 0x04, 0xf1, 0x74, 0x6c, 0x08,
	0xca, 0x18, 0x21, 0x7c, 0x32, 0x90, 0x5e, 0x46, 0x2e, 0x36, 0xce, 0x3b,
	0xe3, 0x9e, 0x77, 0x2c, 0x18, 0x0e, 0x86, 0x03, 0x9b, 0x27, 0x83, 0xa2,
	0xec, 0x07, 0xa2, 0x8f, 0xb5, 0xc5, 0x5d, 0xf0, 0x6f, 0x4c, 0x52, 0xc9,
	0xde, 0x2b, 0xcb, 0xf6, 0x95, 0x58, 0x17, 0x18, 0x39, 0x95, 0x49, 0x7c,
	0xea, 0x95, 0x6a, 0xe5, 0x15, 0xd2, 0x26, 0x18, 0x98, 0xfa, 0x05, 0x10,
	0x15, 0x72, 0x8e, 0x5a, 0x8a, 0xac, 0xaa, 0x68, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff,
};

static const uint8_t modp_generator[] = { 2 };

/*
 * NSS wants EC domain parameters as the DER encoding of the named
 * curve's OID.  BUF must hold 2 + the OID length (at most 16).
 */
static bool curve_params(const struct ike_alg *group, uint8_t buf[18], SECItem *params)
{
	SECOidData *oid = SECOID_FindOIDByTag((SECOidTag)group->nss_curve_oid);
	if (oid == NULL || oid->oid.len > 16)
		return false;
	buf[0] = 0x06;	/* OBJECT IDENTIFIER */
	buf[1] = (uint8_t)oid->oid.len;
	memcpy(buf + 2, oid->oid.data, oid->oid.len);
	*params = (SECItem){ .type = siBuffer, .data = buf, .len = 2 + oid->oid.len };
	return true;
}

/* Our public value (NSS form) to the KE payload's form. */
static bool public_to_wire(const struct ike_alg *group, const SECItem *value,
			   uint8_t *out, size_t *out_len)
{
	switch (group->dh_kind) {
	case DH_MODP:
		/* Big-endian, left-padded to the modulus length. */
		if (value->len > group->ke_size)
			return false;
		memset(out, 0, group->ke_size - value->len);
		memcpy(out + group->ke_size - value->len, value->data, value->len);
		break;
	case DH_ECP:
		/* NSS: 0x04 || x || y; the wire drops the 0x04 (RFC 5903 §7). */
		if (value->len != group->ke_size + 1 || value->data[0] != 0x04)
			return false;
		memcpy(out, value->data + 1, group->ke_size);
		break;
	case DH_X25519:
		if (value->len != group->ke_size)
			return false;
		memcpy(out, value->data, group->ke_size);
		break;
	default:
		return false;
	}
	*out_len = group->ke_size;
	return true;
}

bool dh_local_new(const struct ike_alg *group, struct dh_local *local, struct diag *d)
{
	memset(local, 0, sizeof(*local));
	if (group == NULL || group->type != TRANS_DH || group->dh_kind == 0)
		return diag(d, "no key exchange method to generate a key for");

	PK11SlotInfo *slot = PK11_GetInternalSlot();
	if (slot == NULL)
		return diag(d, "NSS has no internal slot");

	SECKEYPublicKey *pub = NULL;
	SECKEYPrivateKey *priv = NULL;
	uint8_t oid_buf[18];
	SECItem ec_params;
	SECKEYDHParams dh_params = {
		.prime = { .type = siBuffer, .data = (unsigned char *)dh_modp2048_prime,
			   .len = sizeof(dh_modp2048_prime) },
		.base = { .type = siBuffer, .data = (unsigned char *)modp_generator,
			  .len = sizeof(modp_generator) },
	};
	void *params = &dh_params;
	if (group->dh_kind != DH_MODP) {
		if (!curve_params(group, oid_buf, &ec_params)) {
			PK11_FreeSlot(slot);
			return diag(d, "NSS does not know the curve of %s", group->fqn);
		}
		params = &ec_params;
	}
	priv = PK11_GenerateKeyPair(slot, group->nss_mech, params, &pub,
				    PR_FALSE /* session */, PR_TRUE /* sensitive */, NULL);
	PK11_FreeSlot(slot);
	if (priv == NULL)
		return diag(d, "NSS could not generate a %s key pair (NSS error %d)",
			    group->fqn, PR_GetError());

	const SECItem *value = group->dh_kind == DH_MODP ? &pub->u.dh.publicValue
							 : &pub->u.ec.publicValue;
	bool ok = public_to_wire(group, value, local->ke, &local->ke_len);
	SECKEY_DestroyPublicKey(pub);
	if (!ok) {
		SECKEY_DestroyPrivateKey(priv);
		return diag(d, "NSS returned a %s public value of unexpected form", group->fqn);
	}
	local->group = group;
	local->priv = priv;
	ldbg(DBG_CRYPT, "generated a %s key pair; KE data %zu bytes", group->fqn, local->ke_len);
	return true;
}

bool dh_local_adopt(const struct ike_alg *group, SECKEYPrivateKey *priv,
		    struct bytes ke, struct dh_local *local, struct diag *d)
{
	memset(local, 0, sizeof(*local));
	if (group == NULL || group->type != TRANS_DH || ke.len != group->ke_size)
		return diag(d, "public value does not fit the group");
	memcpy(local->ke, ke.ptr, ke.len);
	local->ke_len = ke.len;
	local->group = group;
	local->priv = priv;
	return true;
}

void dh_local_drop_private(struct dh_local *local)
{
	if (local->priv != NULL)
		SECKEY_DestroyPrivateKey(local->priv);
	local->priv = NULL;
}

void dh_local_free(struct dh_local *local)
{
	if (local->priv != NULL)
		SECKEY_DestroyPrivateKey(local->priv);
	memset(local, 0, sizeof(*local));
}

/* MODP peer value y must satisfy 1 < y < p - 1 (RFC 2631 §2.1.5 style check;
 * y = 0, 1 and p - 1 give a secret an attacker knows). */
static bool modp_value_in_range(struct bytes y)
{
	/* y > 1: some byte before the last is non-zero, or the last is > 1. */
	bool gt1 = false;
	for (size_t i = 0; i + 1 < y.len; i++)
		gt1 |= y.ptr[i] != 0;
	gt1 |= y.ptr[y.len - 1] > 1;
	if (!gt1)
		return false;
	/* y < p - 1: compare big-endian with p - 1 (p is odd, so p - 1 only
	 * changes the last byte). */
	for (size_t i = 0; i < y.len; i++) {
		uint8_t pm1 = dh_modp2048_prime[i] - (i == y.len - 1 ? 1 : 0);
		if (y.ptr[i] != pm1)
			return y.ptr[i] < pm1;
	}
	return false;	/* equal to p - 1 */
}

static PK11SymKey *derive(const struct dh_local *local, SECKEYPublicKey *peer,
			  CK_MECHANISM_TYPE mech)
{
	return PK11_PubDeriveWithKDF(local->priv, peer, PR_FALSE, NULL, NULL, mech,
				     CKM_GENERIC_SECRET_KEY_GEN, CKA_DERIVE, 0,
				     CKD_NULL, NULL, NULL);
}

PK11SymKey *dh_shared_secret(const struct dh_local *local, struct bytes peer_ke,
			     struct diag *d)
{
	const struct ike_alg *group = local->group;

	if (group == NULL || local->priv == NULL) {
		diag(d, "no local key exchange in progress");
		return NULL;
	}
	if (peer_ke.len != group->ke_size) {
		diag(d, "%s public value is %zu bytes; expected %zu", group->fqn,
		     peer_ke.len, group->ke_size);
		return NULL;
	}

	SECKEYPublicKey peer = {
		.keyType = group->dh_kind == DH_MODP ? dhKey : ecKey,
		.pkcs11ID = CK_INVALID_HANDLE,
	};
	uint8_t point[1 + DH_MAX_KE_SIZE];
	uint8_t oid_buf[18];
	CK_MECHANISM_TYPE mech;
	if (group->dh_kind == DH_MODP) {
		if (!modp_value_in_range(peer_ke)) {
			diag(d, "%s public value is out of range (must be 1 < y < p-1)", group->fqn);
			return NULL;
		}
		peer.u.dh.prime = (SECItem){ siBuffer, (unsigned char *)dh_modp2048_prime,
					     sizeof(dh_modp2048_prime) };
		peer.u.dh.base = (SECItem){ siBuffer, (unsigned char *)modp_generator,
					    sizeof(modp_generator) };
		peer.u.dh.publicValue = (SECItem){ siBuffer, (unsigned char *)peer_ke.ptr,
						   (unsigned)peer_ke.len };
		mech = CKM_DH_PKCS_DERIVE;
	} else {
		if (!curve_params(group, oid_buf, &peer.u.ec.DEREncodedParams)) {
			diag(d, "NSS does not know the curve of %s", group->fqn);
			return NULL;
		}
		size_t n = 0;
		if (group->dh_kind == DH_ECP) {
			point[n++] = 0x04;	/* uncompressed, as NSS wants it */
			peer.u.ec.encoding = ECPoint_Uncompressed;
		} else {
			peer.u.ec.encoding = ECPoint_XOnly;
		}
		memcpy(point + n, peer_ke.ptr, peer_ke.len);
		n += peer_ke.len;
		peer.u.ec.publicValue = (SECItem){ siBuffer, point, (unsigned)n };
		peer.u.ec.size = group->dh_kind == DH_X25519 ? 255 : 0;
		mech = CKM_ECDH1_DERIVE;
	}

	PK11SymKey *secret = derive(local, &peer, mech);
	if (secret == NULL) {
		/* NSS validates EC points (on the curve) before deriving. */
		diag(d, "%s public value rejected by NSS (NSS error %d)", group->fqn, PR_GetError());
		return NULL;
	}

	size_t want = group->dh_kind == DH_ECP ? group->ke_size / 2 : group->ke_size;
	size_t have = symkey_len(secret);
	if (have < want && group->dh_kind == DH_MODP) {
		/* NSS drops leading zero bytes of g^ir; §2.14 keeps them. */
		static const uint8_t zeros[DH_MAX_KE_SIZE];
		PK11SymKey *padded = symkey_prepend_bytes(secret, BYTES(zeros, want - have));
		PK11_FreeSymKey(secret);
		secret = padded;
		if (secret == NULL) {
			diag(d, "NSS could not pad the %s shared secret", group->fqn);
			return NULL;
		}
		have = symkey_len(secret);
	}
	if (have != want) {
		PK11_FreeSymKey(secret);
		diag(d, "%s shared secret is %zu bytes; expected %zu", group->fqn, have, want);
		return NULL;
	}

	if (group->dh_kind == DH_X25519) {
		/* RFC 8031 §2.3: an all-zero result means a low-order peer point. */
		uint8_t value[32];
		struct diag ignore;
		bool ok = symkey_extract(secret, 0, sizeof(value), value, sizeof(value), &ignore);
		uint8_t acc = 0;
		for (size_t i = 0; i < sizeof(value); i++)
			acc |= value[i];
		secure_zero(value, sizeof(value));
		if (!ok || acc == 0) {
			PK11_FreeSymKey(secret);
			diag(d, "%s public value is a low-order point (all-zero shared secret)",
			     group->fqn);
			return NULL;
		}
	}
	ldbg(DBG_CRYPT, "%s shared secret computed (%zu bytes)", group->fqn, have);
	return secret;
}
