/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "clock.h"

#define NS_PER_S 1000000000LL

static bool caching;
static bool have_mono;
static struct timespec mono;
/* While caching: CLOCK_REALTIME as read at monotonic time real_at_mono. */
static bool have_real_base;
static struct timespec real_base, real_at_mono;

void clock_cache_enable(bool on)
{
	caching = on;
	have_real_base = false;
	clock_cache_new_turn();
}

void clock_cache_new_turn(void)
{
	have_mono = false;
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

static long long ns_of(const struct timespec *ts)
{
	return (long long)ts->tv_sec * NS_PER_S + ts->tv_nsec;
}

/*
 * While caching, the wall clock is the turn's monotonic reading plus an
 * offset read at most once a second (REAL_RESYNC_NS): a step of the wall
 * clock (NTP, date -s) shows within a second, and a turn costs one
 * clock read for both clocks.
 */
#define REAL_RESYNC_NS NS_PER_S

struct timespec clock_real(void)
{
	struct timespec now;

	if (!caching) {
		clock_gettime(CLOCK_REALTIME, &now);
		return now;
	}
	const struct timespec *m = reading(CLOCK_MONOTONIC, &mono, &have_mono);
	long long since = ns_of(m) - ns_of(&real_at_mono);
	if (!have_real_base || since < 0 || since >= REAL_RESYNC_NS) {
		clock_gettime(CLOCK_REALTIME, &real_base);
		real_at_mono = *m;
		have_real_base = true;
		since = 0;
	}
	long long t = ns_of(&real_base) + since;
	now.tv_sec = (time_t)(t / NS_PER_S);
	now.tv_nsec = (long)(t % NS_PER_S);
	return now;
}

time_t clock_real_seconds(void)
{
	return clock_real().tv_sec;
}
