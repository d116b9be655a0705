/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lib/libswan/clock.c: fresh readings when caching is off; one reading
 * per turn when it is on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "clock.h"

static void sleep_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000 };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static int teardown(void **state)
{
	clock_cache_enable(false);
	return 0;
}

static void test_uncached_reads_are_fresh(void **state)
{
	uint64_t a = clock_mono_ms();
	struct timespec ra = clock_real();

	sleep_ms(5);
	assert_true(clock_mono_ms() >= a + 5);
	struct timespec rb = clock_real();
	assert_true(rb.tv_sec > ra.tv_sec || rb.tv_nsec > ra.tv_nsec);
}

static void test_cached_reads_hold_for_a_turn(void **state)
{
	clock_cache_enable(true);
	uint64_t a = clock_mono_ms();
	struct timespec ra = clock_real();

	sleep_ms(5);
	/* the same turn: the first reading, however late the call */
	assert_int_equal(clock_mono_ms(), a);
	struct timespec rb = clock_real();
	assert_int_equal(rb.tv_sec, ra.tv_sec);
	assert_int_equal(rb.tv_nsec, ra.tv_nsec);
	assert_int_equal(clock_real_seconds(), ra.tv_sec);

	/* a new turn reads again */
	clock_cache_new_turn();
	assert_true(clock_mono_ms() >= a + 5);
	rb = clock_real();
	assert_true(rb.tv_sec > ra.tv_sec || rb.tv_nsec > ra.tv_nsec);
}

static void test_turn_starts_when_first_read(void **state)
{
	/* The loop drops the cache before it waits: the time spent waiting
	 * must not show up as a stale reading after it. */
	clock_cache_enable(true);
	uint64_t before = clock_mono_ms();

	clock_cache_new_turn();
	sleep_ms(5);	/* the wait */
	assert_true(clock_mono_ms() >= before + 5);
}

static void test_disabling_reads_fresh_again(void **state)
{
	clock_cache_enable(true);
	uint64_t a = clock_mono_ms();

	clock_cache_enable(false);
	sleep_ms(5);
	assert_true(clock_mono_ms() >= a + 5);
	sleep_ms(5);
	assert_true(clock_mono_ms() >= a + 10);
}

static void test_real_seconds_is_time(void **state)
{
	time_t t = time(NULL);
	time_t c = clock_real_seconds();

	assert_true(c >= t && c <= t + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_uncached_reads_are_fresh, teardown),
		cmocka_unit_test_teardown(test_cached_reads_hold_for_a_turn, teardown),
		cmocka_unit_test_teardown(test_turn_starts_when_first_read, teardown),
		cmocka_unit_test_teardown(test_disabling_reads_fresh_again, teardown),
		cmocka_unit_test_teardown(test_real_seconds_is_time, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
