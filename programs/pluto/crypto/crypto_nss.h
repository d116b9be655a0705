/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NSS start and stop, FIPS status, and random bytes.  Everything in
 * programs/pluto/crypto/ needs crypto_nss_init() to have succeeded.
 */
#ifndef XSWAN_CRYPTO_NSS_H
#define XSWAN_CRYPTO_NSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/*
 * Open the NSS database in NSSDIR ("/var/lib/ipsec/nss"; the "sql:"
 * prefix is added when missing).  The daemon opens it read-only, as
 * Libreswan does; `ipsec initnss` style tools pass readonly=false.
 * NSSDIR == NULL initialises NSS without a database (unit tests, tools
 * that need only algorithms).
 */
bool crypto_nss_init(const char *nssdir, bool readonly, struct diag *d);
/* Release NSS; every PK11SymKey and key pair must be freed first (false,
 * and a log line, when something was still in use). */
bool crypto_nss_shutdown(void);
/* NSS's internal slot runs in FIPS mode (for `ipsec status`). */
bool crypto_fips_mode(void);

/* Fill BUF with LEN bytes from NSS's DRBG; false only if NSS fails. */
bool crypto_random(void *buf, size_t len);

/* Default IKE nonce size (RFC 7296 §2.10: at least half the PRF key size,
 * at least 16; Libreswan sends 32). */
#define IKE_NONCE_SIZE 32
/* An IKE SPI: 8 random bytes, never all zero (zero means "unknown"). */
bool crypto_new_ike_spi(uint8_t spi[8]);
/* A secret for stateless COOKIE computation (RFC 7296 §2.6). */
#define COOKIE_SECRET_SIZE 32
bool crypto_new_cookie_secret(uint8_t secret[COOKIE_SECRET_SIZE]);

#endif
