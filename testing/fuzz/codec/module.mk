# SPDX-License-Identifier: GPL-2.0-or-later
# The IKEv2 message decoder: header, payload chain, every payload, the SK
# inner chain, the exchange rules, and decode/encode symmetry.
# SA payload bodies go to crypto's parser and emitter, as in the daemon.
FUZZ_IKEV2_MSG_SRCS := testing/fuzz/codec/fuzz_ikev2_msg.c $(IKEV2_CODEC_SRCS) \
	programs/pluto/crypto/ike_alg.c programs/pluto/crypto/proposal_parse.c \
	programs/pluto/crypto/proposal_match.c programs/pluto/crypto/sa_payload.c \
	lib/libswan/bytes.c lib/libswan/diag.c lib/libswan/log.c lib/libswan/clock.c
# The third argument lands on the compile line, so the include path goes there.
$(eval $(call fuzz_target,fuzz_ikev2_msg,$(FUZZ_IKEV2_MSG_SRCS),-Iprograms/pluto -Iprograms/pluto/crypto))
