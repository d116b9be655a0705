# SPDX-License-Identifier: GPL-2.0-or-later
"""What `make check` runs besides the scenarios.

unit.py   cmocka test binaries (built with ASan and UBSan), per test case
fuzz.py   libFuzzer targets, briefly each, over their seed corpus
"""
