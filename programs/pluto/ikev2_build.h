/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Building IKEv2 messages: start, add payloads (each one's type goes into
 * the previous Next Payload field), optionally frame an SK payload whose
 * IV, ciphertext and ICV the crypto code fills in, finish (lengths).
 * Every payload goes through the same layouts the decoder uses.
 *
 *   struct ikev2_builder b;
 *   ikev2_build_start(&b, &buf, spi_i, spi_r, IKEV2_EXCH_IKE_AUTH, IKEV2_FLAG_INITIATOR, 1);
 *   ikev2_build_sk_begin(&b, iv_len, &d);
 *   ikev2_add_id(&b, IKEV2_NP_IDi, IKEV2_ID_FQDN, id, &d); ...
 *   ikev2_build_sk_end(&b, block_size, icv_len, &sk, &d);   // sk: offsets to encrypt
 *   ikev2_build_finish(&b, &msg, &d);
 *
 * Errors (a buffer too small, a nonce of the wrong size) are reported once
 * through the diag and stick: later calls do nothing and return false.
 */
#ifndef XSWAN_IKEV2_BUILD_H
#define XSWAN_IKEV2_BUILD_H

#include "ikev2_payloads.h"

struct ikev2_builder {
	struct buf *out;
	size_t start;		/* of the IKE header in OUT */
	size_t np_at;		/* the Next Payload octet the next payload fills in */
	size_t sk_at;		/* of the SK generic header; SIZE_MAX when none */
	size_t iv_len;
	bool sk_closed;
	bool failed;
};

/* Offsets (from the IKE header) of what the crypto code reads and writes. */
struct ikev2_sk_layout {
	size_t aad_len;		/* AAD = header .. SK generic header: [0, aad_len) */
	size_t iv_offset, iv_len;
	size_t plain_offset, plain_len;	/* inner payloads, padding, pad length */
	size_t pad_len;		/* padding octets (zero) before the pad length octet */
	size_t icv_offset, icv_len;
	size_t msg_len;		/* the whole message */
};

void ikev2_build_start(struct ikev2_builder *b, struct buf *out,
		       const uint8_t spi_i[8], const uint8_t spi_r[8],
		       uint8_t exchange, uint8_t flags, uint32_t msgid);

/* Any payload by type from its decoded struct (gh.next and gh.length are
 * filled in; set gh.flags only to send the critical bit). */
bool ikev2_add_payload(struct ikev2_builder *b, unsigned type, const void *payload,
		       struct diag *d);

/* An SA payload whose body (proposals) was encoded elsewhere, e.g. by
 * crypto's sa_payload_emit(). */
bool ikev2_add_sa_body(struct ikev2_builder *b, struct bytes body, struct diag *d);
bool ikev2_add_ke(struct ikev2_builder *b, uint16_t group, struct bytes data, struct diag *d);
bool ikev2_add_nonce(struct ikev2_builder *b, struct bytes nonce, struct diag *d);
/* TYPE is IKEV2_NP_IDi or IKEV2_NP_IDr. */
bool ikev2_add_id(struct ikev2_builder *b, unsigned type, uint8_t id_type, struct bytes data,
		  struct diag *d);
bool ikev2_add_auth(struct ikev2_builder *b, uint8_t method, struct bytes data, struct diag *d);
bool ikev2_add_cert(struct ikev2_builder *b, uint8_t encoding, struct bytes cert,
		    struct diag *d);
bool ikev2_add_certreq(struct ikev2_builder *b, uint8_t encoding, struct bytes cas,
		       struct diag *d);
bool ikev2_add_notify(struct ikev2_builder *b, uint8_t protocol, struct bytes spi,
		      uint16_t notify_type, struct bytes data, struct diag *d);
bool ikev2_add_delete(struct ikev2_builder *b, uint8_t protocol, uint8_t spi_size,
		      uint16_t n_spis, struct bytes spis, struct diag *d);
bool ikev2_add_vendor(struct ikev2_builder *b, struct bytes vid, struct diag *d);
/* TYPE is IKEV2_NP_TSi or IKEV2_NP_TSr. */
bool ikev2_add_ts(struct ikev2_builder *b, unsigned type, const struct ikev2_ts_payload *ts,
		  struct diag *d);
bool ikev2_add_cp(struct ikev2_builder *b, const struct ikev2_cp *cp, struct diag *d);

/* Open the SK payload and reserve IV_LEN octets for the IV; payloads
 * added until ikev2_build_sk_end go inside it. */
bool ikev2_build_sk_begin(struct ikev2_builder *b, size_t iv_len, struct diag *d);
/* Close it: pad so that inner payloads + padding + pad length is a
 * multiple of BLOCK_SIZE (1 for AEAD and stream ciphers), reserve ICV_LEN
 * octets, fix every length and fill *SK with the offsets to encrypt. */
bool ikev2_build_sk_end(struct ikev2_builder *b, size_t block_size, size_t icv_len,
			struct ikev2_sk_layout *sk, struct diag *d);

/* Set the message length; *MSG is the finished message within OUT. */
bool ikev2_build_finish(struct ikev2_builder *b, struct bytes *msg, struct diag *d);

/* Helpers to fill a traffic selector (addresses in network order). */
void ikev2_ts_set_v4(struct ikev2_ts *ts, uint8_t ipproto, uint16_t start_port,
		     uint16_t end_port, const uint8_t start[4], const uint8_t end[4]);
void ikev2_ts_set_v6(struct ikev2_ts *ts, uint8_t ipproto, uint16_t start_port,
		     uint16_t end_port, const uint8_t start[16], const uint8_t end[16]);

#endif
