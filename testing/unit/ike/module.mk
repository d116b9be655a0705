# SPDX-License-Identifier: GPL-2.0-or-later
# The IKEv2 exchanges (programs/pluto state, demux, ikev2_*.c): two ends
# in one process over an in-memory queue with a mock kernel, and the
# pure parts (traffic selectors and narrowing, message-ID window,
# retransmit schedule) on their own.
# IKE_CORE_SRCS (the exchange layer without the frame) is in programs/pluto/module.mk.
IKE_TEST_SRCS := $(sort $(wildcard testing/unit/ike/*.c))
$(foreach f,$(IKE_TEST_SRCS),$(eval CFLAGS_$(f) := $(NSS_CFLAGS) -Iprograms/pluto -Iprograms/pluto/crypto -Itesting/unit/ike))
$(eval $(call unit_test,test_ikev2_exchange,testing/unit/ike/test_ikev2_exchange.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
# The window test links the same objects: msgid_check is in demux.c.
$(eval $(call unit_test,test_ikev2_window,testing/unit/ike/test_ikev2_window.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
# CREATE_CHILD_SA exchanges; what starts them (lifetimes, the kernel's
# expires, whack) in test_ikev2_lifetimes.  Both share rekey_harness.c.
$(eval $(call unit_test,test_ikev2_rekey,testing/unit/ike/test_ikev2_rekey.c \
	testing/unit/ike/rekey_harness.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
$(eval $(call unit_test,test_ikev2_lifetimes,testing/unit/ike/test_ikev2_lifetimes.c \
	testing/unit/ike/rekey_harness.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
# The life cycle: flood defences (cookies, half-open cap), revival with
# backoff, uniqueids=, NAT keepalives and mapping changes.
$(eval $(call unit_test,test_ike_lifecycle,testing/unit/ike/test_ike_lifecycle.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
# Retired inbound SAs after a Child SA rekey (grace period), and the
# standby outbound SA of activate-on-receipt kernels.
$(eval $(call unit_test,test_child_retire,testing/unit/ike/test_child_retire.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
# Initiation pacing: the window, the queue, slots freed by retransmits.
$(eval $(call unit_test,test_ike_pacing,testing/unit/ike/test_ike_pacing.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
