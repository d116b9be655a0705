/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * NSS start-up from a database directory (as pluto does, read-only), its
 * error for a missing database, FIPS status and the random helpers.
 * The database is made with NSS's own certutil, as `ipsec initnss` does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "crypto_nss.h"
#include "hash.h"

static char dir[] = "/tmp/xswan-nss-test.XXXXXX";

static void test_missing_database(void **state)
{
	struct diag d;
	char missing[sizeof(dir) + 16];

	snprintf(missing, sizeof(missing), "%s/none", dir);
	assert_false(crypto_nss_init(missing, true, &d));
	assert_non_null(strstr(d.msg, "NSS initialisation from sql:"));
	assert_non_null(strstr(d.msg, "/none failed"));
	assert_non_null(strstr(d.msg, "run 'ipsec initnss'"));
}

static void test_database_readonly(void **state)
{
	struct diag d;
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "certutil -N -d sql:%s --empty-password >/dev/null 2>&1", dir);
	if (system(cmd) != 0)
		fail_msg("certutil could not create a database in %s", dir);
	/* both spellings of the directory work */
	assert_true(crypto_nss_init(dir, true, &d));
	assert_false(crypto_fips_mode());
	assert_true(crypto_nss_shutdown());
	char sql[sizeof(dir) + 8];
	snprintf(sql, sizeof(sql), "sql:%s", dir);
	assert_true(crypto_nss_init(sql, true, &d));

	uint8_t a[IKE_NONCE_SIZE], b[IKE_NONCE_SIZE], spi[8];
	assert_true(crypto_random(a, sizeof(a)));
	assert_true(crypto_random(b, sizeof(b)));
	assert_memory_not_equal(a, b, sizeof(a));
	static const uint8_t zero[8];
	for (int i = 0; i < 100; i++) {
		assert_true(crypto_new_ike_spi(spi));
		assert_memory_not_equal(spi, zero, 8);
	}
	uint8_t secret[COOKIE_SECRET_SIZE];
	assert_true(crypto_new_cookie_secret(secret));

	/* FIPS 180-2 appendix A.1 / B.1: "abc", here given in two parts. */
	struct bytes abc[] = { BYTES("a", 1), BYTES("bc", 2) };
	uint8_t h1[SHA1_SIZE], h256[SHA256_SIZE];
	assert_true(crypto_sha1(abc, 2, h1));
	assert_memory_equal(h1, "\xa9\x99\x3e\x36\x47\x06\x81\x6a\xba\x3e"
			    "\x25\x71\x78\x50\xc2\x6c\x9c\xd0\xd8\x9d", SHA1_SIZE);
	assert_true(crypto_sha256(abc, 2, h256));
	assert_memory_equal(h256, "\xba\x78\x16\xbf\x8f\x01\xcf\xea\x41\x41\x40\xde"
			    "\x5d\xae\x22\x23\xb0\x03\x61\xa3\x96\x17\x7a\x9c"
			    "\xb4\x10\xff\x61\xf2\x00\x15\xad", SHA256_SIZE);
	assert_true(crypto_nss_shutdown());
}

static int make_dir(void **state)
{
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int remove_dir(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_database),
		cmocka_unit_test(test_database_readonly),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
