# SPDX-License-Identifier: GPL-2.0-or-later
# programs/pluto/crypto: all of pluto's cryptography, through NSS.
# libcrypto_ike is linked by pluto and by the unit tests; link it before
# libswan and add $(NSS_LIBS).
CRYPTO_IKE_SRCS := $(sort $(wildcard programs/pluto/crypto/*.c))
CRYPTO_IKE_CFLAGS := $(NSS_CFLAGS) -Iprograms/pluto/crypto
$(foreach f,$(CRYPTO_IKE_SRCS),$(eval CFLAGS_$(f) := $(CRYPTO_IKE_CFLAGS)))
$(eval $(call library,libcrypto_ike,$(CRYPTO_IKE_SRCS)))
