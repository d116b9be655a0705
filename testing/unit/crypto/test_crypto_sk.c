/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SK payload protection.  AEAD known answers: McGrew & Viega, "The
 * Galois/Counter Mode of Operation", test cases 4 (AES-128) and 16
 * (AES-256), and RFC 8439 §2.8.2 (ChaCha20-Poly1305), through sk_aead().
 * Whole SK messages: built by sk_reference.py (Python `cryptography`, not
 * NSS) and opened by sk_decrypt(); then round trips and tampering.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "crypto_test_util.h"
#include "ike_alg.h"
#include "prf.h"
#include "sk.h"
#include "symkey.h"

/* --- printed by sk_reference.py --- */
#define SK_GCM256_MSG "010203040506070811121314151617182e20230800000001000000692300004db1b2b3b4b5b6b7b827194b67fe746cd3f3383ca5cdb605ff39839c61753f9faaf8fc8b8c1847d5d31c3b0af02094bf6629750bc81cdaed9b104e1ec2267ec0e442feaec2ce098c531f"
#define SK_CHACHA_MSG "010203040506070811121314151617182e20230800000001000000662300004ad1d2d3d4d5d6d7d8480caa0fd3514848a55852401f4b0ec2f5ba298160387c286167e71727dbfa80c35bb5966c5c1dfe722389007823289945eef6819196e061a7f181fb38bf"
#define SK_CBC128_MSG "010203040506070811121314151617182e202308000000010000007023000054909192939495969798999a9b9c9d9e9fcc187c4fdeabacef0d65d49d1e256b0b1f8a52bd1abd16f4972be2dd809252550c11a33eca2d2f1a8f17cf6719fb3ef8ae70310dcae7c68e5cd2e37ef052557f"
#define SK_INNER "070a0d101316191c1f2225282b2e3134373a3d404346494c4f5255585b5e6164676a6d707376797c7f8285888b"

#define GCM_P "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
	"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define GCM_A "feedfacedeadbeeffeedfacedeadbeefabaddad2"
#define GCM_K4 "feffe9928665731c6d6a8f9467308308"
#define GCM_C4 "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e" \
	"21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091" \
	"5bc94fbc3221a5db94fae95ae7121a47"
#define GCM_K16 "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
#define GCM_C16 "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" \
	"8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" \
	"76fc6ece0f4e1768cddf8853bb2d551b"
/* The 96-bit IV cafebabe facedbaddecaf888 is salt || wire IV. */
#define GCM_SALT "cafebabe"
#define GCM_IV "facedbaddecaf888"

#define CHACHA_K "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
#define CHACHA_SALT "07000000"
#define CHACHA_IV "4041424344454647"
#define CHACHA_A "50515253c0c1c2c3c4c5c6c7"
#define CHACHA_P "4c616469657320616e642047656e746c656d656e206f662074686520636c6173" \
	"73206f66202739393a204966204920636f756c64206f6666657220796f75206f" \
	"6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73" \
	"637265656e20776f756c642062652069742e"
#define CHACHA_C "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6" \
	"3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36" \
	"92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc" \
	"3ff4def08e4b7a9de576d26586cec64b6116" \
	"1ae10b594f09e26a7e902ecbd0600691"

static const struct ike_alg *encr(unsigned id)
{
	const struct ike_alg *a = ike_alg_by_id(TRANS_ENCR, id);
	assert_non_null(a);
	return a;
}

/* A key of HEX typed for ALG's NSS mechanism. */
static PK11SymKey *typed_key(const struct ike_alg *alg, const char *hex)
{
	PK11SymKey *raw = hex_key(hex);
	PK11SymKey *k = symkey_slice_for(raw, 0, symkey_len(raw), alg->nss_mech);
	PK11_FreeSymKey(raw);
	assert_non_null(k);
	return k;
}

static void check_aead_kat(unsigned id, const char *key_hex, const char *salt, const char *iv,
			   const char *aad, const char *p_hex, const char *c_hex)
{
	const struct ike_alg *a = encr(id);
	PK11SymKey *key = typed_key(a, key_hex);
	struct bytes p = hexb(p_hex), c = hexb(c_hex);
	uint8_t salt_b[4], iv_b[8], aad_b[64], p_b[256], c_b[256], out[256];
	size_t n;

	hex_to(salt, salt_b, sizeof(salt_b));
	hex_to(iv, iv_b, sizeof(iv_b));
	size_t aad_len = hex_to(aad, aad_b, sizeof(aad_b));
	memcpy(p_b, p.ptr, p.len);
	size_t p_len = p.len;
	memcpy(c_b, c.ptr, c.len);
	size_t c_len = c.len;

	assert_true(sk_aead(a, key, salt_b, iv_b, BYTES(aad_b, aad_len), true,
			    p_b, p_len, out, sizeof(out), &n));
	assert_int_equal(n, c_len);
	assert_memory_equal(out, c_b, c_len);

	assert_true(sk_aead(a, key, salt_b, iv_b, BYTES(aad_b, aad_len), false,
			    c_b, c_len, out, sizeof(out), &n));
	assert_int_equal(n, p_len);
	assert_memory_equal(out, p_b, p_len);

	/* A flipped tag bit, ciphertext bit or AAD bit: refused. */
	c_b[c_len - 1] ^= 1;
	assert_false(sk_aead(a, key, salt_b, iv_b, BYTES(aad_b, aad_len), false,
			     c_b, c_len, out, sizeof(out), &n));
	c_b[c_len - 1] ^= 1;
	c_b[0] ^= 1;
	assert_false(sk_aead(a, key, salt_b, iv_b, BYTES(aad_b, aad_len), false,
			     c_b, c_len, out, sizeof(out), &n));
	c_b[0] ^= 1;
	aad_b[0] ^= 1;
	assert_false(sk_aead(a, key, salt_b, iv_b, BYTES(aad_b, aad_len), false,
			     c_b, c_len, out, sizeof(out), &n));
	PK11_FreeSymKey(key);
}

static void test_gcm_mcgrew_viega(void **state)
{
	check_aead_kat(IKEv2_ENCR_AES_GCM_16, GCM_K4, GCM_SALT, GCM_IV, GCM_A, GCM_P, GCM_C4);
	check_aead_kat(IKEv2_ENCR_AES_GCM_16, GCM_K16, GCM_SALT, GCM_IV, GCM_A, GCM_P, GCM_C16);
}

static void test_chacha20_poly1305_rfc8439(void **state)
{
	check_aead_kat(IKEv2_ENCR_CHACHA20_POLY1305, CHACHA_K, CHACHA_SALT, CHACHA_IV,
		       CHACHA_A, CHACHA_P, CHACHA_C);
}

/* IKE SA keys from hex; the responder's direction differs in salt and integ key. */
static void keys_for(struct ike_sa_keys *k, unsigned encr_id, unsigned bits,
		     const char *ek, const char *salt, unsigned integ_id, const char *ak)
{
	memset(k, 0, sizeof(*k));
	k->suite.encr = encr(encr_id);
	k->suite.enc_key_bits = bits;
	k->suite.integ = ike_alg_by_id(TRANS_INTEG, integ_id);
	k->sk_ei = typed_key(k->suite.encr, ek);
	k->sk_er = typed_key(k->suite.encr, ek);
	if (salt != NULL) {
		hex_to(salt, k->salt_i, 4);
		hex_to(salt, k->salt_r, 4);
		/* responder direction differs in its salt only */
		k->salt_r[0] ^= 0xff;
	}
	if (ak != NULL) {
		k->sk_ai = hex_key(ak);
		k->sk_ar = hex_key("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
	}
}

static void check_reference_message(struct ike_sa_keys *k, const char *msg_hex)
{
	uint8_t msg[512];
	size_t len = hex_to(msg_hex, msg, sizeof(msg));
	size_t off, plain_len;
	struct diag d;
	struct bytes inner = hexb(SK_INNER);

	/* Tampering anywhere (header/AAD, IV, ciphertext, ICV) is one error. */
	size_t where[] = { 5, 30, 33, 40, len - 20, len - 1 };
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		uint8_t copy[512];
		memcpy(copy, msg, len);
		copy[where[i]] ^= 0x04;
		assert_false(sk_decrypt(k, true, copy, 32, len, &off, &plain_len, &d));
		assert_string_equal(d.msg, "integrity check failed");
	}
	/* The other direction's keys do not open it. */
	uint8_t copy[512];
	memcpy(copy, msg, len);
	assert_false(sk_decrypt(k, false, copy, 32, len, &off, &plain_len, &d));
	assert_string_equal(d.msg, "integrity check failed");

	if (!sk_decrypt(k, true, msg, 32, len, &off, &plain_len, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(off, 32 + k->suite.encr->wire_iv_size);
	assert_int_equal(plain_len, inner.len);
	assert_memory_equal(msg + off, inner.ptr, inner.len);
}

static void test_sk_decrypt_reference(void **state)
{
	struct ike_sa_keys k;

	keys_for(&k, IKEv2_ENCR_AES_GCM_16, 256,
		 "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
		 "a1a2a3a4", IKEv2_INTEG_NONE, NULL);
	check_reference_message(&k, SK_GCM256_MSG);
	ike_sa_keys_free(&k);

	keys_for(&k, IKEv2_ENCR_CHACHA20_POLY1305, 256,
		 "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
		 "c1c2c3c4", IKEv2_INTEG_NONE, NULL);
	check_reference_message(&k, SK_CHACHA_MSG);
	ike_sa_keys_free(&k);

	keys_for(&k, IKEv2_ENCR_AES_CBC, 128, "505152535455565758595a5b5c5d5e5f", NULL,
		 IKEv2_INTEG_HMAC_SHA2_256_128,
		 "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f");
	check_reference_message(&k, SK_CBC128_MSG);
	ike_sa_keys_free(&k);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static void round_trip(struct ike_sa_keys *k)
{
	uint8_t msg[600];
	struct bytes inner = hexb(SK_INNER);
	struct diag d;

	for (int initiator = 0; initiator <= 1; initiator++) {
		for (size_t plen = 0; plen <= inner.len; plen += 15) {
			/* header: bytes the SK code does not read except the lengths */
			memset(msg, 0x5a, 32);
			size_t iv = sk_iv_size(k);
			memcpy(msg + 32 + iv, inner.ptr, plen);
			size_t len;
			/* Too small a buffer is an error, not an overrun. */
			assert_false(sk_encrypt(k, initiator, msg, 32, plen, 32 + iv + plen, &len, &d));
			memcpy(msg + 32 + iv, inner.ptr, plen);
			assert_true(sk_encrypt(k, initiator, msg, 32, plen, sizeof(msg), &len, &d));
			assert_true(len <= 32 + iv + plen + sk_trailer_max(k));
			assert_int_equal(be32(msg + 24), len);
			assert_int_equal(msg[30] << 8 | msg[31], len - 28);
			/* Encrypted: the plaintext is not there in the clear. */
			if (plen >= 15)
				assert_memory_not_equal(msg + 32 + iv, inner.ptr, 15);

			uint8_t copy[600];
			memcpy(copy, msg, len);
			size_t off, out_len;
			assert_false(sk_decrypt(k, !initiator, copy, 32, len, &off, &out_len, &d));
			assert_true(sk_decrypt(k, initiator, msg, 32, len, &off, &out_len, &d));
			assert_int_equal(out_len, plen);
			assert_memory_equal(msg + off, inner.ptr, plen);

			/* Truncated messages are length errors, whatever the cut. */
			for (size_t cut = 0; cut < len - 32; cut += 7) {
				memcpy(copy, msg, len);
				assert_false(sk_decrypt(k, initiator, copy, 32, 32 + cut, &off, &out_len, &d));
			}
		}
	}
}

static void test_sk_round_trips(void **state)
{
	struct ike_sa_keys k;

	keys_for(&k, IKEv2_ENCR_AES_GCM_16, 128, "000102030405060708090a0b0c0d0e0f",
		 "01020304", IKEv2_INTEG_NONE, NULL);
	round_trip(&k);
	ike_sa_keys_free(&k);

	keys_for(&k, IKEv2_ENCR_CHACHA20_POLY1305, 256,
		 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
		 "01020304", IKEv2_INTEG_NONE, NULL);
	round_trip(&k);
	ike_sa_keys_free(&k);

	keys_for(&k, IKEv2_ENCR_AES_CBC, 256,
		 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", NULL,
		 IKEv2_INTEG_HMAC_SHA2_512_256,
		 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
		 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	/* The responder's integ key in keys_for() is 32 bytes; fine for HMAC. */
	round_trip(&k);
	ike_sa_keys_free(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gcm_mcgrew_viega),
		cmocka_unit_test(test_chacha20_poly1305_rfc8439),
		cmocka_unit_test(test_sk_decrypt_reference),
		cmocka_unit_test(test_sk_round_trips),
	};
	return cmocka_run_group_tests(tests, nss_setup, nss_teardown);
}
