/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names for the IKEv2 constants in ikev2_wire.h, for log lines.
 * Each table is sorted by value (binary search; a unit test checks).
 */
#include "ikev2_wire.h"

#define NAMES(var, what_, ...) \
	static const struct enum_name var##_rows[] = { __VA_ARGS__ }; \
	const struct enum_names var = { \
		.what = what_, .names = var##_rows, \
		.count = sizeof(var##_rows) / sizeof(var##_rows[0]), \
	}

#define N(prefix, name) { prefix##name, #name }

NAMES(ikev2_exchange_names, "exchange type",
	N(IKEV2_EXCH_, IKE_SA_INIT),
	N(IKEV2_EXCH_, IKE_AUTH),
	N(IKEV2_EXCH_, CREATE_CHILD_SA),
	N(IKEV2_EXCH_, INFORMATIONAL),
	N(IKEV2_EXCH_, IKE_SESSION_RESUME),
	N(IKEV2_EXCH_, IKE_INTERMEDIATE),
	N(IKEV2_EXCH_, IKE_FOLLOWUP_KE),
);

NAMES(ikev2_hdr_flag_names, "header flag",
	N(IKEV2_FLAG_, INITIATOR),
	N(IKEV2_FLAG_, VERSION),
	N(IKEV2_FLAG_, RESPONSE),
);

NAMES(ikev2_payload_names, "payload type",
	N(IKEV2_NP_, NONE),
	N(IKEV2_NP_, SA),
	N(IKEV2_NP_, KE),
	N(IKEV2_NP_, IDi),
	N(IKEV2_NP_, IDr),
	N(IKEV2_NP_, CERT),
	N(IKEV2_NP_, CERTREQ),
	N(IKEV2_NP_, AUTH),
	N(IKEV2_NP_, NONCE),
	N(IKEV2_NP_, N),
	N(IKEV2_NP_, D),
	N(IKEV2_NP_, V),
	N(IKEV2_NP_, TSi),
	N(IKEV2_NP_, TSr),
	N(IKEV2_NP_, SK),
	N(IKEV2_NP_, CP),
	N(IKEV2_NP_, EAP),
	N(IKEV2_NP_, GSPM),
	N(IKEV2_NP_, SKF),
);

NAMES(ikev2_notify_names, "notify type",
	N(IKEV2_N_, UNSUPPORTED_CRITICAL_PAYLOAD),
	N(IKEV2_N_, INVALID_IKE_SPI),
	N(IKEV2_N_, INVALID_MAJOR_VERSION),
	N(IKEV2_N_, INVALID_SYNTAX),
	N(IKEV2_N_, INVALID_MESSAGE_ID),
	N(IKEV2_N_, INVALID_SPI),
	N(IKEV2_N_, NO_PROPOSAL_CHOSEN),
	N(IKEV2_N_, INVALID_KE_PAYLOAD),
	N(IKEV2_N_, AUTHENTICATION_FAILED),
	N(IKEV2_N_, SINGLE_PAIR_REQUIRED),
	N(IKEV2_N_, NO_ADDITIONAL_SAS),
	N(IKEV2_N_, INTERNAL_ADDRESS_FAILURE),
	N(IKEV2_N_, FAILED_CP_REQUIRED),
	N(IKEV2_N_, TS_UNACCEPTABLE),
	N(IKEV2_N_, INVALID_SELECTORS),
	N(IKEV2_N_, UNACCEPTABLE_ADDRESSES),
	N(IKEV2_N_, UNEXPECTED_NAT_DETECTED),
	N(IKEV2_N_, TEMPORARY_FAILURE),
	N(IKEV2_N_, CHILD_SA_NOT_FOUND),
	N(IKEV2_N_, INITIAL_CONTACT),
	N(IKEV2_N_, SET_WINDOW_SIZE),
	N(IKEV2_N_, ADDITIONAL_TS_POSSIBLE),
	N(IKEV2_N_, IPCOMP_SUPPORTED),
	N(IKEV2_N_, NAT_DETECTION_SOURCE_IP),
	N(IKEV2_N_, NAT_DETECTION_DESTINATION_IP),
	N(IKEV2_N_, COOKIE),
	N(IKEV2_N_, USE_TRANSPORT_MODE),
	N(IKEV2_N_, HTTP_CERT_LOOKUP_SUPPORTED),
	N(IKEV2_N_, REKEY_SA),
	N(IKEV2_N_, ESP_TFC_PADDING_NOT_SUPPORTED),
	N(IKEV2_N_, NON_FIRST_FRAGMENTS_ALSO),
	N(IKEV2_N_, MOBIKE_SUPPORTED),
	N(IKEV2_N_, ADDITIONAL_IP4_ADDRESS),
	N(IKEV2_N_, ADDITIONAL_IP6_ADDRESS),
	N(IKEV2_N_, NO_ADDITIONAL_ADDRESSES),
	N(IKEV2_N_, UPDATE_SA_ADDRESSES),
	N(IKEV2_N_, COOKIE2),
	N(IKEV2_N_, NO_NATS_ALLOWED),
	N(IKEV2_N_, AUTH_LIFETIME),
	N(IKEV2_N_, MULTIPLE_AUTH_SUPPORTED),
	N(IKEV2_N_, ANOTHER_AUTH_FOLLOWS),
	N(IKEV2_N_, REDIRECT_SUPPORTED),
	N(IKEV2_N_, REDIRECT),
	N(IKEV2_N_, REDIRECTED_FROM),
	N(IKEV2_N_, EAP_ONLY_AUTHENTICATION),
	N(IKEV2_N_, CHILDLESS_IKEV2_SUPPORTED),
	N(IKEV2_N_, IKEV2_FRAGMENTATION_SUPPORTED),
	N(IKEV2_N_, SIGNATURE_HASH_ALGORITHMS),
	N(IKEV2_N_, USE_PPK),
	N(IKEV2_N_, PPK_IDENTITY),
	N(IKEV2_N_, NO_PPK_AUTH),
	N(IKEV2_N_, INTERMEDIATE_EXCHANGE_SUPPORTED),
);

NAMES(ikev2_transform_type_names, "transform type",
	N(IKEV2_TRANS_, ENCR),
	N(IKEV2_TRANS_, PRF),
	N(IKEV2_TRANS_, INTEG),
	N(IKEV2_TRANS_, KE),
	N(IKEV2_TRANS_, ESN),
);

NAMES(ikev2_encr_names, "encryption algorithm",
	N(IKEV2_ENCR_, DES_IV64),
	N(IKEV2_ENCR_, DES),
	N(IKEV2_ENCR_, 3DES),
	N(IKEV2_ENCR_, RC5),
	N(IKEV2_ENCR_, IDEA),
	N(IKEV2_ENCR_, CAST),
	N(IKEV2_ENCR_, BLOWFISH),
	N(IKEV2_ENCR_, 3IDEA),
	N(IKEV2_ENCR_, DES_IV32),
	N(IKEV2_ENCR_, NULL),
	N(IKEV2_ENCR_, AES_CBC),
	N(IKEV2_ENCR_, AES_CTR),
	N(IKEV2_ENCR_, AES_CCM_8),
	N(IKEV2_ENCR_, AES_CCM_12),
	N(IKEV2_ENCR_, AES_CCM_16),
	N(IKEV2_ENCR_, AES_GCM_8),
	N(IKEV2_ENCR_, AES_GCM_12),
	N(IKEV2_ENCR_, AES_GCM_16),
	N(IKEV2_ENCR_, NULL_AUTH_AES_GMAC),
	N(IKEV2_ENCR_, CAMELLIA_CBC),
	N(IKEV2_ENCR_, CAMELLIA_CTR),
	N(IKEV2_ENCR_, CAMELLIA_CCM_8),
	N(IKEV2_ENCR_, CAMELLIA_CCM_12),
	N(IKEV2_ENCR_, CAMELLIA_CCM_16),
	N(IKEV2_ENCR_, CHACHA20_POLY1305),
);

NAMES(ikev2_prf_names, "PRF",
	N(IKEV2_PRF_, HMAC_MD5),
	N(IKEV2_PRF_, HMAC_SHA1),
	N(IKEV2_PRF_, HMAC_TIGER),
	N(IKEV2_PRF_, AES128_XCBC),
	N(IKEV2_PRF_, HMAC_SHA2_256),
	N(IKEV2_PRF_, HMAC_SHA2_384),
	N(IKEV2_PRF_, HMAC_SHA2_512),
	N(IKEV2_PRF_, AES128_CMAC),
);

NAMES(ikev2_integ_names, "integrity algorithm",
	N(IKEV2_INTEG_, NONE),
	N(IKEV2_INTEG_, HMAC_MD5_96),
	N(IKEV2_INTEG_, HMAC_SHA1_96),
	N(IKEV2_INTEG_, DES_MAC),
	N(IKEV2_INTEG_, KPDK_MD5),
	N(IKEV2_INTEG_, AES_XCBC_96),
	N(IKEV2_INTEG_, HMAC_MD5_128),
	N(IKEV2_INTEG_, HMAC_SHA1_160),
	N(IKEV2_INTEG_, AES_CMAC_96),
	N(IKEV2_INTEG_, AES_128_GMAC),
	N(IKEV2_INTEG_, AES_192_GMAC),
	N(IKEV2_INTEG_, AES_256_GMAC),
	N(IKEV2_INTEG_, HMAC_SHA2_256_128),
	N(IKEV2_INTEG_, HMAC_SHA2_384_192),
	N(IKEV2_INTEG_, HMAC_SHA2_512_256),
);

NAMES(ikev2_ke_names, "key exchange method",
	N(IKEV2_KE_, NONE),
	N(IKEV2_KE_, MODP768),
	N(IKEV2_KE_, MODP1024),
	N(IKEV2_KE_, MODP1536),
	N(IKEV2_KE_, MODP2048),
	N(IKEV2_KE_, MODP3072),
	N(IKEV2_KE_, MODP4096),
	N(IKEV2_KE_, MODP6144),
	N(IKEV2_KE_, MODP8192),
	N(IKEV2_KE_, ECP_256),
	N(IKEV2_KE_, ECP_384),
	N(IKEV2_KE_, ECP_521),
	N(IKEV2_KE_, MODP1024_S160),
	N(IKEV2_KE_, MODP2048_S224),
	N(IKEV2_KE_, MODP2048_S256),
	N(IKEV2_KE_, ECP_192),
	N(IKEV2_KE_, ECP_224),
	N(IKEV2_KE_, BRAINPOOL_P224R1),
	N(IKEV2_KE_, BRAINPOOL_P256R1),
	N(IKEV2_KE_, BRAINPOOL_P384R1),
	N(IKEV2_KE_, BRAINPOOL_P512R1),
	N(IKEV2_KE_, CURVE25519),
	N(IKEV2_KE_, CURVE448),
);

NAMES(ikev2_esn_names, "extended sequence numbers",
	N(IKEV2_ESN_, NO),
	N(IKEV2_ESN_, YES),
);

NAMES(ikev2_transform_attr_names, "transform attribute",
	N(IKEV2_ATTR_, KEY_LENGTH),
);

NAMES(ikev2_auth_names, "auth method",
	N(IKEV2_AUTH_, RSA_SIG),
	N(IKEV2_AUTH_, PSK),
	N(IKEV2_AUTH_, DSS_SIG),
	N(IKEV2_AUTH_, ECDSA_SHA256_P256),
	N(IKEV2_AUTH_, ECDSA_SHA384_P384),
	N(IKEV2_AUTH_, ECDSA_SHA512_P521),
	N(IKEV2_AUTH_, GSPAM),
	N(IKEV2_AUTH_, NULL),
	N(IKEV2_AUTH_, DIGITAL_SIGNATURE),
);

NAMES(ikev2_id_names, "ID type",
	N(IKEV2_ID_, IPV4_ADDR),
	N(IKEV2_ID_, FQDN),
	N(IKEV2_ID_, RFC822_ADDR),
	N(IKEV2_ID_, IPV6_ADDR),
	N(IKEV2_ID_, DER_ASN1_DN),
	N(IKEV2_ID_, DER_ASN1_GN),
	N(IKEV2_ID_, KEY_ID),
	N(IKEV2_ID_, FC_NAME),
	N(IKEV2_ID_, NULL),
);

NAMES(ikev2_cert_names, "certificate encoding",
	N(IKEV2_CERT_, PKCS7_X509),
	N(IKEV2_CERT_, PGP),
	N(IKEV2_CERT_, DNS_SIGNED_KEY),
	N(IKEV2_CERT_, X509_SIGNATURE),
	N(IKEV2_CERT_, KERBEROS_TOKEN),
	N(IKEV2_CERT_, CRL),
	N(IKEV2_CERT_, ARL),
	N(IKEV2_CERT_, SPKI),
	N(IKEV2_CERT_, X509_ATTRIBUTE),
	N(IKEV2_CERT_, RAW_RSA_KEY),
	N(IKEV2_CERT_, HASH_URL_X509_CERT),
	N(IKEV2_CERT_, HASH_URL_X509_BUNDLE),
	N(IKEV2_CERT_, OCSP_CONTENT),
	N(IKEV2_CERT_, RAW_PUBLIC_KEY),
);

NAMES(ikev2_ts_names, "TS type",
	N(IKEV2_TS_, IPV4_ADDR_RANGE),
	N(IKEV2_TS_, IPV6_ADDR_RANGE),
);

NAMES(ikev2_cfg_names, "CFG type",
	N(IKEV2_CFG_, REQUEST),
	N(IKEV2_CFG_, REPLY),
	N(IKEV2_CFG_, SET),
	N(IKEV2_CFG_, ACK),
);

NAMES(ikev2_cp_attr_names, "configuration attribute",
	N(IKEV2_CP_, INTERNAL_IP4_ADDRESS),
	N(IKEV2_CP_, INTERNAL_IP4_NETMASK),
	N(IKEV2_CP_, INTERNAL_IP4_DNS),
	N(IKEV2_CP_, INTERNAL_IP4_NBNS),
	N(IKEV2_CP_, INTERNAL_IP4_DHCP),
	N(IKEV2_CP_, APPLICATION_VERSION),
	N(IKEV2_CP_, INTERNAL_IP6_ADDRESS),
	N(IKEV2_CP_, INTERNAL_IP6_DNS),
	N(IKEV2_CP_, INTERNAL_IP6_DHCP),
	N(IKEV2_CP_, INTERNAL_IP4_SUBNET),
	N(IKEV2_CP_, SUPPORTED_ATTRIBUTES),
	N(IKEV2_CP_, INTERNAL_IP6_SUBNET),
	N(IKEV2_CP_, INTERNAL_DNS_DOMAIN),
);

NAMES(ikev2_hash_names, "hash algorithm",
	N(IKEV2_HASH_, SHA1),
	N(IKEV2_HASH_, SHA2_256),
	N(IKEV2_HASH_, SHA2_384),
	N(IKEV2_HASH_, SHA2_512),
	N(IKEV2_HASH_, IDENTITY),
);

NAMES(ikev2_protocol_names, "protocol ID",
	N(IKEV2_PROTO_, IKE),
	N(IKEV2_PROTO_, AH),
	N(IKEV2_PROTO_, ESP),
);

NAMES(ikev2_notify_protocol_names, "protocol ID",
	N(IKEV2_PROTO_, NONE),
	N(IKEV2_PROTO_, IKE),
	N(IKEV2_PROTO_, AH),
	N(IKEV2_PROTO_, ESP),
);

const struct enum_names *const ikev2_all_names[] = {
	&ikev2_exchange_names,
	&ikev2_hdr_flag_names,
	&ikev2_payload_names,
	&ikev2_notify_names,
	&ikev2_transform_type_names,
	&ikev2_encr_names,
	&ikev2_prf_names,
	&ikev2_integ_names,
	&ikev2_ke_names,
	&ikev2_esn_names,
	&ikev2_transform_attr_names,
	&ikev2_auth_names,
	&ikev2_id_names,
	&ikev2_cert_names,
	&ikev2_ts_names,
	&ikev2_cfg_names,
	&ikev2_cp_attr_names,
	&ikev2_hash_names,
	&ikev2_protocol_names,
	&ikev2_notify_protocol_names,
	NULL,
};

const char *enum_name_or_null(const struct enum_names *table, unsigned value)
{
	/* Binary search: the notify table alone has ~60 rows. */
	size_t lo = 0, hi = table->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (table->names[mid].value == value)
			return table->names[mid].name;
		if (table->names[mid].value < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *name_of(const struct enum_names *table, unsigned value)
{
	const char *name = enum_name_or_null(table, value);

	return name != NULL ? name : "UNKNOWN";
}
