# SPDX-License-Identifier: GPL-2.0-or-later
# programs/whack: the control client.
WHACK_SRCS := programs/whack/whack.c programs/whack/whack_options.c
$(eval $(call program,whack,$(WHACK_SRCS),libswan,))

# Unit test of both command lines (pluto's and whack's) and the wire format.
$(eval $(call unit_test,test_pluto_options,testing/unit/test_pluto_options.c programs/pluto/pluto_options.c programs/whack/whack_options.c,libswan,))
CFLAGS_testing/unit/test_pluto_options.c := -Iprograms/pluto -Iprograms/whack
$(eval $(call unit_test,test_whack_msg,testing/unit/test_whack_msg.c,libswan,))

# Fuzz the control socket's decoders; seeds in testing/fuzz/corpus/fuzz_whack_msg/.
$(eval $(call fuzz_target,fuzz_whack_msg,testing/fuzz/fuzz_whack_msg.c lib/libswan/whack_msg.c lib/libswan/bytes.c lib/libswan/diag.c,))
