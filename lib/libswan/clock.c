/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "clock.h"

static bool caching;
static bool have_mono, have_real;
static struct timespec mono, real;

void clock_cache_enable(bool on)
{
	caching = on;
	clock_cache_new_turn();
}

void clock_cache_new_turn(void)
{
	have_mono = have_real = false;
}

static const struct timespec *reading(clockid_t id, struct timespec *ts, bool *have)
{
	if (!caching || !*have) {
		clock_gettime(id, ts);
		*have = caching;
	}
	return ts;
}

uint64_t clock_mono_ms(void)
{
	const struct timespec *ts = reading(CLOCK_MONOTONIC, &mono, &have_mono);

	return (uint64_t)ts->tv_sec * 1000 + (uint64_t)ts->tv_nsec / 1000000;
}

struct timespec clock_real(void)
{
	return *reading(CLOCK_REALTIME, &real, &have_real);
}

time_t clock_real_seconds(void)
{
	return clock_real().tv_sec;
}
