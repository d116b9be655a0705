/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The clocks, read at most once per event-loop turn when the daemon asks.
 *
 * Why: under User-Mode Linux every system call is a round trip through
 * the host (clock_gettime() costs 60-80 us there, where a vDSO read costs
 * 20 ns), and a handshake used to read a clock a dozen times: for each
 * log line's timestamp, each timer's start, each "established at".  A
 * turn of the event loop does one batch of work; the times it records
 * can all be the moment its first reader asked, which is also what
 * libevent does for its own timers.
 *
 * Off (the default, and for every program but pluto's loop) each call
 * reads the clock.  On (clock_cache_enable), a reading is kept until
 * clock_cache_new_turn(), which the loop calls before it waits: the
 * first read after the wait is fresh, later ones in the turn reuse it.
 * While on, the wall clock is derived from the monotonic reading and
 * read itself at most once a second (clock.c).
 */
#ifndef XSWAN_CLOCK_H
#define XSWAN_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

void clock_cache_enable(bool on);
void clock_cache_new_turn(void);

/* CLOCK_MONOTONIC, in milliseconds. */
uint64_t clock_mono_ms(void);
/* CLOCK_REALTIME. */
struct timespec clock_real(void);
/* CLOCK_REALTIME, whole seconds (what time(NULL) gives). */
time_t clock_real_seconds(void);

#endif
