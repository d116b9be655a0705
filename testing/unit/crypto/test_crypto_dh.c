/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Key exchange: RFC 5903 §8 ECDH vectors for groups 19, 20, 21, RFC 7748
 * §6.1 for X25519 (group 31), a MODP-2048 round trip, and the checks on a
 * hostile peer value.  The private keys enter NSS as PKCS #8 built by
 * dh_vectors.py, which also re-derives every vector with Python's
 * `cryptography` so a mistyped number would have been caught.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <certt.h>
#include <pk11pub.h>

#include "crypto_test_util.h"
#include "dh.h"
#include "ike_alg.h"
#include "prf.h"
#include "symkey.h"

/* --- printed by dh_vectors.py --- */
#define P256_PKCS8 "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433a14403420004dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c37725811805271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3"
#define P256_GI "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c37725811805271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3"
#define P256_GR "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf6356fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab"
#define P256_GIR "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"
#define P384_PKCS8 "3081b6020100301006072a8648ce3d020106052b8104002204819e30819b0201010430099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194a16403620004667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c"
#define P384_GI "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c"
#define P384_GR "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c"
#define P384_GIR "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746"
#define P521_PKCS8 "3081ee020100301006072a8648ce3d020106052b810400230481d63081d302010104420037ade9319a89f4dabdb3ef411aaccca5123c61acab57b5393dce47608172a095aa85a30fe1c2952c6771d937ba9777f5957b2639bab072462f68c27a57382d4a52a1818903818600040015417e84dbf28c0ad3c278713349dc7df153c897a1891bd98bab4357c9ecbee1e3bf42e00b8e380aeae57c2d107564941885942af5a7f4601723c4195d176ced3e017cae20b6641d2eeb695786d8c946146239d099e18e1d5a514c739d7cb4a10ad8a788015ac405d7799dc75e7b7d5b6cf2261a6a7f1507438bf01beb6ca3926f9582"
#define P521_GI "0015417e84dbf28c0ad3c278713349dc7df153c897a1891bd98bab4357c9ecbee1e3bf42e00b8e380aeae57c2d107564941885942af5a7f4601723c4195d176ced3e017cae20b6641d2eeb695786d8c946146239d099e18e1d5a514c739d7cb4a10ad8a788015ac405d7799dc75e7b7d5b6cf2261a6a7f1507438bf01beb6ca3926f9582"
#define P521_GR "00d0b3975ac4b799f5bea16d5e13e9af971d5e9b984c9f39728b5e5739735a219b97c356436adc6e95bb0352f6be64a6c2912d4ef2d0433ced2b6171640012d9460f015c68226383956e3bd066e797b623c27ce0eac2f551a10c2c724d9852077b87220b6536c5c408a1d2aebb8e86d678ae49cb57091f4732296579ab44fcd17f0fc56a"
#define P521_GIR "01144c7d79ae6956bc8edb8e7c787c4521cb086fa64407f97894e5e6b2d79b04d1427e73ca4baa240a34786859810c06b3c715a3a8cc3151f2bee417996d19f3ddea"
#define X25519_PKCS8 "3067020100301406072a8648ce3d020106092b06010401da470f01044c304a020101042077076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2aa1230321008520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
#define X25519_GI "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
#define X25519_GR "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
#define X25519_GIR "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"

static const struct ike_alg *group(unsigned id)
{
	const struct ike_alg *g = ike_alg_by_id(TRANS_DH, id);
	assert_non_null(g);
	return g;
}

/* Our side with the RFC's private key, via PKCS #8 import. */
static void adopt(unsigned id, const char *pkcs8_hex, const char *gi_hex, struct dh_local *local)
{
	struct diag d;
	struct bytes der = hexb(pkcs8_hex);
	SECItem item = { siBuffer, (unsigned char *)der.ptr, (unsigned)der.len };
	SECKEYPrivateKey *priv = NULL;
	PK11SlotInfo *slot = PK11_GetInternalSlot();

	assert_non_null(slot);
	SECStatus rv = PK11_ImportDERPrivateKeyInfoAndReturnKey(slot, &item, NULL, NULL,
							       PR_FALSE, PR_TRUE, KU_ALL,
							       &priv, NULL);
	PK11_FreeSlot(slot);
	assert_int_equal(rv, SECSuccess);
	assert_non_null(priv);
	assert_true(dh_local_adopt(group(id), priv, hexb(gi_hex), local, &d));
}

static void check_kat(unsigned id, const char *pkcs8, const char *gi, const char *gr,
		      const char *gir)
{
	struct dh_local local;
	struct diag d;

	adopt(id, pkcs8, gi, &local);
	PK11SymKey *secret = dh_shared_secret(&local, hexb(gr), &d);
	if (secret == NULL)
		fail_msg("%s", d.msg);
	struct bytes want = hexb(gir);
	assert_int_equal(symkey_len(secret), want.len);
	assert_key_equals_hex(secret, 0, gir);
	symkey_release(&secret);

	/* The peer's point with one bit of y flipped is not on the curve. */
	if (group(id)->dh_kind == DH_ECP) {
		uint8_t bad[DH_MAX_KE_SIZE];
		size_t n = hex_to(gr, bad, sizeof(bad));
		bad[n - 1] ^= 1;
		assert_null(dh_shared_secret(&local, BYTES(bad, n), &d));
		assert_non_null(strstr(d.msg, "rejected by NSS"));
	}
	/* Wrong length: one byte short, and the 0x04-prefixed SEC 1 form. */
	struct bytes peer = hexb(gr);
	assert_null(dh_shared_secret(&local, BYTES(peer.ptr, peer.len - 1), &d));
	assert_non_null(strstr(d.msg, "public value is"));
	dh_local_free(&local);
}

static void test_ecp256_rfc5903(void **state)
{
	check_kat(IKEv2_DH_ECP_256, P256_PKCS8, P256_GI, P256_GR, P256_GIR);
}

/* g^ir straight from NSS's ECDH feeds SKEYSEED: compared with
 * HMAC-SHA-256(Ni | Nr, girx) computed by Python's hmac module, where
 * Ni = 00..1f and Nr = a0..bf (as in kdf_reference.py). */
static void test_ecdh_secret_feeds_skeyseed(void **state)
{
	struct dh_local local;
	struct diag d;
	uint8_t ni[32], nr[32];
	for (unsigned i = 0; i < 32; i++) {
		ni[i] = (uint8_t)i;
		nr[i] = (uint8_t)(0xa0 + i);
	}
	adopt(IKEv2_DH_ECP_256, P256_PKCS8, P256_GI, &local);
	PK11SymKey *gir = dh_shared_secret(&local, hexb(P256_GR), &d);
	assert_non_null(gir);
	const struct ike_alg *prf = ike_alg_by_id(TRANS_PRF, IKEv2_PRF_HMAC_SHA2_256);
	PK11SymKey *skeyseed = ikev2_skeyseed(prf, BYTES(ni, 32), BYTES(nr, 32), gir, &d);
	assert_key_equals_hex(skeyseed, 0, "e3ffa4059bf9a97d34ca6ce8e8463d748624068d21a16e9a576babe667722ade");
	/* and as the PFS seed key of prf+ */
	PK11SymKey *keymat = prf_plus(prf, skeyseed, gir, BYTES(ni, 32), 64, &d);
	assert_int_equal(symkey_len(keymat), 64);
	symkey_release(&keymat);
	symkey_release(&skeyseed);
	symkey_release(&gir);

	/* The point at infinity / all zeros is not a public value. */
	uint8_t zero[64] = { 0 };
	assert_null(dh_shared_secret(&local, BYTES(zero, sizeof(zero)), &d));
	dh_local_free(&local);
}

static void test_ecp384_rfc5903(void **state)
{
	check_kat(IKEv2_DH_ECP_384, P384_PKCS8, P384_GI, P384_GR, P384_GIR);
}

static void test_ecp521_rfc5903(void **state)
{
	check_kat(IKEv2_DH_ECP_521, P521_PKCS8, P521_GI, P521_GR, P521_GIR);
}

static void test_x25519_rfc7748(void **state)
{
	check_kat(IKEv2_DH_CURVE25519, X25519_PKCS8, X25519_GI, X25519_GR, X25519_GIR);

	/*
	 * Points of small order give an all-zero secret (RFC 7748 §6.1,
	 * RFC 8031 §2.3): 0, 1, the two points of order 8, and p - 1, p, p + 1
	 * (non-canonical encodings of -1, 0 and 1).  NSS 3.87 refuses these
	 * itself; dh_shared_secret() checks the result again regardless.
	 */
	static const char *const low_order[] = {
		"0000000000000000000000000000000000000000000000000000000000000000",
		"0100000000000000000000000000000000000000000000000000000000000000",
		"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
		"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	};
	struct dh_local local;
	struct diag d;
	adopt(IKEv2_DH_CURVE25519, X25519_PKCS8, X25519_GI, &local);
	for (size_t i = 0; i < sizeof(low_order) / sizeof(low_order[0]); i++) {
		PK11SymKey *s = dh_shared_secret(&local, hexb(low_order[i]), &d);
		if (s != NULL)
			fail_msg("low-order point %zu accepted", i);
	}
	dh_local_free(&local);
}

/* Fresh key pairs: both sides agree, and the KE data has the wire size. */
static void round_trip(unsigned id)
{
	struct dh_local a, b;
	struct diag d;
	const struct ike_alg *g = group(id);

	assert_true(dh_local_new(g, &a, &d));
	assert_true(dh_local_new(g, &b, &d));
	assert_int_equal(a.ke_len, g->ke_size);
	assert_int_equal(b.ke_len, g->ke_size);
	assert_memory_not_equal(a.ke, b.ke, a.ke_len);
	PK11SymKey *sa = dh_shared_secret(&a, BYTES(b.ke, b.ke_len), &d);
	PK11SymKey *sb = dh_shared_secret(&b, BYTES(a.ke, a.ke_len), &d);
	assert_non_null(sa);
	assert_non_null(sb);
	size_t n = symkey_len(sa);
	assert_int_equal(n, g->dh_kind == DH_ECP ? g->ke_size / 2 : g->ke_size);
	assert_int_equal(symkey_len(sb), n);
	uint8_t va[256], vb[256];
	assert_true(symkey_extract(sa, 0, n, va, sizeof(va), &d));
	assert_true(symkey_extract(sb, 0, n, vb, sizeof(vb), &d));
	assert_memory_equal(va, vb, n);
	symkey_release(&sa);
	symkey_release(&sb);
	dh_local_free(&a);
	dh_local_free(&b);
}

static void test_round_trips(void **state)
{
	round_trip(IKEv2_DH_MODP2048);
	round_trip(IKEv2_DH_ECP_256);
	round_trip(IKEv2_DH_ECP_384);
	round_trip(IKEv2_DH_ECP_521);
	round_trip(IKEv2_DH_CURVE25519);
}

static void test_modp_range(void **state)
{
	struct dh_local a;
	struct diag d;
	uint8_t y[256];

	assert_true(dh_local_new(group(IKEv2_DH_MODP2048), &a, &d));
	/* 0, 1, p - 1 and p are refused; 2 and p - 2 are in range. */
	memset(y, 0, sizeof(y));
	assert_null(dh_shared_secret(&a, BYTES(y, sizeof(y)), &d));
	assert_non_null(strstr(d.msg, "out of range"));
	y[255] = 1;
	assert_null(dh_shared_secret(&a, BYTES(y, sizeof(y)), &d));
	assert_non_null(strstr(d.msg, "out of range"));
	memcpy(y, dh_modp2048_prime, sizeof(y));
	y[255] -= 1;
	assert_null(dh_shared_secret(&a, BYTES(y, sizeof(y)), &d));
	assert_non_null(strstr(d.msg, "out of range"));
	y[255] += 1;
	assert_null(dh_shared_secret(&a, BYTES(y, sizeof(y)), &d));
	assert_non_null(strstr(d.msg, "out of range"));
	memset(y, 0xff, sizeof(y));
	assert_null(dh_shared_secret(&a, BYTES(y, sizeof(y)), &d));

	memcpy(y, dh_modp2048_prime, sizeof(y));
	y[255] -= 2;
	PK11SymKey *s = dh_shared_secret(&a, BYTES(y, sizeof(y)), &d);
	assert_non_null(s);
	assert_int_equal(symkey_len(s), 256);
	symkey_release(&s);
	memset(y, 0, sizeof(y));
	y[255] = 2;
	s = dh_shared_secret(&a, BYTES(y, sizeof(y)), &d);
	assert_non_null(s);
	/* g^ir keeps its leading zero bytes: always the modulus length. */
	assert_int_equal(symkey_len(s), 256);
	symkey_release(&s);

	assert_null(dh_shared_secret(&a, BYTES(y, 255), &d));
	assert_string_equal(d.msg, "MODP2048 public value is 255 bytes; expected 256");
	dh_local_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecp256_rfc5903),
		cmocka_unit_test(test_ecdh_secret_feeds_skeyseed),
		cmocka_unit_test(test_ecp384_rfc5903),
		cmocka_unit_test(test_ecp521_rfc5903),
		cmocka_unit_test(test_x25519_rfc7748),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_modp_range),
	};
	return cmocka_run_group_tests(tests, nss_setup, nss_teardown);
}
