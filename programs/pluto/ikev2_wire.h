/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKEv2 wire constants (RFC 7296 and the IANA "IKEv2 Parameters"
 * registry), each enum paired with a names table so logs can say
 * "NO_PROPOSAL_CHOSEN" instead of 14.  Values are IANA's; names follow
 * the registry (and Libreswan's log spellings where admins know them).
 */
#ifndef XSWAN_IKEV2_WIRE_H
#define XSWAN_IKEV2_WIRE_H

#include <stddef.h>
#include <stdbool.h>

/* A sparse value -> name table, sorted by value (checked by a unit test). */
struct enum_name {
	unsigned value;
	const char *name;
};

struct enum_names {
	const char *what;	/* "payload type", for messages about the table */
	const struct enum_name *names;
	size_t count;
};

/* NULL when VALUE has no name in TABLE. */
const char *enum_name_or_null(const struct enum_names *table, unsigned value);
/* The name, or "UNKNOWN" so a log line always has something to print. */
const char *name_of(const struct enum_names *table, unsigned value);
static inline bool enum_known(const struct enum_names *table, unsigned value)
{
	return enum_name_or_null(table, value) != NULL;
}

#define IKEV2_HDR_SIZE 28
#define IKEV2_GENERIC_HDR_SIZE 4
#define IKEV2_MAJOR_VERSION 2
#define IKEV2_MINOR_VERSION 0
/* The non-ESP marker in front of IKE on UDP 4500 (RFC 3948). */
#define IKEV2_NON_ESP_MARKER_SIZE 4

enum ikev2_exchange {
	IKEV2_EXCH_IKE_SA_INIT = 34,
	IKEV2_EXCH_IKE_AUTH = 35,
	IKEV2_EXCH_CREATE_CHILD_SA = 36,
	IKEV2_EXCH_INFORMATIONAL = 37,
	IKEV2_EXCH_IKE_SESSION_RESUME = 38,	/* RFC 5723 */
	IKEV2_EXCH_IKE_INTERMEDIATE = 43,	/* RFC 9242 */
	IKEV2_EXCH_IKE_FOLLOWUP_KE = 44,	/* RFC 9370 */
};
extern const struct enum_names ikev2_exchange_names;

/* Header flags octet (RFC 7296 3.1); the other bits are reserved. */
enum ikev2_hdr_flag {
	IKEV2_FLAG_INITIATOR = 0x08,
	IKEV2_FLAG_VERSION = 0x10,
	IKEV2_FLAG_RESPONSE = 0x20,
};
extern const struct enum_names ikev2_hdr_flag_names;

/* Generic payload header flags octet: only the critical bit is defined. */
#define IKEV2_PAYLOAD_CRITICAL 0x80

enum ikev2_payload_type {
	IKEV2_NP_NONE = 0,
	IKEV2_NP_SA = 33,
	IKEV2_NP_KE = 34,
	IKEV2_NP_IDi = 35,
	IKEV2_NP_IDr = 36,
	IKEV2_NP_CERT = 37,
	IKEV2_NP_CERTREQ = 38,
	IKEV2_NP_AUTH = 39,
	IKEV2_NP_NONCE = 40,	/* Ni and Nr */
	IKEV2_NP_N = 41,
	IKEV2_NP_D = 42,
	IKEV2_NP_V = 43,
	IKEV2_NP_TSi = 44,
	IKEV2_NP_TSr = 45,
	IKEV2_NP_SK = 46,
	IKEV2_NP_CP = 47,
	IKEV2_NP_EAP = 48,
	IKEV2_NP_GSPM = 49,	/* RFC 6467 */
	IKEV2_NP_SKF = 53,	/* RFC 7383 */
};
/* Payload types we index; anything above is "unknown" to the codec. */
#define IKEV2_NP_INDEX_SIZE (IKEV2_NP_SKF + 1)
extern const struct enum_names ikev2_payload_names;

enum ikev2_notify_type {
	/* errors (1..16383) */
	IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD = 1,
	IKEV2_N_INVALID_IKE_SPI = 4,
	IKEV2_N_INVALID_MAJOR_VERSION = 5,
	IKEV2_N_INVALID_SYNTAX = 7,
	IKEV2_N_INVALID_MESSAGE_ID = 9,
	IKEV2_N_INVALID_SPI = 11,
	IKEV2_N_NO_PROPOSAL_CHOSEN = 14,
	IKEV2_N_INVALID_KE_PAYLOAD = 17,
	IKEV2_N_AUTHENTICATION_FAILED = 24,
	IKEV2_N_SINGLE_PAIR_REQUIRED = 34,
	IKEV2_N_NO_ADDITIONAL_SAS = 35,
	IKEV2_N_INTERNAL_ADDRESS_FAILURE = 36,
	IKEV2_N_FAILED_CP_REQUIRED = 37,
	IKEV2_N_TS_UNACCEPTABLE = 38,
	IKEV2_N_INVALID_SELECTORS = 39,
	IKEV2_N_UNACCEPTABLE_ADDRESSES = 40,	/* RFC 4555 */
	IKEV2_N_UNEXPECTED_NAT_DETECTED = 41,	/* RFC 4555 */
	IKEV2_N_TEMPORARY_FAILURE = 43,
	IKEV2_N_CHILD_SA_NOT_FOUND = 44,
	/* status (16384..) */
	IKEV2_N_INITIAL_CONTACT = 16384,
	IKEV2_N_SET_WINDOW_SIZE = 16385,
	IKEV2_N_ADDITIONAL_TS_POSSIBLE = 16386,
	IKEV2_N_IPCOMP_SUPPORTED = 16387,
	IKEV2_N_NAT_DETECTION_SOURCE_IP = 16388,
	IKEV2_N_NAT_DETECTION_DESTINATION_IP = 16389,
	IKEV2_N_COOKIE = 16390,
	IKEV2_N_USE_TRANSPORT_MODE = 16391,
	IKEV2_N_HTTP_CERT_LOOKUP_SUPPORTED = 16392,
	IKEV2_N_REKEY_SA = 16393,
	IKEV2_N_ESP_TFC_PADDING_NOT_SUPPORTED = 16394,
	IKEV2_N_NON_FIRST_FRAGMENTS_ALSO = 16395,
	IKEV2_N_MOBIKE_SUPPORTED = 16396,	/* RFC 4555 */
	IKEV2_N_ADDITIONAL_IP4_ADDRESS = 16397,
	IKEV2_N_ADDITIONAL_IP6_ADDRESS = 16398,
	IKEV2_N_NO_ADDITIONAL_ADDRESSES = 16399,
	IKEV2_N_UPDATE_SA_ADDRESSES = 16400,
	IKEV2_N_COOKIE2 = 16401,
	IKEV2_N_NO_NATS_ALLOWED = 16402,
	IKEV2_N_AUTH_LIFETIME = 16403,		/* RFC 4478 */
	IKEV2_N_MULTIPLE_AUTH_SUPPORTED = 16404,	/* RFC 4739 */
	IKEV2_N_ANOTHER_AUTH_FOLLOWS = 16405,
	IKEV2_N_REDIRECT_SUPPORTED = 16406,	/* RFC 5685 */
	IKEV2_N_REDIRECT = 16407,
	IKEV2_N_REDIRECTED_FROM = 16408,
	IKEV2_N_EAP_ONLY_AUTHENTICATION = 16417,	/* RFC 5998 */
	IKEV2_N_CHILDLESS_IKEV2_SUPPORTED = 16418,	/* RFC 6023 */
	IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED = 16430,	/* RFC 7383 */
	IKEV2_N_SIGNATURE_HASH_ALGORITHMS = 16431,	/* RFC 7427 */
	IKEV2_N_USE_PPK = 16435,		/* RFC 8784 */
	IKEV2_N_PPK_IDENTITY = 16436,
	IKEV2_N_NO_PPK_AUTH = 16437,
	IKEV2_N_INTERMEDIATE_EXCHANGE_SUPPORTED = 16438,	/* RFC 9242 */
};
/* Types below this are errors (RFC 7296 3.10.1). */
#define IKEV2_N_STATUS_FIRST 16384
extern const struct enum_names ikev2_notify_names;

enum ikev2_protocol_id {
	IKEV2_PROTO_NONE = 0,	/* Notify about the IKE SA without an SPI */
	IKEV2_PROTO_IKE = 1,
	IKEV2_PROTO_AH = 2,
	IKEV2_PROTO_ESP = 3,
};
extern const struct enum_names ikev2_protocol_names;	/* 1..3 */
extern const struct enum_names ikev2_notify_protocol_names;	/* 0..3 */

enum ikev2_transform_type {
	IKEV2_TRANS_ENCR = 1,
	IKEV2_TRANS_PRF = 2,
	IKEV2_TRANS_INTEG = 3,
	IKEV2_TRANS_KE = 4,	/* "D-H" in RFC 7296, "Key Exchange Method" since RFC 9370 */
	IKEV2_TRANS_ESN = 5,	/* "Sequence Numbers" since RFC 9827 */
};
extern const struct enum_names ikev2_transform_type_names;

enum ikev2_encr {
	IKEV2_ENCR_DES_IV64 = 1,
	IKEV2_ENCR_DES = 2,
	IKEV2_ENCR_3DES = 3,
	IKEV2_ENCR_RC5 = 4,
	IKEV2_ENCR_IDEA = 5,
	IKEV2_ENCR_CAST = 6,
	IKEV2_ENCR_BLOWFISH = 7,
	IKEV2_ENCR_3IDEA = 8,
	IKEV2_ENCR_DES_IV32 = 9,
	IKEV2_ENCR_NULL = 11,
	IKEV2_ENCR_AES_CBC = 12,
	IKEV2_ENCR_AES_CTR = 13,
	IKEV2_ENCR_AES_CCM_8 = 14,
	IKEV2_ENCR_AES_CCM_12 = 15,
	IKEV2_ENCR_AES_CCM_16 = 16,
	IKEV2_ENCR_AES_GCM_8 = 18,
	IKEV2_ENCR_AES_GCM_12 = 19,
	IKEV2_ENCR_AES_GCM_16 = 20,
	IKEV2_ENCR_NULL_AUTH_AES_GMAC = 21,
	IKEV2_ENCR_CAMELLIA_CBC = 23,
	IKEV2_ENCR_CAMELLIA_CTR = 24,
	IKEV2_ENCR_CAMELLIA_CCM_8 = 25,
	IKEV2_ENCR_CAMELLIA_CCM_12 = 26,
	IKEV2_ENCR_CAMELLIA_CCM_16 = 27,
	IKEV2_ENCR_CHACHA20_POLY1305 = 28,	/* RFC 7634 */
};
extern const struct enum_names ikev2_encr_names;

enum ikev2_prf {
	IKEV2_PRF_HMAC_MD5 = 1,
	IKEV2_PRF_HMAC_SHA1 = 2,
	IKEV2_PRF_HMAC_TIGER = 3,
	IKEV2_PRF_AES128_XCBC = 4,
	IKEV2_PRF_HMAC_SHA2_256 = 5,
	IKEV2_PRF_HMAC_SHA2_384 = 6,
	IKEV2_PRF_HMAC_SHA2_512 = 7,
	IKEV2_PRF_AES128_CMAC = 8,
};
extern const struct enum_names ikev2_prf_names;

enum ikev2_integ {
	IKEV2_INTEG_NONE = 0,
	IKEV2_INTEG_HMAC_MD5_96 = 1,
	IKEV2_INTEG_HMAC_SHA1_96 = 2,
	IKEV2_INTEG_DES_MAC = 3,
	IKEV2_INTEG_KPDK_MD5 = 4,
	IKEV2_INTEG_AES_XCBC_96 = 5,
	IKEV2_INTEG_HMAC_MD5_128 = 6,
	IKEV2_INTEG_HMAC_SHA1_160 = 7,
	IKEV2_INTEG_AES_CMAC_96 = 8,
	IKEV2_INTEG_AES_128_GMAC = 9,
	IKEV2_INTEG_AES_192_GMAC = 10,
	IKEV2_INTEG_AES_256_GMAC = 11,
	IKEV2_INTEG_HMAC_SHA2_256_128 = 12,
	IKEV2_INTEG_HMAC_SHA2_384_192 = 13,
	IKEV2_INTEG_HMAC_SHA2_512_256 = 14,
};
extern const struct enum_names ikev2_integ_names;

enum ikev2_ke_group {
	IKEV2_KE_NONE = 0,
	IKEV2_KE_MODP768 = 1,
	IKEV2_KE_MODP1024 = 2,
	IKEV2_KE_MODP1536 = 5,
	IKEV2_KE_MODP2048 = 14,
	IKEV2_KE_MODP3072 = 15,
	IKEV2_KE_MODP4096 = 16,
	IKEV2_KE_MODP6144 = 17,
	IKEV2_KE_MODP8192 = 18,
	IKEV2_KE_ECP_256 = 19,
	IKEV2_KE_ECP_384 = 20,
	IKEV2_KE_ECP_521 = 21,
	IKEV2_KE_MODP1024_S160 = 22,
	IKEV2_KE_MODP2048_S224 = 23,
	IKEV2_KE_MODP2048_S256 = 24,
	IKEV2_KE_ECP_192 = 25,
	IKEV2_KE_ECP_224 = 26,
	IKEV2_KE_BRAINPOOL_P224R1 = 27,
	IKEV2_KE_BRAINPOOL_P256R1 = 28,
	IKEV2_KE_BRAINPOOL_P384R1 = 29,
	IKEV2_KE_BRAINPOOL_P512R1 = 30,
	IKEV2_KE_CURVE25519 = 31,
	IKEV2_KE_CURVE448 = 32,
};
extern const struct enum_names ikev2_ke_names;

enum ikev2_esn {
	IKEV2_ESN_NO = 0,
	IKEV2_ESN_YES = 1,
};
extern const struct enum_names ikev2_esn_names;

/* Transform attributes (3.3.5); the high bit of the type is AF (TV form). */
#define IKEV2_ATTR_AF 0x8000
enum ikev2_transform_attr_type {
	IKEV2_ATTR_KEY_LENGTH = 14,
};
extern const struct enum_names ikev2_transform_attr_names;

enum ikev2_auth_method {
	IKEV2_AUTH_RSA_SIG = 1,
	IKEV2_AUTH_PSK = 2,	/* "Shared Key Message Integrity Code" */
	IKEV2_AUTH_DSS_SIG = 3,
	IKEV2_AUTH_ECDSA_SHA256_P256 = 9,	/* RFC 4754 */
	IKEV2_AUTH_ECDSA_SHA384_P384 = 10,
	IKEV2_AUTH_ECDSA_SHA512_P521 = 11,
	IKEV2_AUTH_GSPAM = 12,		/* RFC 6467 */
	IKEV2_AUTH_NULL = 13,		/* RFC 7619 */
	IKEV2_AUTH_DIGITAL_SIGNATURE = 14,	/* RFC 7427 */
};
extern const struct enum_names ikev2_auth_names;

enum ikev2_id_type {
	IKEV2_ID_IPV4_ADDR = 1,
	IKEV2_ID_FQDN = 2,
	IKEV2_ID_RFC822_ADDR = 3,
	IKEV2_ID_IPV6_ADDR = 5,
	IKEV2_ID_DER_ASN1_DN = 9,
	IKEV2_ID_DER_ASN1_GN = 10,
	IKEV2_ID_KEY_ID = 11,
	IKEV2_ID_FC_NAME = 12,	/* RFC 4595 */
	IKEV2_ID_NULL = 13,	/* RFC 7619 */
};
extern const struct enum_names ikev2_id_names;

enum ikev2_cert_encoding {
	IKEV2_CERT_PKCS7_X509 = 1,
	IKEV2_CERT_PGP = 2,
	IKEV2_CERT_DNS_SIGNED_KEY = 3,
	IKEV2_CERT_X509_SIGNATURE = 4,
	IKEV2_CERT_KERBEROS_TOKEN = 6,
	IKEV2_CERT_CRL = 7,
	IKEV2_CERT_ARL = 8,
	IKEV2_CERT_SPKI = 9,
	IKEV2_CERT_X509_ATTRIBUTE = 10,
	IKEV2_CERT_RAW_RSA_KEY = 11,
	IKEV2_CERT_HASH_URL_X509_CERT = 12,
	IKEV2_CERT_HASH_URL_X509_BUNDLE = 13,
	IKEV2_CERT_OCSP_CONTENT = 14,	/* RFC 4806 */
	IKEV2_CERT_RAW_PUBLIC_KEY = 15,	/* RFC 7670 */
};
extern const struct enum_names ikev2_cert_names;

enum ikev2_ts_type {
	IKEV2_TS_IPV4_ADDR_RANGE = 7,
	IKEV2_TS_IPV6_ADDR_RANGE = 8,
};
extern const struct enum_names ikev2_ts_names;

enum ikev2_cfg_type {
	IKEV2_CFG_REQUEST = 1,
	IKEV2_CFG_REPLY = 2,
	IKEV2_CFG_SET = 3,
	IKEV2_CFG_ACK = 4,
};
extern const struct enum_names ikev2_cfg_names;

enum ikev2_cp_attr_type {
	IKEV2_CP_INTERNAL_IP4_ADDRESS = 1,
	IKEV2_CP_INTERNAL_IP4_NETMASK = 2,
	IKEV2_CP_INTERNAL_IP4_DNS = 3,
	IKEV2_CP_INTERNAL_IP4_NBNS = 4,
	IKEV2_CP_INTERNAL_IP4_DHCP = 6,
	IKEV2_CP_APPLICATION_VERSION = 7,
	IKEV2_CP_INTERNAL_IP6_ADDRESS = 8,
	IKEV2_CP_INTERNAL_IP6_DNS = 10,
	IKEV2_CP_INTERNAL_IP6_DHCP = 12,
	IKEV2_CP_INTERNAL_IP4_SUBNET = 13,
	IKEV2_CP_SUPPORTED_ATTRIBUTES = 14,
	IKEV2_CP_INTERNAL_IP6_SUBNET = 15,
	IKEV2_CP_INTERNAL_DNS_DOMAIN = 25,	/* RFC 8598 */
};
extern const struct enum_names ikev2_cp_attr_names;

/* Hash algorithms in SIGNATURE_HASH_ALGORITHMS (RFC 7427 section 4). */
enum ikev2_hash_algorithm {
	IKEV2_HASH_SHA1 = 1,
	IKEV2_HASH_SHA2_256 = 2,
	IKEV2_HASH_SHA2_384 = 3,
	IKEV2_HASH_SHA2_512 = 4,
	IKEV2_HASH_IDENTITY = 5,	/* RFC 8420 */
};
extern const struct enum_names ikev2_hash_names;

/* Every table above, for the unit test that checks each is sorted. */
extern const struct enum_names *const ikev2_all_names[];

#endif
