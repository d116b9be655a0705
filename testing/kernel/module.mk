# SPDX-License-Identifier: GPL-2.0-or-later
# testing/kernel: programs run inside the UML guest against a real kernel.
# xfrm-backend-test drives pluto's XFRM backend (libkernel); run it with
# testing/kernel/run-xfrm-backend-test (boots the guest) or, inside a
# guest, testing/kernel/xfrm-backend-test.sh.
XFRM_BACKEND_TEST_SRCS := testing/kernel/xfrm-backend-test.c \
	testing/kernel/xfrm-backend-esp.c testing/kernel/xfrm-backend-sockets.c
$(eval $(call program,xfrm-backend-test,$(XFRM_BACKEND_TEST_SRCS),libkernel libswan,$(MNL_LIBS)))
$(foreach f,$(XFRM_BACKEND_TEST_SRCS),$(eval CFLAGS_$(f) := -Iprograms/pluto))
