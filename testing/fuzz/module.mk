# SPDX-License-Identifier: GPL-2.0-or-later
# testing/fuzz: libFuzzer targets, one folder per area with its own
# module.mk; seed corpora in testing/fuzz/corpus/<target>/.
# libFuzzer targets for the config parsers.  Seeds: testing/fuzz/corpus/NAME/.
FUZZ_LIBSWAN_SRCS := lib/libswan/bytes.c lib/libswan/diag.c lib/libswan/diag_list.c \
	lib/libswan/file_read.c lib/libswan/id.c lib/libswan/ip_address.c \
	lib/libswan/ip_selector.c lib/libswan/ip_subnet.c lib/libswan/log.c lib/libswan/clock.c
$(eval $(call fuzz_target,fuzz_ipsec_conf,testing/fuzz/fuzz_ipsec_conf.c $(FUZZ_LIBSWAN_SRCS) \
	lib/libswan/ipsec_conf.c lib/libswan/ipsec_conf_keywords.c lib/libswan/ipsec_conf_read.c \
	lib/libswan/ipsec_conf_values.c,))
$(eval $(call fuzz_target,fuzz_ipsec_secrets,testing/fuzz/fuzz_ipsec_secrets.c $(FUZZ_LIBSWAN_SRCS) \
	lib/libswan/ipsec_secrets.c,))
# testing/fuzz: libFuzzer targets (clang), run briefly by `make fuzz-check`.

# pluto's XFRM backend: every message the kernel can send it.
FUZZ_KERNEL_XFRM_SRCS := testing/fuzz/fuzz_kernel_xfrm.c $(LIBKERNEL_SRCS) \
	lib/libswan/bytes.c lib/libswan/diag.c lib/libswan/log.c lib/libswan/clock.c \
	lib/libswan/mapped_file.c
$(eval $(call fuzz_target,fuzz_kernel_xfrm,$(FUZZ_KERNEL_XFRM_SRCS),$(MNL_LIBS)))
