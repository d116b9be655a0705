/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * log.c's batching: by default a line reaches the file at once; with a
 * deferred flush the lines of one loop turn wait in the buffer, the
 * first of them calls the hook once, and log_flush() writes them all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "log.h"

static FILE *f;
static unsigned hook_calls;

static void hook(void)
{
	hook_calls++;
}

/* What the file holds on disk (not what sits in the FILE's buffer). */
static long on_disk(void)
{
	struct stat st;

	assert_int_equal(fstat(fileno(f), &st), 0);
	return (long)st.st_size;
}

static int setup(void **state)
{
	f = tmpfile();
	assert_non_null(f);
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	log_set_file(f, false);
	hook_calls = 0;
	return 0;
}

static int teardown(void **state)
{
	log_defer_flush(NULL);
	log_set_file(NULL, false);
	fclose(f);
	return 0;
}

static void test_line_at_a_time(void **state)
{
	llog("one");
	assert_int_equal(on_disk(), 4);
	llog("two");
	assert_int_equal(on_disk(), 8);
}

static void test_deferred(void **state)
{
	log_defer_flush(hook);
	llog("one");
	llog("two");
	ldbg_(DBG_BASE, "three");
	assert_int_equal(hook_calls, 1);	/* once per batch */
	assert_int_equal(on_disk(), 0);
	log_flush();
	assert_int_equal(on_disk(), 4 + 4 + 8);
	/* The next line starts a new batch. */
	llog("four");
	assert_int_equal(hook_calls, 2);
	log_flush();
	assert_int_equal(on_disk(), 4 + 4 + 8 + 5);
	log_flush();		/* nothing pending: nothing happens */
	assert_int_equal(hook_calls, 2);
}

static void test_back_to_immediate(void **state)
{
	log_defer_flush(hook);
	llog("one");
	assert_int_equal(on_disk(), 0);
	/* Turning batching off writes what waits, and later lines at once. */
	log_defer_flush(NULL);
	assert_int_equal(on_disk(), 4);
	llog("two");
	assert_int_equal(on_disk(), 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_line_at_a_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deferred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_to_immediate, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
