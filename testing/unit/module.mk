# SPDX-License-Identifier: GPL-2.0-or-later
# Unit tests (cmocka), one binary per area; `make VARIANT=sanitize unit-tests`.
$(eval $(call unit_test,test_ip_address,testing/unit/test_ip_address.c,libswan,))
$(eval $(call unit_test,test_ip_subnet,testing/unit/test_ip_subnet.c,libswan,))
$(eval $(call unit_test,test_id,testing/unit/test_id.c,libswan,))
$(eval $(call unit_test,test_log,testing/unit/test_log.c,libswan,))
# test_mapped_file counts write() calls and fails fallocate() through wrappers.
TEST_MAPPED_FILE_LDFLAGS := -Wl,--wrap=write -Wl,--wrap=fallocate
$(eval $(call unit_test,test_mapped_file,testing/unit/test_mapped_file.c testing/unit/fault_fallocate.c,libswan,$(TEST_MAPPED_FILE_LDFLAGS)))
# test_clock counts the wall clock's reads through a wrapper.
TEST_CLOCK_LDFLAGS := -Wl,--wrap=clock_gettime
$(eval $(call unit_test,test_clock,testing/unit/test_clock.c,libswan,$(TEST_CLOCK_LDFLAGS)))
$(eval $(call unit_test,test_ipsec_conf,testing/unit/test_ipsec_conf.c testing/unit/test_files.c,libswan,))
$(eval $(call unit_test,test_ipsec_secrets,testing/unit/test_ipsec_secrets.c testing/unit/test_files.c,libswan,))
# testing/unit: cmocka tests; folders per area have their own module.mk (the top Makefile includes them).
# testing/unit: cmocka tests, built and run under ASan+UBSan by
# `make unit-check` (build/sanitize/testing/unit/).

# pluto's XFRM backend: request building, and reading what the kernel sends.
$(eval $(call unit_test,test_kernel_xfrm_build,testing/unit/test_kernel_xfrm_build.c,libkernel libswan,$(MNL_LIBS)))
$(eval $(call unit_test,test_kernel_xfrm_parse,testing/unit/test_kernel_xfrm_parse.c,libkernel libswan,$(MNL_LIBS)))
CFLAGS_testing/unit/test_kernel_xfrm_build.c := -Iprograms/pluto
CFLAGS_testing/unit/test_kernel_xfrm_parse.c := -Iprograms/pluto
# fallocate() wrapped: the journal's file system can be made full.
TEST_JOURNAL_LDFLAGS := $(MNL_LIBS) -Wl,--wrap=fallocate
$(eval $(call unit_test,test_kernel_xfrm_journal,testing/unit/test_kernel_xfrm_journal.c testing/unit/fault_fallocate.c,libkernel libswan,$(TEST_JOURNAL_LDFLAGS)))
CFLAGS_testing/unit/test_kernel_xfrm_journal.c := -Iprograms/pluto
# pluto's answer to the kernel's unknown-SPI notification: the decision,
# the message reader and the probe.
$(eval $(call unit_test,test_unknown_spi,testing/unit/test_unknown_spi.c programs/pluto/unknown_spi_policy.c,libkernel libswan,$(MNL_LIBS)))
CFLAGS_testing/unit/test_unknown_spi.c := -Iprograms/pluto
$(eval $(call unit_test,test_kernel_xfrm_aor,testing/unit/test_kernel_xfrm_aor.c,libkernel libswan,$(MNL_LIBS)))
CFLAGS_testing/unit/test_kernel_xfrm_aor.c := -Iprograms/pluto
