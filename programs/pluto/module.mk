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
	programs/pluto/kernel_xfrm_aor.c \
	programs/pluto/kernel_xfrm_attrs.c \
	programs/pluto/kernel_xfrm_events.c \
	programs/pluto/kernel_xfrm_ext.c \
	programs/pluto/kernel_xfrm_journal.c \
	programs/pluto/kernel_xfrm_netlink.c \
	programs/pluto/kernel_xfrm_policy.c \
	programs/pluto/kernel_xfrm_probe.c \
	programs/pluto/kernel_xfrm_sa.c \
	programs/pluto/kernel_xfrm_track.c
$(eval $(call library,libkernel,$(LIBKERNEL_SRCS)))
# programs/pluto: the daemon.
#
# The frame (this list) is the loop, sockets, control socket and main.
# Every other .c directly in programs/pluto/ (exchanges, codec, kernel
# backend) is part of the daemon too, so modules merged later need no
# edit here.  A subdirectory (crypto/, ...) may carry its own module.mk
# fragment, included below, which sets per-file CFLAGS_ and may declare
# a library and append its name to PLUTO_EXTRA_LIBS.

PLUTO_FRAME_SRCS := \
	programs/pluto/capabilities.c \
	programs/pluto/fd_limit.c \
	programs/pluto/iface_udp.c \
	programs/pluto/log_syslog.c \
	programs/pluto/pidfile.c \
	programs/pluto/pluto_config.c \
	programs/pluto/pluto_main.c \
	programs/pluto/pluto_options.c \
	programs/pluto/server.c \
	programs/pluto/status.c \
	programs/pluto/whack_server.c \
	programs/pluto/whack_verbs.c

PLUTO_EXTRA_LIBS ?=

# The exchanges (state, demux, ikev2_*.c) include crypto/*.h, which need
# NSS's headers; the daemon links the crypto library.
PLUTO_EXTRA_LIBS += libcrypto_ike
PLUTO_OTHER_SRCS := $(filter-out $(PLUTO_FRAME_SRCS),$(sort $(wildcard programs/pluto/*.c)))

$(foreach f,$(PLUTO_OTHER_SRCS),$(eval CFLAGS_$(f) += $(NSS_CFLAGS) -Iprograms/pluto/crypto))
# main() starts the IKE layer and the connection layer, whose headers
# reach crypto/*.h.
CFLAGS_programs/pluto/pluto_main.c += $(NSS_CFLAGS) -Iprograms/pluto/crypto
# The config check parses ike=/esp= with the crypto layer's parser.
CFLAGS_programs/pluto/pluto_config.c += $(NSS_CFLAGS) -Iprograms/pluto/crypto
$(eval $(call program,pluto,$(PLUTO_FRAME_SRCS) $(PLUTO_OTHER_SRCS),$(PLUTO_EXTRA_LIBS) libswan,$(NSS_LIBS) $(MNL_LIBS) $(EVENT_LIBS) $(CAPNG_LIBS)))

# Host-side smoke test: forks the built pluto/whack/ipsec (see the file).
$(eval $(call unit_test,test_pluto_smoke,testing/unit/test_pluto_smoke.c,libswan,))
CFLAGS_testing/unit/test_pluto_smoke.c := -DPROGRAMS_DIR=\"$(CURDIR)/$(BUILDDIR)/programs\"
$(BUILDDIR)/testing/unit/test_pluto_smoke: | $(BUILDDIR)/programs/pluto $(BUILDDIR)/programs/whack $(BUILDDIR)/programs/ipsec

# The IKE sockets in process: demux delivery, NAT-T marker, replies.
PLUTO_LOOP_SRCS := programs/pluto/iface_udp.c programs/pluto/server.c \
	programs/pluto/whack_server.c programs/pluto/status.c programs/pluto/pluto_options.c
$(eval $(call unit_test,test_iface_udp,testing/unit/test_iface_udp.c $(PLUTO_LOOP_SRCS),libswan,$(EVENT_LIBS)))
CFLAGS_testing/unit/test_iface_udp.c := -Iprograms/pluto

# The open-file limit raised to the hard one.
$(eval $(call unit_test,test_fd_limit,testing/unit/test_fd_limit.c programs/pluto/fd_limit.c,libswan,))
CFLAGS_testing/unit/test_fd_limit.c := -Iprograms/pluto

# The loop itself: a turn's log lines in one write, before the wait.
$(eval $(call unit_test,test_server_loop,testing/unit/test_server_loop.c $(PLUTO_LOOP_SRCS),libswan,$(EVENT_LIBS)))
CFLAGS_testing/unit/test_server_loop.c := -Iprograms/pluto

# The control socket in process: handler table, streaming, WHACK_PENDING.
$(eval $(call unit_test,test_whack_server,testing/unit/test_whack_server.c $(PLUTO_LOOP_SRCS),libswan,$(EVENT_LIBS)))
CFLAGS_testing/unit/test_whack_server.c := -Iprograms/pluto

# The exchange layer without the frame (sockets, control socket, main): what
# the in-process two-ends tests and the payload-handler fuzz target link.
# A new exchange file goes here, or those links fail.
IKE_CORE_SRCS := $(addprefix programs/pluto/,ike_sa.c child_sa.c child_retire.c demux.c ikev2_send.c \
	ikev2_sa_init.c ikev2_auth.c ikev2_child.c ikev2_informational.c ikev2_ts.c ikev2_liveness.c \
	ikev2_create_child.c ikev2_create_child_helpers.c ikev2_create_child_responder.c \
	ikev2_rekey_timers.c ike_dos.c ike_pacing.c \
	ike_revival.c ikev2_natt.c)
