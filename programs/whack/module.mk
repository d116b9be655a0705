# SPDX-License-Identifier: GPL-2.0-or-later
# programs/whack: the control client.
WHACK_SRCS := programs/whack/whack.c programs/whack/whack_options.c
$(eval $(call program,whack,$(WHACK_SRCS),libswan,))
