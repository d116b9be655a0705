/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What starts a rekey or an expiry, on the two ends of the exchange
 * harness: the REKEY/REPLACE timers and their margin arithmetic
 * (ipsec-lifetime=, ikelifetime=, rekeymargin=, rekeyfuzz=), the soft and
 * hard limits given to the kernel and its expires, and whack's rekey.
 * The exchanges themselves are test_ikev2_rekey.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <event2/event.h>

#include "clock.h"
#include "crypto/crypto_nss.h"
#include "exchange_harness.h"
#include "ikev2_rekey.h"
#include "rekey_harness.h"

/* ---- timers ---- */

static void test_margin_arithmetic(void **state)
{
	/* Responder: half the margin, fuzz ignored. */
	assert_int_equal(rekey_delay_ms(28800000, 540000, 100, false, 77), 28800000 - 270000);
	/* Initiator: margin * (100 + rnd % (fuzz + 1)) / 100. */
	assert_int_equal(rekey_delay_ms(28800000, 540000, 100, true, 0), 28800000 - 540000);
	assert_int_equal(rekey_delay_ms(28800000, 540000, 100, true, 100), 28800000 - 1080000);
	assert_int_equal(rekey_delay_ms(28800000, 540000, 100, true, 101), 28800000 - 540000);
	assert_int_equal(rekey_delay_ms(28800000, 540000, 0, true, 12345), 28800000 - 540000);
	assert_int_equal(rekey_delay_ms(10000, 3000, 50, true, 25), 10000 - 3750);
	/* Always earlier for the initiator than for the responder. */
	for (uint32_t r = 0; r < 300; r++)
		assert_true(rekey_delay_ms(60000, 20000, 100, true, r) <
			    rekey_delay_ms(60000, 20000, 100, false, r));
	/* A margin beyond the lifetime: no rekey, only the replace. */
	assert_int_equal(rekey_delay_ms(1000, 1000, 0, true, 0), 0);
	assert_int_equal(rekey_delay_ms(1000, 5000, 0, false, 0), 0);
}

/*
 * The lifetime tests run real timers.  They never wait a fixed time and
 * then look: a loaded host runs timers late, and a late timer is not a
 * bug.  They turn the loop until the outcome holds (or a generous limit
 * passes), and check the other way that nothing happened early: an
 * elapsed time read before the timer was armed can only be too long.
 */
static struct event_base *loop_base;
static const uint64_t WAIT_LIMIT_MS = 10000;

static int setup_loop(void **state)
{
	harness_setup();
	loop_base = event_base_new();
	west.env.base = east.env.base = loop_base;
	return 0;
}

/* Runs after a failed assertion too: nothing leaks into LeakSanitizer's
 * report when a test fails. */
static int teardown_loop(void **state)
{
	harness_teardown();
	event_base_free(loop_base);
	loop_base = NULL;
	return 0;
}

/* Turns the loop until COND holds; fails the test after WAIT_LIMIT_MS.
 * EACH, when given, is checked after every turn. */
static void run_until(bool (*cond)(void), void (*each)(void))
{
	uint64_t start = clock_mono_ms();

	while (!cond()) {
		if (clock_mono_ms() - start >= WAIT_LIMIT_MS)
			fail_msg("still waiting after %llu ms", (unsigned long long)WAIT_LIMIT_MS);
		harness_turn(loop_base, 20);
		if (each)
			each();
	}
}

static void assert_not_before(uint64_t since, uint64_t ms, const char *what)
{
	uint64_t elapsed = clock_mono_ms() - since;

	if (elapsed + harness_timer_slack_ms() < ms)
		fail_msg("%s after %llu ms, before %llu ms", what,
			 (unsigned long long)elapsed, (unsigned long long)ms);
}

static struct old_pair watched;	/* the Child SA pair run_until waits on */

/* West's Child SA is a new one and the old pair's SPIs left both kernels. */
static bool watched_replaced(void)
{
	const struct ike_sa *w = side_ike(&west);

	return w != NULL && w->children != NULL && w->children->serial != watched.w_serial &&
	       !kernel_has_spi(&west.kernel, watched.w_in) &&
	       !kernel_has_spi(&west.kernel, watched.e_in) &&
	       !kernel_has_spi(&east.kernel, watched.w_in) &&
	       !kernel_has_spi(&east.kernel, watched.e_in);
}

/* Never a turn without an established Child SA on each end. */
static void assert_tunnel_up(void)
{
	assert_non_null(side_ike(&west));
	assert_non_null(side_ike(&east));
	assert_true(side_ike(&west)->children != NULL &&
		    side_ike(&west)->children->state == CHILD_STATE_ESTABLISHED);
	assert_true(side_ike(&east)->children != NULL &&
		    side_ike(&east)->children->state == CHILD_STATE_ESTABLISHED);
}

/* ipsec-lifetime=0.3s, rekeymargin=0.1s: west (initiator) rekeys at
 * 0.2 s, before east's 0.25 s; the tunnel never lapses. */
static void test_child_lifetime_rekeys(void **state)
{
	west.cfg.rekey = east.cfg.rekey = true;
	west.cfg.ipsec_lifetime_ms = east.cfg.ipsec_lifetime_ms = 300;
	west.cfg.rekeymargin_ms = east.cfg.rekeymargin_ms = 100;
	/* Old inbound SAs linger 1 ms (test_child_retire.c tests the grace). */
	west.env.retire_grace_ms = east.env.retire_grace_ms = 1;
	west.cfg.rekeyfuzz_percent = east.cfg.rekeyfuzz_percent = 0;
	west.cfg.ikelifetime_ms = east.cfg.ikelifetime_ms = 3600000;
	uint64_t since = clock_mono_ms();
	up();
	/* Four generations, never expired, never a gap.  Generation N's
	 * Child SA was born at least N x 200 ms after the start: each one
	 * is created when its predecessor's timer fires. */
	for (uint64_t generation = 1; generation <= 4; generation++) {
		watched = remember();
		run_until(watched_replaced, assert_tunnel_up);
		assert_not_before(since, generation * 200, "a rekey");
		assert_one_tunnel();
	}
}

/* rekey=no: the Child SA just expires at its lifetime (Delete). */
static bool children_gone(void)
{
	return side_ike(&west) != NULL && side_ike(&east) != NULL &&
	       side_ike(&west)->children == NULL && side_ike(&east)->children == NULL;
}

static bool no_retired_sas(void)
{
	return child_retired_count(NULL) == 0;
}

/* rekey=no: the Child SA goes at its lifetime (0.1 s), the IKE SA stays. */
static void test_child_lifetime_expires(void **state)
{
	west.cfg.rekey = east.cfg.rekey = false;
	west.cfg.ipsec_lifetime_ms = east.cfg.ipsec_lifetime_ms = 100;
	west.cfg.ikelifetime_ms = east.cfg.ikelifetime_ms = 3600000;
	/* The end whose timer fires second gets the other's Delete first and
	 * keeps its inbound SA for the grace (test_child_retire.c): 1 ms. */
	west.env.retire_grace_ms = east.env.retire_grace_ms = 1;
	uint64_t since = clock_mono_ms();
	up();
	run_until(children_gone, NULL);
	assert_not_before(since, 100, "the Child SA expired");
	run_until(no_retired_sas, NULL);
	assert_int_equal(side_ike_count(&west), 1);
	assert_int_equal(mock_sa_count(&west.kernel, false) + mock_sa_count(&west.kernel, true), 0);
	assert_int_equal(mock_sa_count(&east.kernel, false) + mock_sa_count(&east.kernel, true), 0);
}

static struct ike_pair watched_ike;

static bool watched_ike_replaced(void)
{
	return side_ike_count(&west) == 1 && side_ike(&west)->serial != watched_ike.w &&
	       side_ike_count(&east) == 1 && side_ike(&east)->serial != watched_ike.e;
}

/* ikelifetime=0.3s, rekeymargin=0.1s: the IKE SA is replaced from 0.2 s
 * on, again and again; the Child SA moves across unchanged. */
static void test_ike_lifetime_rekeys(void **state)
{
	west.cfg.rekey = east.cfg.rekey = true;
	west.cfg.ikelifetime_ms = east.cfg.ikelifetime_ms = 300;
	west.cfg.ipsec_lifetime_ms = east.cfg.ipsec_lifetime_ms = 3600000;
	west.cfg.rekeymargin_ms = east.cfg.rekeymargin_ms = 100;
	west.cfg.rekeyfuzz_percent = east.cfg.rekeyfuzz_percent = 0;
	uint64_t since = clock_mono_ms();
	up();
	struct ike_pair old = remember_ike();
	/* As for Child SAs: generation N is no younger than N x 200 ms. */
	for (uint64_t generation = 1; generation <= 3; generation++) {
		watched_ike = remember_ike();
		run_until(watched_ike_replaced, assert_tunnel_up);
		assert_not_before(since, generation * 200, "an IKE SA rekey");
		struct child_sa *w = assert_one_tunnel();
		assert_int_equal(w->serial, old.w_child);
		assert_int_equal(side_ike(&east)->children->serial, old.e_child);
	}
}

/* ---- kernel expires and whack ---- */

static void test_soft_limit_arithmetic(void **state)
{
	/* No limit stays no limit. */
	assert_true(rekey_soft_limit(0, true, 5) == 0);
	/* Initiator 25% plus rnd % (a quarter of that + 1), responder 50%
	 * less rnd % (an eighth of that + 1): 6.25% of the hard limit. */
	assert_true(rekey_soft_limit(1000, true, 0) == 250);
	assert_true(rekey_soft_limit(1000, true, 62) == 312);
	assert_true(rekey_soft_limit(1000, true, 63) == 250);
	assert_true(rekey_soft_limit(1000, false, 0) == 500);
	assert_true(rekey_soft_limit(1000, false, 62) == 438);
	assert_true(rekey_soft_limit(1000, false, 63) == 500);
	/* Small limits: little or no fuzz left, never 0. */
	assert_true(rekey_soft_limit(20, true, 7) == 6);
	assert_true(rekey_soft_limit(20, true, 8) == 5);
	assert_true(rekey_soft_limit(20, false, 7) == 9);
	assert_true(rekey_soft_limit(20, false, 8) == 10);
	assert_true(rekey_soft_limit(1, true, 0) == 1);
	assert_true(rekey_soft_limit(3, false, 0) == 1);
	/* The largest limits do not overflow: 2^63 and 2^64 - 1. */
	assert_true(rekey_soft_limit(1ull << 63, true, 0) == (1ull << 61));
	assert_true(rekey_soft_limit(1ull << 63, false, 0) == (1ull << 62));
	assert_true(rekey_soft_limit(UINT64_MAX, false, 0) < UINT64_MAX / 2 + 1);
	/* Whatever the random numbers, the initiator's is the lower one. */
	for (uint32_t r = 0; r < 7000; r++) {
		assert_true(rekey_soft_limit(100000, true, r) <= 31250);
		assert_true(rekey_soft_limit(100000, false, r) >= 43750);
	}
}

/* ipsec-max-packets= reaches each kernel SA: the hard limit as
 * written, the soft one by role; a rekeyed Child SA gets them too. */
static void test_sa_limits_installed(void **state)
{
	west.cfg.rekey = east.cfg.rekey = true;
	west.cfg.ipsec_max_packets = 1000;
	east.cfg.ipsec_max_packets = 1000;
	east.cfg.ipsec_max_bytes = 1ull << 20;
	up();
	unsigned seen = 0;
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++) {
		const struct mock_sa *w = &west.kernel.sas[i], *e = &east.kernel.sas[i];
		if (w->used && !w->larval) {
			const struct kernel_lifetime *l = &w->sa.lifetime;
			assert_true(l->hard_packets == 1000);
			assert_true(l->soft_packets >= 250 && l->soft_packets <= 312);
			assert_true(l->hard_bytes == 0 && l->soft_bytes == 0);
			seen++;
		}
		if (e->used && !e->larval) {
			const struct kernel_lifetime *l = &e->sa.lifetime;
			assert_true(l->hard_packets == 1000);
			assert_true(l->soft_packets >= 438 && l->soft_packets <= 500);
			assert_true(l->hard_bytes == 1ull << 20);
			assert_true(l->soft_bytes >= (1ull << 19) - (1ull << 16) &&
				    l->soft_bytes <= 1ull << 19);
			seen++;
		}
	}
	assert_int_equal(seen, 4);

	/* east's soft expire: east initiates the rekey, so its new SAs
	 * take the initiator's share and west's the responder's. */
	struct child_sa *e = side_ike(&east)->children;
	so_serial_t old_serial = e->serial;
	struct kernel_expire x = { .spi = e->spi_out, .proto = 50, .src = east.addr,
				   .dst = west.addr, .reqid = e->reqid, .hard = false };
	rekey_kernel_expire(&east.env, &x);
	pump(10);
	struct child_sa *ne = side_ike(&east)->children, *nw = side_ike(&west)->children;
	assert_non_null(ne);
	assert_non_null(nw);
	assert_true(ne->serial != old_serial);
	assert_true(ne->kernel_limits.soft_packets >= 250 && ne->kernel_limits.soft_packets <= 312);
	assert_true(nw->kernel_limits.soft_packets >= 438 && nw->kernel_limits.soft_packets <= 500);

	/* rekey=no: the SA just ends at the hard limit (soft = hard). */
	harness_teardown();
	harness_setup();
	west.cfg.ipsec_max_packets = 1000;
	west.cfg.rekey = false;
	up();
	assert_true(side_ike(&west)->children->kernel_limits.soft_packets == 1000);
	assert_true(side_ike(&east)->children->kernel_limits.soft_packets == 0);
}

static void test_kernel_soft_expire(void **state)
{
	up();
	struct old_pair old = remember();
	struct child_sa *w = side_ike(&west)->children;
	struct kernel_expire e = { .spi = w->spi_out, .proto = 50, .src = west.addr,
				   .dst = east.addr, .reqid = w->reqid, .hard = false };

	rekey_kernel_expire(&west.env, &e);
	assert_int_equal(pump(10), 4);
	assert_replaced(&old);
	/* An expire for an SPI nobody has is ignored. */
	e.spi = 0x1234;
	rekey_kernel_expire(&west.env, &e);
	assert_int_equal(queue_len(), 0);
}

static void test_kernel_hard_expire(void **state)
{
	up();
	struct child_sa *w = side_ike(&west)->children;
	struct kernel_expire e = { .spi = w->spi_in, .proto = 50, .src = east.addr,
				   .dst = west.addr, .reqid = w->reqid, .hard = true };

	rekey_kernel_expire(&west.env, &e);
	pump(10);
	assert_null(side_ike(&west)->children);
	assert_null(side_ike(&east)->children);
	assert_int_equal(mock_sa_count(&east.kernel, false) + mock_sa_count(&east.kernel, true), 0);
	assert_int_equal(mock_policy_count(&east.kernel), 0);
}

static void test_whack_rekey(void **state)
{
	struct diag d = { "" };

	assert_false(rekey_connection_now(&west.conn, false, &d));	/* nothing up */
	up();
	struct old_pair old = remember();
	if (!rekey_connection_now(&west.conn, false, &d))
		fail_msg("--rekey-child: %s", d.msg);
	pump(10);
	assert_replaced(&old);
	struct ike_pair oi = remember_ike();
	if (!rekey_connection_now(&east.conn, true, &d))
		fail_msg("--rekey-ike: %s", d.msg);
	pump(10);
	assert_ike_replaced(&oi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_margin_arithmetic),
		cmocka_unit_test_setup_teardown(test_child_lifetime_rekeys, setup_loop, teardown_loop),
		cmocka_unit_test_setup_teardown(test_child_lifetime_expires, setup_loop, teardown_loop),
		cmocka_unit_test_setup_teardown(test_ike_lifetime_rekeys, setup_loop, teardown_loop),
		cmocka_unit_test_setup_teardown(test_kernel_soft_expire, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_kernel_hard_expire, rekey_setup, rekey_teardown),
		cmocka_unit_test(test_soft_limit_arithmetic),
		cmocka_unit_test_setup_teardown(test_sa_limits_installed, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_whack_rekey, rekey_setup, rekey_teardown),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* Every key of every SA, rekeyed or expired, was released. */
	if (!crypto_nss_shutdown()) {
		fprintf(stderr, "NSS objects leaked by the exchanges\n");
		failed++;
	}
	return failed;
}
