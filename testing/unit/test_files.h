/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Scratch directories for tests that read files (includes, globs). */
#ifndef XSWAN_TEST_FILES_H
#define XSWAN_TEST_FILES_H

/* A fresh directory under $TMPDIR (or /tmp); aborts the test on failure. */
char *test_dir_create(void);
/* Write TEXT to DIR/NAME (creating DIR/NAME's parent if it is DIR/sub). */
void test_file_write(const char *dir, const char *name, const char *text);
/* DIR/NAME in a static buffer (valid until the next call). */
const char *test_path(const char *dir, const char *name);
/* Remove DIR and everything in it; frees DIR. */
void test_dir_remove(char *dir);

#endif
