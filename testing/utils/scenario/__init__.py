# SPDX-License-Identifier: GPL-2.0-or-later
"""The scenario harness: runs testing/pluto/<TEST>/ in one UML boot each.

tests.py     find tests, order their scripts, split them into command lines
sanitize.py  the table of rewrites from a raw transcript to the compared one
boot.py      one UML boot: write the plan, watch the console, enforce timeouts
verdict.py   compare transcripts, scan logs and daemon exits, write RESULT
"""
