/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared helpers of the crypto unit tests: hex vectors and NSS setup. */
#ifndef XSWAN_CRYPTO_TEST_UTIL_H
#define XSWAN_CRYPTO_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <pk11pub.h>

#include "bytes.h"

/* Decode HEX (spaces allowed) into OUT; fails the test if malformed or too long. */
size_t hex_to(const char *hex, uint8_t *out, size_t cap);
/* Decode into a static per-call-site-free buffer: returned bytes are valid
 * until the next 16 calls (a small ring), enough for one assertion. */
struct bytes hexb(const char *hex);
/* A key holding the bytes of HEX. */
PK11SymKey *hex_key(const char *hex);
/* Extract LEN bytes of KEY from OFFSET and compare with HEX. */
void assert_key_equals_hex(PK11SymKey *key, size_t offset, const char *hex);

/* cmocka group setup/teardown: NSS without a database. */
int nss_setup(void **state);
int nss_teardown(void **state);

#endif
