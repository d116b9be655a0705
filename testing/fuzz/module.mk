# SPDX-License-Identifier: GPL-2.0-or-later
# testing/fuzz: libFuzzer targets (clang), run briefly by `make fuzz-check`.

# pluto's XFRM backend: every message the kernel can send it.
FUZZ_KERNEL_XFRM_SRCS := testing/fuzz/fuzz_kernel_xfrm.c $(LIBKERNEL_SRCS) \
	lib/libswan/bytes.c lib/libswan/diag.c lib/libswan/log.c
$(eval $(call fuzz_target,fuzz_kernel_xfrm,$(FUZZ_KERNEL_XFRM_SRCS),$(MNL_LIBS)))
