# SPDX-License-Identifier: GPL-2.0-or-later
# The connection layer (programs/pluto/connection*.c, host_facts.c,
# updown.c): resolution against a made-up host, templates, reqids,
# lookup, PSK glue, route-table lines; and the status formatters.  The SA
# layer is replaced by small test doubles in each test file.
CONNS_SRCS := $(addprefix programs/pluto/,connections.c connection_resolve.c host_facts.c route_lookup.c \
	connection_lookup.c connection_secrets.c connection_route.c connection_status_fmt.c updown.c \
	updown_exec.c)
CONNS_TEST_SRCS := testing/unit/conns/test_connections.c testing/unit/conns/test_conn_status.c \
	testing/unit/conns/test_pluto_config.c testing/unit/conns/test_updown.c \
	testing/unit/conns/test_route_lookup.c
$(foreach f,$(CONNS_TEST_SRCS),$(eval CFLAGS_$(f) := $(NSS_CFLAGS) -Iprograms/pluto -Iprograms/pluto/crypto -Itesting/unit))
$(eval $(call unit_test,test_connections,testing/unit/conns/test_connections.c \
	testing/unit/test_files.c $(CONNS_SRCS),libcrypto_ike libkernel libswan,$(NSS_LIBS) $(MNL_LIBS) $(EVENT_LIBS)))
$(eval $(call unit_test,test_conn_status,testing/unit/conns/test_conn_status.c \
	$(CONNS_SRCS),libcrypto_ike libkernel libswan,$(NSS_LIBS) $(MNL_LIBS) $(EVENT_LIBS)))
# pluto's config setup reading and `ipsec checkconfig` (pluto_config.c).
$(eval $(call unit_test,test_pluto_config,testing/unit/conns/test_pluto_config.c \
	testing/unit/test_files.c programs/pluto/pluto_config.c programs/pluto/connection_resolve.c,libcrypto_ike libswan,$(NSS_LIBS)))
# updown_run(): the PLUTO_* environment, verb suffixes, exit status, timeout.
$(eval $(call unit_test,test_updown,testing/unit/conns/test_updown.c \
	testing/unit/test_files.c $(CONNS_SRCS),libcrypto_ike libkernel libswan,$(NSS_LIBS) $(MNL_LIBS) $(EVENT_LIBS)))
# The next hop for PLUTO_NEXT_HOP: the kernel's RTM_GETROUTE answer as
# hostile bytes, and the choice between leftnexthop=, gateway and peer.
$(eval $(call unit_test,test_route_lookup,testing/unit/conns/test_route_lookup.c \
	programs/pluto/route_lookup.c,libswan,$(MNL_LIBS)))
