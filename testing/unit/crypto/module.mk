# SPDX-License-Identifier: GPL-2.0-or-later
# Unit tests of programs/pluto/crypto (cmocka; known-answer vectors).
CRYPTO_TEST_UTIL := testing/unit/crypto/crypto_test_util.c
CRYPTO_TEST_SRCS := $(sort $(wildcard testing/unit/crypto/*.c))
$(foreach f,$(CRYPTO_TEST_SRCS),$(eval CFLAGS_$(f) := $(CRYPTO_IKE_CFLAGS)))

$(eval $(call unit_test,test_crypto_kdf,testing/unit/crypto/test_crypto_kdf.c $(CRYPTO_TEST_UTIL),libcrypto_ike libswan,$(NSS_LIBS)))
$(eval $(call unit_test,test_crypto_dh,testing/unit/crypto/test_crypto_dh.c $(CRYPTO_TEST_UTIL),libcrypto_ike libswan,$(NSS_LIBS)))
$(eval $(call unit_test,test_crypto_sk,testing/unit/crypto/test_crypto_sk.c $(CRYPTO_TEST_UTIL),libcrypto_ike libswan,$(NSS_LIBS)))
$(eval $(call unit_test,test_proposals,testing/unit/crypto/test_proposals.c,libcrypto_ike libswan,$(NSS_LIBS)))
$(eval $(call unit_test,test_crypto_nss,testing/unit/crypto/test_crypto_nss.c,libcrypto_ike libswan,$(NSS_LIBS)))
# The SA payload body: every malformed proposal and transform class.
$(eval $(call unit_test,test_sa_payload,testing/unit/crypto/test_sa_payload.c,libcrypto_ike libswan,$(NSS_LIBS)))
