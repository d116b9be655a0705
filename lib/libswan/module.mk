# SPDX-License-Identifier: GPL-2.0-or-later
# lib/libswan: what pluto, whack and the tests share.
LIBSWAN_SRCS := $(sort $(wildcard lib/libswan/*.c))
$(eval $(call library,libswan,$(LIBSWAN_SRCS)))
