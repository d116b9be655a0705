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
#include "dh.h"
#include "hash.h"
#include "prf.h"
#include "symkey.h"

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

/*
 * A database switched to FIPS mode (modutil -fips true): status says so,
 * and key exchange, derivation and the extraction of ESP keys for the
 * kernel still work (NSS refuses to export key values in FIPS mode, so
 * symkey_extract() wraps and unwraps instead; only this test reaches
 * that path).
 */
static void test_fips_database(void **state)
{
	struct diag d;
	char fips_dir[sizeof(dir) + 8], cmd[512];

	snprintf(fips_dir, sizeof(fips_dir), "%s/fips", dir);
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s && certutil -N -d sql:%s --empty-password >/dev/null 2>&1 && "
		 "modutil -fips true -dbdir sql:%s -force >/dev/null 2>&1",
		 fips_dir, fips_dir, fips_dir);
	if (system(cmd) != 0)
		fail_msg("could not make a FIPS-mode database with certutil and modutil");
	assert_true(crypto_nss_init(fips_dir, true, &d));
	assert_true(crypto_fips_mode());

	const struct ike_alg *group = ike_alg_by_id(TRANS_DH, IKEv2_DH_ECP_256);
	const struct ike_alg *prf = ike_alg_by_id(TRANS_PRF, IKEv2_PRF_HMAC_SHA2_256);
	struct dh_local a, b;
	assert_true(dh_local_new(group, &a, &d));
	assert_true(dh_local_new(group, &b, &d));
	PK11SymKey *sa = dh_shared_secret(&a, BYTES(b.ke, b.ke_len), &d);
	PK11SymKey *sb = dh_shared_secret(&b, BYTES(a.ke, a.ke_len), &d);
	assert_non_null(sa);
	assert_non_null(sb);
	uint8_t ni[32], nr[32];
	assert_true(crypto_random(ni, sizeof(ni)));
	assert_true(crypto_random(nr, sizeof(nr)));
	PK11SymKey *ka = ikev2_skeyseed(prf, BYTES(ni, 32), BYTES(nr, 32), sa, &d);
	PK11SymKey *kb = ikev2_skeyseed(prf, BYTES(ni, 32), BYTES(nr, 32), sb, &d);
	struct ike_suite esp = {
		.encr = ike_alg_by_id(TRANS_ENCR, IKEv2_ENCR_AES_GCM_16),
		.enc_key_bits = 256,
	};
	struct child_sa_keys ca, cb;
	assert_true(ikev2_derive_child_keys(&esp, prf, ka, NULL, BYTES(ni, 32), BYTES(nr, 32), &ca, &d));
	assert_true(ikev2_derive_child_keys(&esp, prf, kb, NULL, BYTES(ni, 32), BYTES(nr, 32), &cb, &d));
	uint8_t ea[64], eb[64], ia[64], ib[64];
	size_t ela, elb, ila, ilb;
	if (!child_keys_extract(&ca, true, ea, sizeof(ea), &ela, ia, sizeof(ia), &ila, &d))
		fail_msg("%s", d.msg);
	assert_true(child_keys_extract(&cb, true, eb, sizeof(eb), &elb, ib, sizeof(ib), &ilb, &d));
	assert_int_equal(ela, 36);
	assert_int_equal(elb, 36);
	assert_memory_equal(ea, eb, 36);
	static const uint8_t zero[36];
	assert_memory_not_equal(ea, zero, 36);

	child_sa_keys_free(&ca);
	child_sa_keys_free(&cb);
	symkey_release(&ka);
	symkey_release(&kb);
	symkey_release(&sa);
	symkey_release(&sb);
	dh_local_free(&a);
	dh_local_free(&b);
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
		cmocka_unit_test(test_fips_database),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
