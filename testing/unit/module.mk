# SPDX-License-Identifier: GPL-2.0-or-later
# testing/unit: cmocka tests, one folder per area, each with its own module.mk.
include $(sort $(wildcard testing/unit/*/module.mk))
