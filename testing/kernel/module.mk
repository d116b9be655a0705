# SPDX-License-Identifier: GPL-2.0-or-later
# testing/kernel: programs run inside the UML guest against a real kernel.
# xfrm-backend-test drives pluto's XFRM backend (libkernel); run it with
# testing/kernel/run-xfrm-backend-test (boots the guest) or, inside a
# guest, testing/kernel/xfrm-backend-test.sh.
XFRM_BACKEND_TEST_SRCS := testing/kernel/xfrm-backend-test.c \
	testing/kernel/xfrm-backend-esp.c testing/kernel/xfrm-backend-sockets.c
$(eval $(call program,xfrm-backend-test,$(XFRM_BACKEND_TEST_SRCS),libkernel libswan,$(MNL_LIBS)))
$(foreach f,$(XFRM_BACKEND_TEST_SRCS),$(eval CFLAGS_$(f) := -Iprograms/pluto))
# testing/kernel: selftests for the kernel patch series, run inside the UML
# guest by testing/kernel/run-selftests.  They are built without sanitizers
# whatever VARIANT says (ASan's shadow mappings do not belong in a 512 MB
# guest), into build/selftests/ where the guest finds them through hostfs.
#
#   make kernel-selftests        build them
#   make kernel-selftest-check   boot the patched kernel and run them
#   make kernel-selftest-check KERNEL_FLAGS=--unpatched   the baseline

SELFTEST_DIR := build/selftests
SELFTEST_CFLAGS := $(BASE_CFLAGS) -O2
SELFTEST_NAMES := sa-dir unknown-spi pfp activate dual-encap redact-keys larval \
	policy-stats policy-name peer-name host-to-host xfrm-required cat
SELFTESTS := $(addprefix $(SELFTEST_DIR)/,$(SELFTEST_NAMES))
SELFTEST_COMMON := testing/kernel/selftest.c

$(SELFTEST_DIR)/%.o: testing/kernel/%.c
	@mkdir -p $(dir $@)
	$(CC) $(SELFTEST_CFLAGS) -MMD -MP -c $< -o $@

# Each selftest NAME is testing/kernel/NAME.c (dashes as underscores)
# linked with the shared helpers.
define selftest_rule
$(SELFTEST_DIR)/$(1): $(SELFTEST_DIR)/$(subst -,_,$(1)).o $(SELFTEST_DIR)/selftest.o
	$$(CC) -o $$@ $$^ $$(MNL_LIBS)
endef
$(foreach t,$(SELFTEST_NAMES),$(eval $(call selftest_rule,$(t))))

-include $(wildcard $(SELFTEST_DIR)/*.d)

KERNEL_FLAGS ?=

.PHONY: kernel-selftests kernel-selftest-check
kernel-selftests: $(SELFTESTS)
kernel-selftest-check: kernel-selftests
	testing/kernel/boot-selftests $(KERNEL_FLAGS)

# The userland copy of the uAPI header compiles before and after glibc's
# <netinet/in.h>, and both orders agree on its layout.
$(eval $(call unit_test,xfrm_header,testing/kernel/xfrm_header_test.c testing/kernel/xfrm_header_first.c testing/kernel/xfrm_header_last.c,,))
