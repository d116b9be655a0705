/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crypto_nss.h"
#include "crypto_test_util.h"
#include "symkey.h"

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

size_t hex_to(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (const char *p = hex; *p != '\0'; p++) {
		if (isspace((unsigned char)*p))
			continue;
		int v = nibble(*p);
		assert_true(v >= 0);
		if (hi < 0) {
			hi = v;
		} else {
			assert_true(n < cap);
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	assert_true(hi < 0);
	return n;
}

struct bytes hexb(const char *hex)
{
	static uint8_t ring[16][1024];
	static unsigned next;
	uint8_t *buf = ring[next++ % 16];
	size_t n = hex_to(hex, buf, sizeof(ring[0]));
	return BYTES(buf, n);
}

PK11SymKey *hex_key(const char *hex)
{
	PK11SymKey *key = symkey_from_bytes(hexb(hex));
	assert_non_null(key);
	return key;
}

void assert_key_equals_hex(PK11SymKey *key, size_t offset, const char *hex)
{
	struct bytes want = hexb(hex);
	uint8_t got[1024];
	struct diag d;

	assert_non_null(key);
	if (!symkey_extract(key, offset, want.len, got, sizeof(got), &d))
		fail_msg("%s", d.msg);
	assert_memory_equal(got, want.ptr, want.len);
}

int nss_setup(void **state)
{
	struct diag d;

	/* XSWAN_TEST_NSSDIR runs the same tests against a database, e.g.
	 * one in FIPS mode (modutil -fips true). */
	if (!crypto_nss_init(getenv("XSWAN_TEST_NSSDIR"), true, &d)) {
		fprintf(stderr, "%s\n", d.msg);
		return -1;
	}
	return 0;
}

int nss_teardown(void **state)
{
	/* Fails when a test leaked a key or context: NSS refuses to shut down. */
	return crypto_nss_shutdown() ? 0 : -1;
}
