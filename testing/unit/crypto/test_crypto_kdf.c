/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HMAC, prf+, SKEYSEED, IKE SA and Child SA key derivation, and the
 * shared-key AUTH values.
 *
 * HMAC vectors: RFC 4231 §4.2, §4.3, §4.7 and RFC 4868 §2.7.2 (the
 * AUTH-HMAC-SHA2 inputs with full-length keys).  Every other expected
 * value here was computed once by kdf_reference.py (beside this file),
 * an independent implementation using only Python's hmac and hashlib.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth.h"
#include "crypto_test_util.h"
#include "ike_alg.h"
#include "log.h"
#include "prf.h"
#include "symkey.h"

/* --- values printed by kdf_reference.py --- */
#define PRFPLUS_SHA384_200 "9462af46b72fd110dcd57e6961bd3c59495a5b28442a1f01c592674479d9b800ebca4a101ed8926b1937182fa80f19950fb541562d55af62154fbd338074fd25d49e302dcaba5220dec35dc909010363aeedf5ed72fe9710ab0c26dd1b102b9ac2da1211eb83e6d728a318ffc378cc53800eee0e849e44360a730b2975fa545051850ba7668246b95d15b3d1484cc4072f2b92e5e696bd46fe55557ff7455842242366ea048b72e101caebf6187b199d226a221d2444b74f4569df29a1fefb09119cd5bf9cf12b62"
#define PRFPLUS_SHA256_KEYSEED_100 "47bd01b43bd3cc3beeeb30582d1d7392a464df09afee4c165ff302acf481330520e71ea28be2050ed44949cf1e70fc45cd656d31c46edc285569daf8ae63782f7ab8ea8a8419449cf31ff4db5adfbfe3e7609c366c0d49338be762426ce75472ac66e6c5"
#define A_SKEYSEED "440fd5fd1430e1d3b055de7a2a9146b2db5051eb4cc90e3f8fef409b1b6464b6"
#define A_SK_D "93ddbc85f96cef3343bd89761475724fc4d05b1f4958c3932431206e5dd23403"
#define A_SK_EI "3a255c5e16b06d21fd2f7c3d3c821824a71724550e41d901f4cc42bf5a160226dcdf5438"
#define A_SK_ER "20e91a7283d7fe1a35e3079e172cc80daff2ba903da1c67c51d05db1e5f021b127b51ced"
#define A_SK_PI "1ad0e4a01f861276472f4cfdf68286954f33baf7f2f7b718342dcfa96b402f13"
#define A_SK_PR "563359c1bdbd7c1d66355225c9a58f2c244e557c4cc5aa18a00b85c652922f37"
#define A_REKEY_SKEYSEED "0fc1882e4635459cf553e2f8aba46abe15beebf386f9e52f651cbd707965b656"
#define A_CHILD_GCM128 "73ebdced47ccc8711ec606417eeed5450e465d116e4558e6b92a2cfd43e5058fc197a29eaec01ebc"
#define A_CHILD_CBC256_PFS "ed0d1f18a3815ec6949ca5aa181926b36b5a53c2dab8479afb5904c51c9144fb02d0bd31c1d94da6f3c1525d83eb6165e0ebb9665638dae43ce0b2474afaaa6fa88ed522bfd945d99f3b7d0bfda0bc5ee2ff11f31e9687631be6a00871c6a8d683975507084c8e97ff4a54c60c1b7f32b3707e21f33175f557cc2392dea2ed23"
#define B_SKEYSEED "52fa83314340b221a51f009eea3a648bfb741d54ad7e83eeeb3a9137a5ef7b549a533cc8ce29ded19f4c09b3c2ac6e4dd0b76796a4afcaf2dff0f08519a12792"
#define B_SK_D "c4512e77678e1528022e6162f27f83aafe3c12add85c9cda17047ed38efb284bb6f7d04075c075200b88fb658d67336dafe5788a38c6ba0a9198584edcc8c190"
#define B_SK_AI "08b7db8b30b53130cf856fe8b89dafc85ed2fa29bc591c7c2017e60f5efc7ac7d254e32b941c2c670a97199fb865dc4438fcb02e7315db9603b018cde8e5e756"
#define B_SK_AR "3e75de50c56544ede262f7d5facdd8317509d7ad5a35e5928526a4b709682e8c855529bd8dd1b9974c13e99dfd740eb8c6cead7a7c64d4e65ff003e94e9664dd"
#define B_SK_EI "841433eba1c4455939546212dfbc9fb2"
#define B_SK_ER "7b187df8a50fcd28f6e7a1990c36b70e"
#define B_SK_PI "183c10f0f209ae3d9889e3a3dbbd83cda2480ff37dddd088a8245727813ffc23ce0f5548a029dc7e4321277a83bcbc3f1f7f6957bd40d8769f2c1be6535dc725"
#define B_SK_PR "6d7f34026389362732c4c7fd635221d6a7339b3ea17462846e23af4b50c8029dcd354c9731b0e35d9646bd310e953f7ecef994d5942d8c383ae4dfc1474de015"
#define AUTH_PSK_SHA256 "2cea07cfaa30009108a7c259dbde52d8b55811901f0e1cce95de09d24e94b879"
#define AUTH_NULL_SHA256 "161db26fbd33f912b700f9edaa5ce9f94740c0f0960c2690db95a9086e688791"

/* The fixed inputs kdf_reference.py uses. */
static uint8_t ni[32], nr[32], gir[32], gir_new[48];
static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t spi_r[8] = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 };

static void make_inputs(void)
{
	for (unsigned i = 0; i < 32; i++) {
		ni[i] = (uint8_t)i;
		nr[i] = (uint8_t)(0xa0 + i);
		gir[i] = (uint8_t)(7 * i + 3);
	}
	for (unsigned i = 0; i < 48; i++)
		gir_new[i] = (uint8_t)(11 * i + 5);
}

static const struct ike_alg *prf_alg(unsigned id)
{
	const struct ike_alg *a = ike_alg_by_id(TRANS_PRF, id);
	assert_non_null(a);
	return a;
}

static void check_hmac(unsigned prf_id, struct bytes key, struct bytes data, const char *want_hex)
{
	const struct ike_alg *prf = prf_alg(prf_id);
	PK11SymKey *k = symkey_from_bytes(key);
	uint8_t out[PRF_MAX_SIZE];
	struct diag d;

	assert_non_null(k);
	assert_true(prf_bytes(prf, k, &data, 1, out, &d));
	struct bytes want = hexb(want_hex);
	assert_int_equal(want.len, prf->hash_size);
	assert_memory_equal(out, want.ptr, want.len);
	PK11_FreeSymKey(k);
}

static void test_hmac_rfc4231(void **state)
{
	uint8_t k20[20], k131[131];
	memset(k20, 0x0b, sizeof(k20));
	memset(k131, 0xaa, sizeof(k131));
	struct bytes hi = BYTES("Hi There", 8);
	struct bytes jefe = BYTES("Jefe", 4);
	struct bytes what = BYTES("what do ya want for nothing?", 28);
	struct bytes larger = BYTES("Test Using Larger Than Block-Size Key - Hash Key First", 54);

	/* §4.2 test case 1 */
	check_hmac(IKEv2_PRF_HMAC_SHA2_256, BYTES(k20, 20), hi,
		   "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	check_hmac(IKEv2_PRF_HMAC_SHA2_384, BYTES(k20, 20), hi,
		   "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
		   "faea9ea9076ede7f4af152e8b2fa9cb6");
	check_hmac(IKEv2_PRF_HMAC_SHA2_512, BYTES(k20, 20), hi,
		   "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
		   "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
	/* §4.3 test case 2 */
	check_hmac(IKEv2_PRF_HMAC_SHA2_256, jefe, what,
		   "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	check_hmac(IKEv2_PRF_HMAC_SHA2_384, jefe, what,
		   "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
		   "8e2240ca5e69e2c78b3239ecfab21649");
	/* §4.7 test case 6: a key longer than the block is hashed first */
	check_hmac(IKEv2_PRF_HMAC_SHA2_256, BYTES(k131, 131), larger,
		   "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	check_hmac(IKEv2_PRF_HMAC_SHA2_512, BYTES(k131, 131), larger,
		   "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
		   "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
}

/* RFC 4868 §2.7.2: AUTH-HMAC-SHA-256/384/512 with keys of the full hash
 * size; the ICV is the truncated prefix (the integ rows say how much). */
static void test_hmac_rfc4868_integ(void **state)
{
	static const struct {
		unsigned integ;
		size_t key_len;
		const char *full;
	} v[] = {
		{ IKEv2_INTEG_HMAC_SHA2_256_128, 32,
		  "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7" },
		{ IKEv2_INTEG_HMAC_SHA2_384_192, 48,
		  "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee9737a959796489bddbc"
		  "4c5df61d5b3297b4fb68dab9f1b582c2" },
		{ IKEv2_INTEG_HMAC_SHA2_512_256, 64,
		  "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"
		  "ac2878ebd5803f6f0b61dbce5e251ff8789a4722c1be65aea45fd464e89f8f5b" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		const struct ike_alg *integ = ike_alg_by_id(TRANS_INTEG, v[i].integ);
		uint8_t key[64], out[PRF_MAX_SIZE];
		struct bytes data = BYTES("Hi There", 8);
		struct diag d;

		assert_non_null(integ);
		assert_int_equal(integ->integ_key_size, v[i].key_len);
		assert_int_equal(integ->icv_size * 2, v[i].key_len);
		memset(key, 0x0b, v[i].key_len);
		PK11SymKey *k = symkey_from_bytes(BYTES(key, v[i].key_len));
		assert_true(prf_bytes(integ, k, &data, 1, out, &d));
		struct bytes want = hexb(v[i].full);
		assert_memory_equal(out, want.ptr, integ->icv_size);
		assert_memory_equal(out, want.ptr, want.len);
		PK11_FreeSymKey(k);
	}
}

static void test_prf_plus(void **state)
{
	struct diag d;
	PK11SymKey *key = symkey_from_bytes(hexb("404142434445464748494a4b4c4d4e4f"
						 "505152535455565758595a5b5c5d5e5f"
						 "606162636465666768696a6b6c6d6e6f"));
	struct bytes seed = BYTES("xswan prf+ test seed", 20);

	PK11SymKey *out = prf_plus(prf_alg(IKEv2_PRF_HMAC_SHA2_384), key, NULL, seed, 200, &d);
	assert_int_equal(symkey_len(out), 200);
	assert_key_equals_hex(out, 0, PRFPLUS_SHA384_200);
	symkey_release(&out);

	/* A seed key goes first: prf+(K, g^ir | data). */
	PK11SymKey *seed_key = symkey_from_bytes(BYTES(gir, sizeof(gir)));
	out = prf_plus(prf_alg(IKEv2_PRF_HMAC_SHA2_256), key, seed_key, seed, 100, &d);
	assert_key_equals_hex(out, 0, PRFPLUS_SHA256_KEYSEED_100);
	symkey_release(&out);

	/* §2.13: at most 255 blocks. */
	out = prf_plus(prf_alg(IKEv2_PRF_HMAC_SHA2_256), key, NULL, seed, 255 * 32 + 1, &d);
	assert_null(out);
	assert_non_null(strstr(d.msg, "prf+ cannot produce"));

	symkey_release(&seed_key);
	symkey_release(&key);
}

/* Left-padding a key (a short MODP g^ir) keeps it in NSS. */
static void test_symkey_helpers(void **state)
{
	struct diag d;
	PK11SymKey *k = hex_key("101112131415161718191a1b1c1d1e1f");
	static const uint8_t zeros[2];
	PK11SymKey *padded = symkey_prepend_bytes(k, BYTES(zeros, 2));
	assert_int_equal(symkey_len(padded), 18);
	assert_key_equals_hex(padded, 0, "0000101112131415161718191a1b1c1d1e1f");
	PK11SymKey *slice = symkey_slice(padded, 3, 5);
	assert_key_equals_hex(slice, 0, "1112131415");
	assert_null(symkey_slice(padded, 14, 5));	/* beyond the end */
	assert_null(symkey_from_bytes(NO_BYTES));
	uint8_t out[4];
	assert_false(symkey_extract(padded, 10, 8, out, sizeof(out), &d));
	assert_false(symkey_extract(padded, 16, 4, out, sizeof(out), &d));
	assert_non_null(strstr(d.msg, "beyond the key's 18 bytes"));
	symkey_release(&slice);
	symkey_release(&padded);
	symkey_release(&k);
}

static void test_ike_keys_gcm_sha256(void **state)
{
	struct diag d;
	const struct ike_alg *prf = prf_alg(IKEv2_PRF_HMAC_SHA2_256);
	PK11SymKey *g = symkey_from_bytes(BYTES(gir, sizeof(gir)));
	PK11SymKey *skeyseed = ikev2_skeyseed(prf, BYTES(ni, 32), BYTES(nr, 32), g, &d);
	assert_int_equal(symkey_len(skeyseed), 32);
	assert_key_equals_hex(skeyseed, 0, A_SKEYSEED);

	struct ike_suite suite = {
		.encr = ike_alg_by_id(TRANS_ENCR, IKEv2_ENCR_AES_GCM_16),
		.enc_key_bits = 256,
		.prf = prf,
		.integ = ike_alg_by_id(TRANS_INTEG, IKEv2_INTEG_NONE),
	};
	struct ike_sa_keys k;
	assert_true(ikev2_derive_ike_keys(&suite, skeyseed, BYTES(ni, 32), BYTES(nr, 32),
					  spi_i, spi_r, &k, &d));
	/* One key object for SK_d .. SK_er, cut out on use. */
	assert_null(k.sk_d);
	assert_null(k.sk_ei);
	assert_non_null(k.packed);
	assert_null(ike_sa_key(&k, IKE_KEY_AI));	/* AEAD: no SK_a* */
	assert_null(ike_sa_key(&k, IKE_KEY_AR));
	PK11SymKey *sk_d = ike_sa_key(&k, IKE_KEY_D);
	PK11SymKey *sk_ei = ike_sa_key(&k, IKE_KEY_EI), *sk_er = ike_sa_key(&k, IKE_KEY_ER);
	assert_key_equals_hex(sk_d, 0, A_SK_D);
	/* SK_ei is the 32-byte key; the 4 bytes after it are the salt. */
	struct bytes ei = hexb(A_SK_EI), er = hexb(A_SK_ER);
	assert_int_equal(symkey_len(sk_ei), 32);
	uint8_t got[32];
	assert_true(symkey_extract(sk_ei, 0, 32, got, sizeof(got), &d));
	assert_memory_equal(got, ei.ptr, 32);
	assert_memory_equal(k.salt_i, ei.ptr + 32, 4);
	assert_true(symkey_extract(sk_er, 0, 32, got, sizeof(got), &d));
	assert_memory_equal(got, er.ptr, 32);
	assert_memory_equal(k.salt_r, er.ptr + 32, 4);
	assert_key_equals_hex(k.sk_pi, 0, A_SK_PI);
	assert_key_equals_hex(k.sk_pr, 0, A_SK_PR);

	/* Rekeyed IKE SA (§2.18). */
	PK11SymKey *g2 = symkey_from_bytes(BYTES(gir_new, sizeof(gir_new)));
	PK11SymKey *rekeyed = ikev2_skeyseed_rekey(prf, sk_d, g2, BYTES(ni, 32), BYTES(nr, 32), &d);
	assert_key_equals_hex(rekeyed, 0, A_REKEY_SKEYSEED);

	/* Child SA without PFS: AES-GCM-16 128 (16 + 4 salt per direction). */
	struct ike_suite esp_gcm = {
		.encr = ike_alg_by_id(TRANS_ENCR, IKEv2_ENCR_AES_GCM_16),
		.enc_key_bits = 128,
	};
	struct child_sa_keys c;
	assert_true(ikev2_derive_child_keys(&esp_gcm, prf, sk_d, NULL, BYTES(ni, 32), BYTES(nr, 32),
					    &c, &d));
	uint8_t ek[64], ik[64];
	size_t el, il;
	struct bytes want = hexb(A_CHILD_GCM128);
	assert_true(child_keys_extract(&c, true, ek, sizeof(ek), &el, ik, sizeof(ik), &il, &d));
	assert_int_equal(el, 20);
	assert_int_equal(il, 0);
	assert_memory_equal(ek, want.ptr, 20);	/* initiator to responder first */
	assert_true(child_keys_extract(&c, false, ek, sizeof(ek), &el, ik, sizeof(ik), &il, &d));
	assert_memory_equal(ek, want.ptr + 20, 20);
	child_sa_keys_free(&c);

	/* Child SA with PFS: AES-CBC-256 + HMAC-SHA2-256-128. */
	struct ike_suite esp_cbc = {
		.encr = ike_alg_by_id(TRANS_ENCR, IKEv2_ENCR_AES_CBC),
		.enc_key_bits = 256,
		.integ = ike_alg_by_id(TRANS_INTEG, IKEv2_INTEG_HMAC_SHA2_256_128),
	};
	assert_true(ikev2_derive_child_keys(&esp_cbc, prf, sk_d, g2, BYTES(ni, 32), BYTES(nr, 32),
					    &c, &d));
	want = hexb(A_CHILD_CBC256_PFS);
	assert_true(child_keys_extract(&c, true, ek, sizeof(ek), &el, ik, sizeof(ik), &il, &d));
	assert_int_equal(el, 32);
	assert_int_equal(il, 32);
	assert_memory_equal(ek, want.ptr, 32);
	assert_memory_equal(ik, want.ptr + 32, 32);
	assert_true(child_keys_extract(&c, false, ek, sizeof(ek), &el, ik, sizeof(ik), &il, &d));
	assert_memory_equal(ek, want.ptr + 64, 32);
	assert_memory_equal(ik, want.ptr + 96, 32);
	/* A buffer too small is refused, not overrun. */
	assert_false(child_keys_extract(&c, false, ek, 16, &el, ik, sizeof(ik), &il, &d));
	child_sa_keys_free(&c);

	symkey_release(&rekeyed);
	symkey_release(&g2);
	symkey_release(&sk_d);
	symkey_release(&sk_ei);
	symkey_release(&sk_er);
	ike_sa_keys_free(&k);
	symkey_release(&skeyseed);
	symkey_release(&g);
}

/* Each of the CBC/SHA-512 vectors' SK_d .. SK_er that ike_sa_key() gives
 * is the right key; a key that does not exist is refused. */
static void assert_cut_keys(const struct ike_sa_keys *k)
{
	const struct { enum ike_key which; const char *hex; } cut[] = {
		{ IKE_KEY_D, B_SK_D }, { IKE_KEY_AI, B_SK_AI }, { IKE_KEY_AR, B_SK_AR },
		{ IKE_KEY_EI, B_SK_EI }, { IKE_KEY_ER, B_SK_ER },
	};

	for (unsigned i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		PK11SymKey *key = ike_sa_key(k, cut[i].which);
		assert_non_null(key);
		assert_key_equals_hex(key, 0, cut[i].hex);
		symkey_release(&key);
	}
	assert_null(ike_sa_key(k, (enum ike_key)99));
}

static void test_ike_keys_cbc_sha512(void **state)
{
	struct diag d;
	const struct ike_alg *prf = prf_alg(IKEv2_PRF_HMAC_SHA2_512);
	PK11SymKey *g = symkey_from_bytes(BYTES(gir, sizeof(gir)));
	PK11SymKey *skeyseed = ikev2_skeyseed(prf, BYTES(ni, 32), BYTES(nr, 32), g, &d);
	assert_key_equals_hex(skeyseed, 0, B_SKEYSEED);

	struct ike_suite suite = {
		.encr = ike_alg_by_id(TRANS_ENCR, IKEv2_ENCR_AES_CBC),
		.enc_key_bits = 128,
		.prf = prf,
		.integ = ike_alg_by_id(TRANS_INTEG, IKEv2_INTEG_HMAC_SHA2_512_256),
	};
	struct ike_sa_keys k;
	assert_true(ikev2_derive_ike_keys(&suite, skeyseed, BYTES(ni, 32), BYTES(nr, 32),
					  spi_i, spi_r, &k, &d));
	assert_key_equals_hex(k.sk_pi, 0, B_SK_PI);
	assert_key_equals_hex(k.sk_pr, 0, B_SK_PR);

	/* SK_d .. SK_er are one key object; each cut out is the right key. */
	assert_null(k.sk_d);
	assert_null(k.sk_ai);
	assert_null(k.sk_er);
	assert_cut_keys(&k);

	/* Compacted (the established IKE SA's bytes, no NSS object): every
	 * key brought back into NSS is the same key. */
	assert_true(ike_sa_keys_compact(&k, &d));
	assert_null(k.packed);
	assert_non_null(k.raw);
	assert_cut_keys(&k);
	ike_sa_keys_free(&k);
	assert_null(k.packed);
	assert_null(k.raw);

	/* A suite that makes no sense is refused before any derivation. */
	suite.integ = NULL;
	assert_false(ikev2_derive_ike_keys(&suite, skeyseed, BYTES(ni, 32), BYTES(nr, 32),
					   spi_i, spi_r, &k, &d));
	assert_string_equal(d.msg, "AES_CBC needs an integrity algorithm");
	symkey_release(&skeyseed);
	symkey_release(&g);
}

static void test_auth_psk_and_null(void **state)
{
	struct diag d;
	const struct ike_alg *prf = prf_alg(IKEv2_PRF_HMAC_SHA2_256);
	uint8_t real_message[300];
	for (unsigned i = 0; i < sizeof(real_message); i++)
		real_message[i] = (uint8_t)(5 * i + 1);
	static const uint8_t id_body[] = { 2, 0, 0, 0, 'w', 'e', 's', 't', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e' };
	PK11SymKey *sk_pi = hex_key("101112131415161718191a1b1c1d1e1f"
				    "202122232425262728292a2b2c2d2e2f");
	struct auth_signed_octets o = {
		.real_message = BYTES(real_message, sizeof(real_message)),
		.nonce = BYTES(nr, sizeof(nr)),
		.id_body = BYTES(id_body, sizeof(id_body)),
		.sk_p = sk_pi,
	};
	struct bytes psk = BYTES("this is a pre-shared key", 24);
	uint8_t auth[PRF_MAX_SIZE];
	size_t len;

	assert_true(ikev2_psk_auth(prf, psk, &o, auth, &len, &d));
	assert_int_equal(len, 32);
	assert_memory_equal(auth, hexb(AUTH_PSK_SHA256).ptr, 32);
	assert_true(ikev2_psk_auth_verify(prf, psk, &o, BYTES(auth, len), &d));

	/* A wrong PSK, a changed message or a flipped AUTH bit all fail. */
	assert_false(ikev2_psk_auth_verify(prf, BYTES("this is a pre-shared kez", 24), &o,
					   BYTES(auth, len), &d));
	assert_string_equal(d.msg, "AUTH mismatch: the peer's AUTH does not match the computed value");
	auth[31] ^= 1;
	assert_false(ikev2_psk_auth_verify(prf, psk, &o, BYTES(auth, len), &d));
	auth[31] ^= 1;
	real_message[0] ^= 0x80;
	assert_false(ikev2_psk_auth_verify(prf, psk, &o, BYTES(auth, len), &d));
	real_message[0] ^= 0x80;
	assert_false(ikev2_psk_auth_verify(prf, psk, &o, BYTES(auth, len - 1), &d));
	assert_non_null(strstr(d.msg, "31 bytes"));

	/* RFC 7619: SK_pi itself is the shared secret. */
	assert_true(ikev2_null_auth(prf, &o, auth, &len, &d));
	assert_memory_equal(auth, hexb(AUTH_NULL_SHA256).ptr, 32);
	assert_true(ikev2_null_auth_verify(prf, &o, BYTES(auth, len), &d));
	auth[0] ^= 1;
	assert_false(ikev2_null_auth_verify(prf, &o, BYTES(auth, len), &d));

	symkey_release(&sk_pi);
}

/*
 * With every debug class on, the whole derivation and AUTH path logs
 * algorithm names and sizes, never key bytes: none of the reference
 * keys appears, in hex or raw, in what was logged.
 */
static void test_no_keys_in_logs(void **state)
{
	char *logged = NULL;
	size_t logged_len = 0;
	FILE *f = open_memstream(&logged, &logged_len);
	assert_non_null(f);
	log_set_file(f, false);
	log_set_debug(DBG_ALL);

	test_ike_keys_gcm_sha256(state);
	test_ike_keys_cbc_sha512(state);
	test_auth_psk_and_null(state);

	log_set_debug(0);
	log_set_file(NULL, false);
	fclose(f);
	assert_non_null(strstr(logged, "SKEYSEED: HMAC_SHA2_256"));
	static const char *const secrets[] = {
		A_SKEYSEED, A_SK_D, A_SK_EI, A_SK_ER, A_SK_PI, A_SK_PR, A_CHILD_GCM128,
		A_CHILD_CBC256_PFS, B_SKEYSEED, B_SK_D, B_SK_AI, B_SK_AR, B_SK_EI, B_SK_ER,
		B_SK_PI, B_SK_PR,
	};
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		char hex[17];
		snprintf(hex, sizeof(hex), "%.16s", secrets[i]);
		assert_null(strcasestr(logged, hex));
		struct bytes raw = hexb(secrets[i]);
		assert_null(memmem(logged, logged_len, raw.ptr, 8));
	}
	assert_null(strstr(logged, "this is a pre-shared key"));
	free(logged);
}

int main(void)
{
	make_inputs();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_hmac_rfc4868_integ),
		cmocka_unit_test(test_prf_plus),
		cmocka_unit_test(test_symkey_helpers),
		cmocka_unit_test(test_ike_keys_gcm_sha256),
		cmocka_unit_test(test_ike_keys_cbc_sha512),
		cmocka_unit_test(test_auth_psk_and_null),
		cmocka_unit_test(test_no_keys_in_logs),
	};
	return cmocka_run_group_tests(tests, nss_setup, nss_teardown);
}
