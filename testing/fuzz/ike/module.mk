# SPDX-License-Identifier: GPL-2.0-or-later
# The IKEv2 payload handlers after decryption: real IKE SAs between two
# ends in one process (testing/unit/ike's harness, mock kernel), the
# fuzz input as the SK plaintext of IKE_AUTH and INFORMATIONAL messages.
FUZZ_IKE_LIBSWAN := $(addprefix lib/libswan/,bytes.c diag.c log.c id.c ip_address.c \
	ip_subnet.c ip_selector.c)
FUZZ_IKE_SRCS := testing/fuzz/ike/fuzz_ikev2_payloads.c testing/unit/ike/exchange_harness.c \
	$(addprefix programs/pluto/,ike_sa.c child_sa.c demux.c ikev2_send.c ikev2_sa_init.c \
	ikev2_auth.c ikev2_child.c ikev2_informational.c ikev2_ts.c ikev2_liveness.c) \
	$(IKEV2_CODEC_SRCS) $(sort $(wildcard programs/pluto/crypto/*.c)) $(FUZZ_IKE_LIBSWAN)
$(eval $(call fuzz_target,fuzz_ikev2_payloads,$(FUZZ_IKE_SRCS),-Iprograms/pluto \
	-Iprograms/pluto/crypto -Itesting/unit/ike $(NSS_LIBS) $(EVENT_LIBS)))
