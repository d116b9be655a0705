# SPDX-License-Identifier: GPL-2.0-or-later
# testing/unit: cmocka tests, built and run under ASan+UBSan by
# `make unit-check` (build/sanitize/testing/unit/).

# pluto's XFRM backend: request building, and reading what the kernel sends.
$(eval $(call unit_test,test_kernel_xfrm_build,testing/unit/test_kernel_xfrm_build.c,libkernel libswan,$(MNL_LIBS)))
$(eval $(call unit_test,test_kernel_xfrm_parse,testing/unit/test_kernel_xfrm_parse.c,libkernel libswan,$(MNL_LIBS)))
CFLAGS_testing/unit/test_kernel_xfrm_build.c := -Iprograms/pluto
CFLAGS_testing/unit/test_kernel_xfrm_parse.c := -Iprograms/pluto
$(eval $(call unit_test,test_kernel_xfrm_journal,testing/unit/test_kernel_xfrm_journal.c,libkernel libswan,$(MNL_LIBS)))
CFLAGS_testing/unit/test_kernel_xfrm_journal.c := -Iprograms/pluto
