# SPDX-License-Identifier: GPL-2.0-or-later
# The IKEv2 exchanges (programs/pluto state, demux, ikev2_*.c): two ends
# in one process over an in-memory queue with a mock kernel, and the
# pure parts (traffic selectors and narrowing, message-ID window,
# retransmit schedule) on their own.
IKE_CORE_SRCS := $(addprefix programs/pluto/,ike_sa.c child_sa.c demux.c ikev2_send.c \
	ikev2_sa_init.c ikev2_auth.c ikev2_child.c ikev2_informational.c ikev2_ts.c ikev2_liveness.c \
	ikev2_create_child.c ikev2_rekey_timers.c ike_dos.c ike_revival.c ikev2_natt.c)
IKE_TEST_SRCS := $(sort $(wildcard testing/unit/ike/*.c))
$(foreach f,$(IKE_TEST_SRCS),$(eval CFLAGS_$(f) := $(NSS_CFLAGS) -Iprograms/pluto -Iprograms/pluto/crypto -Itesting/unit/ike))
$(eval $(call unit_test,test_ikev2_exchange,testing/unit/ike/test_ikev2_exchange.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
# The window test links the same objects: msgid_check is in demux.c.
$(eval $(call unit_test,test_ikev2_window,testing/unit/ike/test_ikev2_window.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
# CREATE_CHILD_SA and rekey timers (engineer "rekey"'s test).
ifneq ($(wildcard testing/unit/ike/test_ikev2_rekey.c),)
$(eval $(call unit_test,test_ikev2_rekey,testing/unit/ike/test_ikev2_rekey.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
endif
# The life cycle: flood defences (cookies, half-open cap), revival with
# backoff, uniqueids=, NAT keepalives and mapping changes.
$(eval $(call unit_test,test_ike_lifecycle,testing/unit/ike/test_ike_lifecycle.c \
	testing/unit/ike/exchange_harness.c $(IKE_CORE_SRCS),libikev2codec libcrypto_ike libswan,$(NSS_LIBS) $(EVENT_LIBS)))
