# SPDX-License-Identifier: GPL-2.0-or-later
# testing/kernel: programs run inside the UML guest against a real kernel.
# xfrm-backend-test drives pluto's XFRM backend (libkernel); run it with
# testing/kernel/run-xfrm-backend-test (boots the guest) or, inside a
# guest, testing/kernel/xfrm-backend-test.sh.
$(eval $(call program,xfrm-backend-test,testing/kernel/xfrm-backend-test.c,libkernel libswan,$(MNL_LIBS)))
CFLAGS_testing/kernel/xfrm-backend-test.c := -Iprograms/pluto
