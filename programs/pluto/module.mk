# SPDX-License-Identifier: GPL-2.0-or-later
# programs/pluto: the kernel backend, built as a library (libkernel) that
# the daemon, the unit tests and the guest test program link.  The
# daemon's own rules join this file later.
LIBKERNEL_SRCS := \
	programs/pluto/kernel_xfrm.c \
	programs/pluto/kernel_xfrm_addr.c \
	programs/pluto/kernel_xfrm_attrs.c \
	programs/pluto/kernel_xfrm_events.c \
	programs/pluto/kernel_xfrm_journal.c \
	programs/pluto/kernel_xfrm_netlink.c \
	programs/pluto/kernel_xfrm_policy.c \
	programs/pluto/kernel_xfrm_probe.c \
	programs/pluto/kernel_xfrm_sa.c \
	programs/pluto/kernel_xfrm_track.c
$(eval $(call library,libkernel,$(LIBKERNEL_SRCS)))
