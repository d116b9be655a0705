/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Encrypted and Authenticated payload (SK, RFC 7296 §3.14), with
 * AES-CBC + HMAC-SHA2 (truncated ICV), AES-GCM-16 (RFC 5282) and
 * ChaCha20-Poly1305 (RFC 7634).  Works in place on a message buffer so
 * the message builder and parser never copy:
 *
 *   msg: | IKE header ... SK generic payload header | IV | inner payloads |
 *        |<------------ header_len ---------------->|
 *        | Padding | Pad Length | ICV |
 *
 * The SK generic payload header is always the last 4 bytes before IV.
 * With AEAD the associated data is msg[0 .. header_len) (RFC 5282 §5.1);
 * with CBC the ICV covers msg[0 .. end of the encrypted data].
 */
#ifndef XSWAN_SK_H
#define XSWAN_SK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pk11pub.h>

#include "bytes.h"
#include "diag.h"
#include "ike_alg.h"
#include "prf.h"

/* Where the builder writes the inner payloads: header_len + this. */
size_t sk_iv_size(const struct ike_sa_keys *keys);
/* Bytes sk_encrypt() adds at most after the plaintext (padding, pad
 * length, ICV); reserve header_len + sk_iv_size + plaintext + this. */
size_t sk_trailer_max(const struct ike_sa_keys *keys);

/*
 * Protect a message.  The caller has written the header (through the SK
 * generic payload header) and the PLAINTEXT_LEN bytes of inner payloads
 * at msg + header_len + sk_iv_size().  sk_encrypt() picks the IV, adds
 * padding and Pad Length, sets the IKE header's Length (bytes 24..27)
 * and the SK payload's Payload Length, encrypts and appends the ICV.
 * SENDER_IS_INITIATOR picks SK_ei/SK_ai (true) or SK_er/SK_ar.
 * CAP is the buffer size; *OUT_LEN the finished message length.
 */
bool sk_encrypt(const struct ike_sa_keys *keys, bool sender_is_initiator,
		uint8_t *msg, size_t header_len, size_t plaintext_len, size_t cap,
		size_t *out_len, struct diag *d);

/*
 * Check and decrypt a received message of MSG_LEN bytes whose last
 * payload is SK, starting at header_len - 4.  The ICV is verified before
 * anything is decrypted; every ICV or tag failure reports only
 * "integrity check failed".  On success the inner payloads are at
 * msg + *PLAIN_OFF, *PLAIN_LEN bytes (padding removed).
 */
bool sk_decrypt(const struct ike_sa_keys *keys, bool sender_is_initiator,
		uint8_t *msg, size_t header_len, size_t msg_len,
		size_t *plain_off, size_t *plain_len, struct diag *d);

/*
 * The AEAD primitive underneath, exposed for known-answer tests: nonce =
 * SALT (encr->salt_size) || IV (encr->wire_iv_size).  Encrypt appends
 * the tag; decrypt expects it at the end of IN and fails on mismatch.
 */
bool sk_aead(const struct ike_alg *encr, PK11SymKey *key, const uint8_t *salt,
	     const uint8_t *iv, struct bytes aad, bool encrypt,
	     const uint8_t *in, size_t len, uint8_t *out, size_t out_cap, size_t *out_len);

#endif
