# SPDX-License-Identifier: GPL-2.0-or-later
# programs/pluto: the IKEv2 daemon.
#
# The IKEv2 message/payload codec is a library of its own so the daemon,
# the unit tests and the fuzz targets link the same objects.  The daemon's
# program line goes below when it exists; it links libikev2codec and libswan.
IKEV2_CODEC_SRCS := \
	programs/pluto/ikev2_names.c \
	programs/pluto/ikev2_codec.c \
	programs/pluto/ikev2_payloads_table.c \
	programs/pluto/ikev2_msg.c \
	programs/pluto/ikev2_rules.c \
	programs/pluto/ikev2_build.c
$(eval $(call library,libikev2codec,$(IKEV2_CODEC_SRCS)))
# programs/pluto: the kernel backend, built as a library (libkernel) that
# the daemon, the unit tests and the guest test program link.  The
# daemon's own rules join this file later.
LIBKERNEL_SRCS := \
	programs/pluto/kernel_xfrm.c \
	programs/pluto/kernel_xfrm_addr.c \
	programs/pluto/kernel_xfrm_attrs.c \
	programs/pluto/kernel_xfrm_events.c \
	programs/pluto/kernel_xfrm_netlink.c \
	programs/pluto/kernel_xfrm_policy.c \
	programs/pluto/kernel_xfrm_probe.c \
	programs/pluto/kernel_xfrm_sa.c \
	programs/pluto/kernel_xfrm_track.c
$(eval $(call library,libkernel,$(LIBKERNEL_SRCS)))
