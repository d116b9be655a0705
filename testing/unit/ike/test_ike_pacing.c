/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Initiation pacing (programs/pluto/ike_pacing.c), two ends in one
 * process: no more than the window of IKE SAs initiate at once, the rest
 * start in order as slots free; a deleted queued SA leaves the queue; a
 * retransmit gives the slot up; without an event loop nothing waits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <event2/event.h>

#include "clock.h"
#include "exchange_harness.h"

static struct event_base *base;

static int setup(void **state)
{
	harness_setup();
	base = event_base_new();
	assert_non_null(base);
	west.env.base = base;
	/* every initiation its own IKE SA: no replacing by peer ID */
	west.env.uniqueids = east.env.uniqueids = false;
	return 0;
}

static int teardown(void **state)
{
	harness_teardown();
	west.env.base = NULL;
	event_base_free(base);
	base = NULL;
	return 0;
}

static unsigned established(struct side *s)
{
	unsigned n = 0;

	for (unsigned b = 0; b < 256; b++)
		for (struct ike_sa *ike = s->env.spi_hash[b]; ike != NULL; ike = ike->next_hash)
			n += ike->state == IKE_STATE_ESTABLISHED;
	return n;
}

/* Turn the loop and deliver packets until west has WANT established IKE
 * SAs (or 5 s pass), checking at every step that no more than WINDOW
 * initiations are in flight. */
static void run_until_established(unsigned want, unsigned window)
{
	uint64_t start = clock_mono_ms();

	while (established(&west) < want && clock_mono_ms() - start < 5000) {
		harness_turn(base, 1);
		assert_true(west.env.initiating <= window);
	}
	assert_int_equal(established(&west), want);
	/* only the first said INITIAL_CONTACT: east deleted none of them */
	assert_int_equal(established(&east), want);
}

static void test_window_holds_the_rest_back(void **state)
{
	west.env.initiating_max = 2;
	for (int i = 0; i < 5; i++)
		harness_initiate();
	/* two IKE_SA_INITs on the wire, three waiting without a packet */
	assert_int_equal(west.sent, 2);
	assert_int_equal(west.env.initiating, 2);
	assert_int_equal(side_ike_count(&west), 5);

	run_until_established(5, 2);
	assert_int_equal(west.env.initiating, 0);
	assert_int_equal(west.env.initiating_peak, 2);
	/* the responder never saw more than the window half open */
	assert_true(east.env.half_open_peak <= 2);
	assert_null(west.env.pace_head);
}

static void test_queued_sa_deleted(void **state)
{
	west.env.initiating_max = 1;
	harness_initiate();
	struct ike_sa *second = harness_initiate();
	harness_initiate();
	assert_true(second->pace_queued);

	ike_sa_delete(second);
	run_until_established(2, 1);
	assert_int_equal(side_ike_count(&west), 2);
	assert_null(west.env.pace_head);
	assert_null(west.env.pace_tail);
}

static struct ike_sa *queued;
static bool started(void)
{
	return !queued->pace_queued;
}

static void test_retransmit_gives_the_slot_up(void **state)
{
	west.env.initiating_max = 1;
	uint64_t start = clock_mono_ms();
	struct ike_sa *first = harness_initiate();
	struct ike_sa *second = harness_initiate();
	/* the first IKE_SA_INIT is lost: its peer looks absent */
	assert_true(drop_next());

	/* before the first retransmit (500 ms) the second waits */
	harness_run_until(base, NULL, LINK_HOLD, 300);
	assert_int_equal(west.sent, 1);
	assert_true(second->pace_queued);

	/* the retransmit frees the slot: the second starts while the first
	 * still has no answer (nothing is delivered meanwhile) */
	queued = second;
	assert_true(harness_run_until(base, started, LINK_HOLD, 3000));
	assert_int_equal(first->state, IKE_STATE_PARENT_I1);
	assert_true(clock_mono_ms() - start + harness_timer_slack_ms() >= 500);
	/* the first's retransmit and the second's request: both come up */
	run_until_established(2, 1);
}

static void test_no_loop_no_pacing(void **state)
{
	west.env.base = NULL;
	west.env.initiating_max = 1;
	for (int i = 0; i < 3; i++)
		harness_initiate();
	assert_int_equal(west.sent, 3);
	assert_int_equal(west.env.initiating, 0);
	while (pump(1) == 1)
		;
	assert_int_equal(established(&west), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_window_holds_the_rest_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queued_sa_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmit_gives_the_slot_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_loop_no_pacing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
