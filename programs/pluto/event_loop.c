/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One clock for timers and for the code that reads the time.  libevent
 * runs its timers on CLOCK_MONOTONIC_COARSE unless told otherwise, which
 * trails CLOCK_MONOTONIC (clock_mono_ms(), clock.c) by up to one kernel
 * tick (4 ms at HZ=250): a timer could fire that much before the time it
 * was set for, as the code reading CLOCK_MONOTONIC sees it (found as a
 * grace period that looked 3 ms short in test_child_retire).  Both clocks
 * cost one system call per read where there is no vDSO (UML), so the
 * precise one costs nothing extra there.
 */
#include "event_loop.h"

struct event_base *event_loop_new(void)
{
	struct event_config *cfg = event_config_new();
	struct event_base *base = NULL;

	if (cfg == NULL)
		return NULL;
	if (event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER) == 0)
		base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	return base;
}
