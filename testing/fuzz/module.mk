# SPDX-License-Identifier: GPL-2.0-or-later
# testing/fuzz: libFuzzer targets, one folder per area with its own
# module.mk; seed corpora in testing/fuzz/corpus/<target>/.
