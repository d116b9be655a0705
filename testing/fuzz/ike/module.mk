# SPDX-License-Identifier: GPL-2.0-or-later
# The IKEv2 payload handlers after decryption: real IKE SAs between two
# ends in one process (testing/unit/ike's harness, mock kernel), the
# fuzz input as the SK plaintext of IKE_AUTH and INFORMATIONAL messages.
# The exchange sources are IKE_CORE_SRCS (programs/pluto/module.mk).
FUZZ_IKE_LIBSWAN := $(addprefix lib/libswan/,bytes.c diag.c log.c clock.c id.c ip_address.c \
	ip_subnet.c ip_selector.c)
FUZZ_IKE_SRCS := testing/fuzz/ike/fuzz_ikev2_payloads.c testing/unit/ike/exchange_harness.c \
	$(IKE_CORE_SRCS) \
	$(IKEV2_CODEC_SRCS) $(sort $(wildcard programs/pluto/crypto/*.c)) $(FUZZ_IKE_LIBSWAN)
$(eval $(call fuzz_target,fuzz_ikev2_payloads,$(FUZZ_IKE_SRCS),-Iprograms/pluto \
	-Iprograms/pluto/crypto -Itesting/unit/ike $(NSS_LIBS) $(EVENT_LIBS)))
