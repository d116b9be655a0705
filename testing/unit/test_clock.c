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

/* Linked with --wrap=clock_gettime (module.mk): reads of the wall
 * clock are counted. */
int __real_clock_gettime(clockid_t id, struct timespec *ts);
int __wrap_clock_gettime(clockid_t id, struct timespec *ts);
static unsigned realtime_reads;

int __wrap_clock_gettime(clockid_t id, struct timespec *ts)
{
	if (id == CLOCK_REALTIME)
		realtime_reads++;
	return __real_clock_gettime(id, ts);
}

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

static long long ns_between(struct timespec a, struct timespec b)
{
	return (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
}

static struct timespec mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts;
}

/* While caching, the wall clock moves with the monotonic one (no read of
 * its own) for up to a second, then is read again; it stays close to the
 * real wall clock throughout. */
static void test_cached_real_follows_mono_then_resyncs(void **state)
{
	clock_cache_enable(true);
	struct timespec m0 = mono_now();
	uint64_t a = clock_mono_ms();
	struct timespec r0 = clock_real();

	clock_cache_new_turn();
	sleep_ms(20);
	uint64_t b = clock_mono_ms();
	unsigned reads = realtime_reads;
	struct timespec r1 = clock_real();
	assert_int_equal(realtime_reads, reads);
	long long d = ns_between(r0, r1);
	/* derived: moved as far as the monotonic clock did (ms readings
	 * truncate, so within one ms of their difference) */
	assert_true(d >= (long long)(b - a - 1) * 1000000 && d <= (long long)(b - a + 1) * 1000000);
	struct timespec wall;
	clock_gettime(CLOCK_REALTIME, &wall);
	assert_true(ns_between(r1, wall) >= 0 && ns_between(r1, wall) < 50 * 1000000LL);

	/* over a second later: read afresh */
	while (ns_between(m0, mono_now()) < 1100 * 1000000LL)
		sleep_ms(50);
	clock_cache_new_turn();
	reads = realtime_reads;
	struct timespec r2 = clock_real();
	assert_int_equal(realtime_reads, reads + 1);
	clock_gettime(CLOCK_REALTIME, &wall);
	assert_true(ns_between(r2, wall) >= 0 && ns_between(r2, wall) < 50 * 1000000LL);
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
		cmocka_unit_test_teardown(test_cached_real_follows_mono_then_resyncs, teardown),
		cmocka_unit_test_teardown(test_real_seconds_is_time, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
