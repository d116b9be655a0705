/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The algorithm table.  Facts and where they come from:
 * - ids: IANA IKEv2 registries (RFC 7296, RFC 4868, RFC 5282, RFC 7634,
 *   RFC 5903, RFC 8031);
 * - keywords and display names: what Libreswan 4.10's `ipsec algparse`
 *   accepts and prints (checked by running it);
 * - XFRM names and ICV lengths: the Linux crypto API names the xfrm
 *   algorithm tables use (net/xfrm/xfrm_algo.c);
 * - salts: 4 bytes for AES-GCM (RFC 4106 §8.1, RFC 5282 §7.1) and for
 *   ChaCha20-Poly1305 (RFC 7634 §2, §4).
 */
#include <string.h>
#include <strings.h>

#include <pkcs11t.h>
#include <secoidt.h>

#include "ike_alg.h"

#define ENCR_AES_KEYS { 256, 128, 0 }

const struct ike_alg ike_algs[] = {
	/* Encryption, Libreswan's preference order. */
	{
		.type = TRANS_ENCR, .id = IKEv2_ENCR_AES_GCM_16,
		.fqn = "AES_GCM_16",
		.names = { "aes_gcm", "aes_gcm_16", "aes_gcm_c" },
		.ike = true, .esp = true,
		.nss_mech = CKM_AES_GCM,
		.aead = true, .key_bits = ENCR_AES_KEYS, .default_key_bits = 128,
		.keylen_attr = true, .salt_size = 4, .wire_iv_size = 8,
		.block_size = 1, .icv_size = 16,
		.xfrm_name = "rfc4106(gcm(aes))", .xfrm_icv_bits = 128,
	},
	{
		.type = TRANS_ENCR, .id = IKEv2_ENCR_AES_CBC,
		.fqn = "AES_CBC",
		.names = { "aes", "aes_cbc" },
		.ike = true, .esp = true,
		.nss_mech = CKM_AES_CBC,
		.aead = false, .key_bits = ENCR_AES_KEYS, .default_key_bits = 128,
		.keylen_attr = true, .salt_size = 0, .wire_iv_size = 16,
		.block_size = 16, .icv_size = 0,
		.xfrm_name = "cbc(aes)",
	},
	{
		.type = TRANS_ENCR, .id = IKEv2_ENCR_CHACHA20_POLY1305,
		.fqn = "CHACHA20_POLY1305",
		.names = { "chacha20_poly1305", "chacha20poly1305" },
		.ike = true, .esp = true,
		.nss_mech = CKM_CHACHA20_POLY1305,
		/* RFC 7634 §2: fixed 256-bit key, no Key Length attribute. */
		.aead = true, .key_bits = { 256, 0 }, .default_key_bits = 256,
		.keylen_attr = false, .salt_size = 4, .wire_iv_size = 8,
		.block_size = 1, .icv_size = 16,
		.xfrm_name = "rfc7539esp(chacha20,poly1305)", .xfrm_icv_bits = 128,
	},

	/* PRF: only IKE negotiates one. */
	{
		.type = TRANS_PRF, .id = IKEv2_PRF_HMAC_SHA2_512,
		.fqn = "HMAC_SHA2_512",
		.names = { "sha2_512", "sha512", "hmac_sha2_512" },
		.ike = true, .nss_mech = CKM_SHA512_HMAC, .hash_size = 64,
		.prf_integ = &ike_algs[7],
	},
	{
		.type = TRANS_PRF, .id = IKEv2_PRF_HMAC_SHA2_384,
		.fqn = "HMAC_SHA2_384",
		.names = { "sha2_384", "sha384", "hmac_sha2_384" },
		.ike = true, .nss_mech = CKM_SHA384_HMAC, .hash_size = 48,
		.prf_integ = &ike_algs[8],
	},
	{
		.type = TRANS_PRF, .id = IKEv2_PRF_HMAC_SHA2_256,
		.fqn = "HMAC_SHA2_256",
		.names = { "sha2_256", "sha2", "sha256", "hmac_sha2_256" },
		.ike = true, .nss_mech = CKM_SHA256_HMAC, .hash_size = 32,
		.prf_integ = &ike_algs[9],
	},

	/* Integrity (RFC 4868): "none" is what AEAD proposals carry. */
	{
		.type = TRANS_INTEG, .id = IKEv2_INTEG_NONE,
		.fqn = "NONE",
		.names = { "none", "null" },
		.ike = true, .esp = true,
	},
	[7] = {
		.type = TRANS_INTEG, .id = IKEv2_INTEG_HMAC_SHA2_512_256,
		.fqn = "HMAC_SHA2_512_256",
		.names = { "sha2_512_256", "hmac_sha2_512_256", "sha2_512", "sha512", "hmac_sha2_512" },
		.ike = true, .esp = true, .nss_mech = CKM_SHA512_HMAC,
		.hash_size = 64, .integ_key_size = 64, .icv_size = 32,
		.xfrm_name = "hmac(sha512)", .xfrm_icv_bits = 256,
	},
	[8] = {
		.type = TRANS_INTEG, .id = IKEv2_INTEG_HMAC_SHA2_384_192,
		.fqn = "HMAC_SHA2_384_192",
		.names = { "sha2_384_192", "hmac_sha2_384_192", "sha2_384", "sha384", "hmac_sha2_384" },
		.ike = true, .esp = true, .nss_mech = CKM_SHA384_HMAC,
		.hash_size = 48, .integ_key_size = 48, .icv_size = 24,
		.xfrm_name = "hmac(sha384)", .xfrm_icv_bits = 192,
	},
	[9] = {
		.type = TRANS_INTEG, .id = IKEv2_INTEG_HMAC_SHA2_256_128,
		.fqn = "HMAC_SHA2_256_128",
		.names = { "sha2_256_128", "hmac_sha2_256_128", "sha2", "sha2_256", "sha256", "hmac_sha2_256" },
		.ike = true, .esp = true, .nss_mech = CKM_SHA256_HMAC,
		.hash_size = 32, .integ_key_size = 32, .icv_size = 16,
		.xfrm_name = "hmac(sha256)", .xfrm_icv_bits = 128,
	},

	/* Key exchange, Libreswan's default order (MODP first). */
	{
		.type = TRANS_DH, .id = IKEv2_DH_MODP2048,
		.fqn = "MODP2048",
		.names = { "modp2048", "dh14" },
		.ike = true, .esp = true, .nss_mech = CKM_DH_PKCS_KEY_PAIR_GEN,
		.dh_kind = DH_MODP, .ke_size = 256,
	},
	{
		.type = TRANS_DH, .id = IKEv2_DH_ECP_256,
		.fqn = "DH19",
		.names = { "dh19", "ecp_256", "ecp256" },
		.ike = true, .esp = true, .nss_mech = CKM_EC_KEY_PAIR_GEN,
		.dh_kind = DH_ECP, .ke_size = 64,
		.nss_curve_oid = SEC_OID_ANSIX962_EC_PRIME256V1,
	},
	{
		.type = TRANS_DH, .id = IKEv2_DH_ECP_384,
		.fqn = "DH20",
		.names = { "dh20", "ecp_384", "ecp384" },
		.ike = true, .esp = true, .nss_mech = CKM_EC_KEY_PAIR_GEN,
		.dh_kind = DH_ECP, .ke_size = 96,
		.nss_curve_oid = SEC_OID_SECG_EC_SECP384R1,
	},
	{
		.type = TRANS_DH, .id = IKEv2_DH_ECP_521,
		.fqn = "DH21",
		.names = { "dh21", "ecp_521", "ecp521" },
		.ike = true, .esp = true, .nss_mech = CKM_EC_KEY_PAIR_GEN,
		/* RFC 5903 §7: each coordinate is ceil(521/8) = 66 bytes. */
		.dh_kind = DH_ECP, .ke_size = 132,
		.nss_curve_oid = SEC_OID_SECG_EC_SECP521R1,
	},
	{
		.type = TRANS_DH, .id = IKEv2_DH_CURVE25519,
		.fqn = "DH31",
		.names = { "dh31", "curve25519" },
		.ike = true, .esp = true, .nss_mech = CKM_EC_KEY_PAIR_GEN,
		.dh_kind = DH_X25519, .ke_size = 32,
		.nss_curve_oid = SEC_OID_CURVE25519,
	},
	/* esp=...-none: explicitly no PFS group. */
	{
		.type = TRANS_DH, .id = IKEv2_DH_NONE,
		.fqn = "NONE",
		.names = { "none" },
		.esp = true,
	},

	/* ESN is never spelt in esp=; esn= picks these. */
	{ .type = TRANS_ESN, .id = IKEv2_ESN_YES, .fqn = "ESN", .esp = true },
	{ .type = TRANS_ESN, .id = IKEv2_ESN_NO, .fqn = "NO_ESN", .esp = true },
};

const size_t ike_algs_count = sizeof(ike_algs) / sizeof(ike_algs[0]);

const struct ike_alg *ike_alg_by_id(enum ike_trans_type type, unsigned id)
{
	for (size_t i = 0; i < ike_algs_count; i++) {
		if (ike_algs[i].type == type && ike_algs[i].id == id)
			return &ike_algs[i];
	}
	return NULL;
}

const struct ike_alg *ike_alg_by_name(enum ike_trans_type type, const char *name, size_t n)
{
	for (size_t i = 0; i < ike_algs_count; i++) {
		const struct ike_alg *a = &ike_algs[i];

		if (a->type != type)
			continue;
		for (size_t k = 0; k < sizeof(a->names) / sizeof(a->names[0]) && a->names[k] != NULL; k++) {
			if (strlen(a->names[k]) == n && strncasecmp(a->names[k], name, n) == 0)
				return a;
		}
	}
	return NULL;
}

bool ike_alg_key_bits_ok(const struct ike_alg *encr, unsigned key_bits)
{
	for (size_t i = 0; i < sizeof(encr->key_bits) / sizeof(encr->key_bits[0]) &&
			   encr->key_bits[i] != 0; i++) {
		if (encr->key_bits[i] == key_bits)
			return true;
	}
	return false;
}

const char *ike_trans_type_name(enum ike_trans_type type)
{
	switch (type) {
	case TRANS_ENCR: return "ENCR";
	case TRANS_PRF: return "PRF";
	case TRANS_INTEG: return "INTEG";
	case TRANS_DH: return "DH";
	case TRANS_ESN: return "ESN";
	}
	return "UNKNOWN";
}
