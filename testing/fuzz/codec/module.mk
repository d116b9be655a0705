# SPDX-License-Identifier: GPL-2.0-or-later
# The IKEv2 message decoder: header, payload chain, every payload, the SK
# inner chain, the exchange rules, and decode/encode symmetry.
FUZZ_IKEV2_MSG_SRCS := testing/fuzz/codec/fuzz_ikev2_msg.c $(IKEV2_CODEC_SRCS) \
	lib/libswan/bytes.c lib/libswan/diag.c lib/libswan/log.c
# The third argument lands on the compile line, so the include path goes there.
$(eval $(call fuzz_target,fuzz_ikev2_msg,$(FUZZ_IKEV2_MSG_SRCS),-Iprograms/pluto))
