/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one table of algorithms xswan speaks: for each transform, its IANA
 * type and id (RFC 7296 §3.3.2, IANA "IKEv2 Transform Type N" registries),
 * the NSS mechanism that computes it, the Linux XFRM algorithm name the
 * kernel wants for ESP, the keywords Libreswan's ike=/esp= syntax accepts,
 * and the sizes every other module needs (key, salt, IV, ICV, block).
 *
 * Nothing here needs NSS headers: mechanisms are stored as the plain
 * unsigned long that CK_MECHANISM_TYPE is, so the config parser can use
 * the table without linking NSS.
 */
#ifndef XSWAN_IKE_ALG_H
#define XSWAN_IKE_ALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 7296 §3.3.2 transform types. */
enum ike_trans_type {
	TRANS_ENCR = 1,
	TRANS_PRF = 2,
	TRANS_INTEG = 3,
	TRANS_DH = 4,
	TRANS_ESN = 5,
};
#define TRANS_TYPE_ROOF 6	/* arrays indexed by type use [1..5] */

/* IANA ids we implement (and the few "none" values the protocol uses). */
enum {
	IKEv2_ENCR_AES_CBC = 12,
	IKEv2_ENCR_AES_GCM_16 = 20,
	IKEv2_ENCR_CHACHA20_POLY1305 = 28,

	IKEv2_PRF_HMAC_SHA2_256 = 5,
	IKEv2_PRF_HMAC_SHA2_384 = 6,
	IKEv2_PRF_HMAC_SHA2_512 = 7,

	IKEv2_INTEG_NONE = 0,
	IKEv2_INTEG_HMAC_SHA2_256_128 = 12,
	IKEv2_INTEG_HMAC_SHA2_384_192 = 13,
	IKEv2_INTEG_HMAC_SHA2_512_256 = 14,

	IKEv2_DH_NONE = 0,
	IKEv2_DH_MODP2048 = 14,
	IKEv2_DH_ECP_256 = 19,
	IKEv2_DH_ECP_384 = 20,
	IKEv2_DH_ECP_521 = 21,
	IKEv2_DH_CURVE25519 = 31,

	IKEv2_ESN_NO = 0,
	IKEv2_ESN_YES = 1,
};

/* Transform attribute: Key Length (RFC 7296 §3.3.5), always TV format. */
#define IKEv2_ATTR_KEY_LENGTH 14

/* How a DH group computes (which code in dh.c). */
enum dh_kind {
	DH_MODP = 1,
	DH_ECP,		/* NIST curve, wire x||y (RFC 5903 §7) */
	DH_X25519,	/* RFC 8031: raw 32-byte u-coordinate */
};

struct ike_alg {
	enum ike_trans_type type;
	uint16_t id;			/* IANA transform id */
	const char *fqn;		/* Libreswan's display name, e.g. "AES_GCM_16" */
	/* Keywords Libreswan's ike=/esp= parser accepts, lower case. */
	const char *names[6];
	bool ike;			/* allowed in ike= / IKE SA proposals */
	bool esp;			/* allowed in esp= / Child SA proposals */
	/*
	 * NSS: the cipher (encr), the HMAC (prf, integ) or the key
	 * generation mechanism (dh).  A CK_MECHANISM_TYPE.
	 */
	unsigned long nss_mech;

	/* TRANS_ENCR */
	bool aead;
	unsigned key_bits[3];		/* valid key lengths, descending, 0-terminated */
	unsigned default_key_bits;	/* Libreswan keydeflen */
	bool keylen_attr;		/* proposals carry a Key Length attribute */
	size_t salt_size;		/* bytes of KEYMAT after the key (AEAD) */
	size_t wire_iv_size;		/* IV in each message */
	size_t block_size;		/* padding unit inside SK: the cipher block for CBC,
					 * 1 for AEAD (RFC 5282 §3, RFC 7634 §3: no alignment) */
	size_t icv_size;		/* AEAD tag (encr) or truncated MAC (integ) */

	/* TRANS_PRF and TRANS_INTEG */
	size_t hash_size;		/* HMAC output (PRF output = preferred key size) */
	size_t integ_key_size;		/* integ: key bytes from KEYMAT */
	const struct ike_alg *prf_integ;	/* prf: integ of the same hash */

	/* ESP in the kernel: XFRM algorithm name and ICV/trunc length in bits. */
	const char *xfrm_name;
	unsigned xfrm_icv_bits;

	/* TRANS_DH */
	enum dh_kind dh_kind;
	size_t ke_size;			/* bytes in the KE payload's data */
	int nss_curve_oid;		/* SECOidTag for ECP and X25519 */
};

/* Every algorithm, in Libreswan's preference order within each type. */
extern const struct ike_alg ike_algs[];
extern const size_t ike_algs_count;

/* Lookups: NULL when unknown to xswan. */
const struct ike_alg *ike_alg_by_id(enum ike_trans_type type, unsigned id);
/* NAME is a keyword (case-insensitive), N bytes long (need not be NUL-ended). */
const struct ike_alg *ike_alg_by_name(enum ike_trans_type type, const char *name, size_t n);
bool ike_alg_key_bits_ok(const struct ike_alg *encr, unsigned key_bits);
const char *ike_trans_type_name(enum ike_trans_type type);

#endif
