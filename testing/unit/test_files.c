/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_files.h"

char *test_dir_create(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[512];

	snprintf(path, sizeof(path), "%s/xswan-test-XXXXXX", tmp != NULL ? tmp : "/tmp");
	char *dir = strdup(path);
	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	return dir;
}

const char *test_path(const char *dir, const char *name)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

void test_file_write(const char *dir, const char *name, const char *text)
{
	const char *slash = strchr(name, '/');
	if (slash != NULL) {
		char sub[512];
		snprintf(sub, sizeof(sub), "%s/%.*s", dir, (int)(slash - name), name);
		mkdir(sub, 0700);
	}
	FILE *f = fopen(test_path(dir, name), "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

void test_dir_remove(char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}
