/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lib/libswan/mapped_file.c: what is flushed is in the file at once,
 * without a write() (linked with --wrap=write, which counts them); the
 * file grows past its first reservation; closing cuts it to what was
 * written.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "mapped_file.h"
#include "fault_fallocate.h"

ssize_t __real_write(int fd, const void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
static unsigned writes;

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	writes++;
	return __real_write(fd, buf, n);
}


/* A fresh directory DIR (a mkdtemp template) and PATH, a file in it. */
static void temp_file(char *dir, char *path, size_t size)
{
	assert_non_null(mkdtemp(dir));
	snprintf(path, size, "%s/f", dir);
}

/* The file's bytes as a reader sees them now. */
static size_t file_bytes(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	size_t n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static void test_flushed_lines_are_in_the_file(void **state)
{
	char dir[] = "/tmp/xswan-mapped-XXXXXX", path[200];
	static char back[512 * 1024];
	struct stat st;

	temp_file(dir, path, sizeof(path));
	FILE *f = mapped_file_create(path);
	assert_non_null(f);
	unsigned before = writes;

	assert_true(fprintf(f, "first line\n") > 0);
	assert_int_equal(fflush(f), 0);
	size_t n = file_bytes(path, back, sizeof(back));
	assert_true(n > strlen("first line\n"));	/* reserved zeros follow */
	assert_memory_equal(back, "first line\n\0", 12);

	/* past the first reservation (64 KiB): 4000 lines of 50 bytes */
	size_t total = strlen("first line\n");
	for (int i = 0; i < 4000; i++) {
		int w = fprintf(f, "%-48d\n", i);
		assert_int_equal(w, 49);
		total += 49;
		assert_int_equal(fflush(f), 0);
	}
	assert_int_equal(writes, before);	/* not one write() */
	n = file_bytes(path, back, sizeof(back));
	assert_true(n >= total);
	assert_memory_equal(back + total - 49, "3999", 4);
	assert_int_equal(back[total], '\0');

	assert_int_equal(fclose(f), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((size_t)st.st_size, total);
	assert_int_equal(st.st_mode & 0777, 0600);
	unlink(path);
	rmdir(dir);
}

/* Without fallocate() the stream writes as any other would: the same
 * bytes, one write() per flush, no zero bytes at the end. */
static void test_write_fallback_without_fallocate(void **state)
{
	char dir[] = "/tmp/xswan-mapped-XXXXXX", path[200], back[64];
	struct stat st;

	temp_file(dir, path, sizeof(path));
	fallocate_errno = EOPNOTSUPP;
	FILE *f = mapped_file_create(path);
	assert_non_null(f);
	unsigned before = writes;
	assert_true(fprintf(f, "one\n") > 0);
	assert_int_equal(fflush(f), 0);
	assert_true(fprintf(f, "two\n") > 0);
	assert_int_equal(fflush(f), 0);
	assert_int_equal(writes, before + 2);
	assert_int_equal(file_bytes(path, back, sizeof(back)), 8);
	assert_memory_equal(back, "one\ntwo\n", 8);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 8);
	fallocate_errno = 0;
	unlink(path);
	rmdir(dir);
}

/* A full file system: the flush fails (the journal says so), nothing
 * is written past what was reserved, and the process lives on. */
static void test_full_file_system_fails_the_flush(void **state)
{
	char dir[] = "/tmp/xswan-mapped-XXXXXX", path[200];

	temp_file(dir, path, sizeof(path));
	FILE *f = mapped_file_create(path);
	assert_non_null(f);
	assert_true(fprintf(f, "fits\n") > 0);
	assert_int_equal(fflush(f), 0);
	fallocate_errno = ENOSPC;
	/* past the first 64 KiB reservation */
	static char big[80 * 1024];
	memset(big, 'x', sizeof(big));
	fwrite(big, 1, sizeof(big), f);
	fflush(f);
	/* glibc's fflush() may still return 0 here: the error flag is
	 * what tells (the journal checks both) */
	assert_true(ferror(f));
	fallocate_errno = 0;
	fclose(f);
	unlink(path);
	rmdir(dir);
}

static void test_refuses_a_symlink(void **state)
{
	char dir[] = "/tmp/xswan-mapped-XXXXXX", path[200];

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/link", dir);
	assert_int_equal(symlink("/tmp/elsewhere", path), 0);
	assert_null(mapped_file_create(path));
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flushed_lines_are_in_the_file),
		cmocka_unit_test(test_write_fallback_without_fallocate),
		cmocka_unit_test(test_full_file_system_fails_the_flush),
		cmocka_unit_test(test_refuses_a_symlink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
