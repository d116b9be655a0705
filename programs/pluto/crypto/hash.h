/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Plain digests through NSS, for the protocol's non-secret hashes:
 * NAT_DETECTION_*_IP = SHA-1(SPIi | SPIr | IP | port) (RFC 7296 §2.23)
 * and stateless cookies (RFC 7296 §2.6, e.g. SHA-256 over the secret
 * and the initiator's values).
 */
#ifndef XSWAN_HASH_H
#define XSWAN_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"

#define SHA1_SIZE 20
#define SHA256_SIZE 32

/* Digest of PARTS[0] | PARTS[1] | ...; false only if NSS fails. */
bool crypto_sha1(const struct bytes *parts, size_t nparts, uint8_t out[SHA1_SIZE]);
bool crypto_sha256(const struct bytes *parts, size_t nparts, uint8_t out[SHA256_SIZE]);

#endif
