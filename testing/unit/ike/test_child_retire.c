/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rekeys that lose nothing: after a Child SA rekey between two xswan ends
 * (the exchange harness, with an event loop), the old Child SA is gone
 * from both ends' state at once, its outbound SA too, but its inbound SA
 * stays in the kernel for the grace period (ESP the peer sent on it may
 * still be in flight), then goes.  Deleting the IKE SA (ours or the
 * peer's Delete) removes retired SAs at once; an IKE SA rekey hands them
 * to the new IKE SA.  The grace arithmetic is checked on its own.
 *
 * Activate-on-receipt (a mock kernel that has it): the rekey responder
 * installs its new outbound SA at once, on standby and paired with its
 * new inbound SA; the initiator's SAs are active; the kernel's
 * activation notification finds its Child SA.  Without the feature no
 * SA is ever put on standby.
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
#include "exchange_harness.h"
#include "ikev2_rekey.h"

static struct event_base *base;
static const uint64_t GRACE_MS = 150;	/* the retired SAs' grace in these tests */

static int setup(void **state)
{
	harness_setup();
	base = event_base_new();
	west.env.base = east.env.base = base;
	west.env.retire_grace_ms = east.env.retire_grace_ms = GRACE_MS;
	return 0;
}

static int teardown(void **state)
{
	harness_teardown();
	assert_int_equal(child_retired_count(NULL), 0);
	event_base_free(base);
	return 0;
}

static void run_loop(uint64_t ms)
{
	harness_run_until(base, NULL, 20, ms);
}

static void up(void)
{
	struct diag d = { "" };

	if (ike_initiate(&west.conn, NULL, &d) == NULL)
		fail_msg("ike_initiate: %s", d.msg);
	assert_int_equal(pump(10), 4);
}

/* The kernel holds an SA with this SPI going SRC -> DST. */
static bool kernel_has(const struct kernel *k, uint32_t spi, const struct side *src)
{
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++)
		if (k->sas[i].used && !k->sas[i].larval && k->sas[i].spi == spi &&
		    ip_address_eq(&k->sas[i].src, &src->addr))
			return true;
	return false;
}

static unsigned sas(const struct side *s)
{
	return mock_sa_count(&s->kernel, false) + mock_sa_count(&s->kernel, true);
}

struct old {
	so_serial_t w_serial, e_serial;
	uint32_t w_in, e_in;	/* west's inbound = east's outbound, and back */
};

static struct old remember(void)
{
	struct child_sa *w = side_ike(&west)->children, *e = side_ike(&east)->children;

	return (struct old){ w->serial, e->serial, w->spi_in, e->spi_in };
}

static void rekey_child_of(struct side *s)
{
	struct diag d = { "" };

	if (!ikev2_rekey_child_initiate(side_ike(s)->children, &d))
		fail_msg("rekey: %s", d.msg);
	assert_int_equal(pump(10), 4);	/* CREATE_CHILD_SA, INFORMATIONAL Delete */
}

/* After the rekey, during the grace: one Child SA per end (the new one),
 * the old outbound SAs gone, the old inbound SAs still there. */
static void assert_in_grace(const struct old *o)
{
	struct ike_sa *w = side_ike(&west), *e = side_ike(&east);

	assert_non_null(w->children);
	assert_null(w->children->next_of_ike);
	assert_non_null(e->children);
	assert_null(e->children->next_of_ike);
	assert_true(w->children->serial != o->w_serial);
	assert_true(e->children->serial != o->e_serial);
	assert_ptr_equal(ike_sa_by_serial(w->serial), w);
	/* `ipsec trafficstatus` walks the states: only the new ones. */
	assert_int_equal(child_sa_count(), 2);
	/* West's old inbound SA (east -> west) stays in west's kernel; its
	 * old outbound SA (west -> east, east's old inbound) is gone. */
	assert_true(kernel_has(&west.kernel, o->w_in, &east));
	assert_false(kernel_has(&west.kernel, o->e_in, &west));
	assert_true(kernel_has(&east.kernel, o->e_in, &west));
	assert_false(kernel_has(&east.kernel, o->w_in, &east));
	assert_int_equal(child_retired_count(w), 1);
	assert_int_equal(child_retired_count(e), 1);
	assert_int_equal(mock_sa_count(&west.kernel, false), 3);
	assert_int_equal(mock_sa_count(&east.kernel, false), 3);
	/* The policies belong to the new pair, nothing removed them. */
	assert_int_equal(mock_policy_count(&west.kernel), 3);
	assert_int_equal(mock_policy_count(&east.kernel), 3);
}

static void assert_grace_over(const struct old *o)
{
	assert_int_equal(child_retired_count(NULL), 0);
	assert_false(kernel_has(&west.kernel, o->w_in, &east));
	assert_false(kernel_has(&east.kernel, o->e_in, &west));
	assert_int_equal(mock_sa_count(&west.kernel, false), 2);
	assert_int_equal(mock_sa_count(&east.kernel, false), 2);
	assert_int_equal(mock_policy_count(&west.kernel), 3);
	assert_int_equal(mock_policy_count(&east.kernel), 3);
}

/* Turn the event loop until the old inbound SAs of each watched rekey are
 * gone from both kernels, checking as each goes that its grace had passed:
 * SINCE is read before that rekey began, so a timer that is on time can
 * never look early, however slow the host (a fixed wait could not tell a
 * late host from an early timer). */
struct watch {
	struct old o;
	uint64_t since;
	bool west_gone, east_gone;
};

static const uint64_t WAIT_LIMIT_MS = 10000;

static void gone_on_time(const struct watch *w, const char *end)
{
	uint64_t waited = clock_mono_ms() - w->since;

	if (waited + harness_timer_slack_ms() < GRACE_MS)
		fail_msg("%s's old inbound SA went after %llu ms, inside its %llu ms grace",
			 end, (unsigned long long)waited, (unsigned long long)GRACE_MS);
}

static void wait_grace_over(struct watch *w, unsigned n)
{
	uint64_t start = clock_mono_ms();
	unsigned left = n;

	while (left > 0) {
		if (clock_mono_ms() - start > WAIT_LIMIT_MS)
			fail_msg("old inbound SAs still there after %llu ms",
				 (unsigned long long)WAIT_LIMIT_MS);
		harness_turn(base, 20);
		left = 0;
		for (unsigned i = 0; i < n; i++) {
			if (!w[i].west_gone && !kernel_has(&west.kernel, w[i].o.w_in, &east)) {
				gone_on_time(&w[i], "west");
				w[i].west_gone = true;
			}
			if (!w[i].east_gone && !kernel_has(&east.kernel, w[i].o.e_in, &west)) {
				gone_on_time(&w[i], "east");
				w[i].east_gone = true;
			}
			left += !w[i].west_gone + !w[i].east_gone;
		}
	}
	for (unsigned i = 0; i < n; i++)
		assert_grace_over(&w[i].o);
}

/* West rekeys: both old inbound SAs outlive their Child SAs by the
 * grace period, and not much longer. */
static void test_old_inbound_kept_for_grace(void **state)
{
	up();
	struct watch w = { .o = remember(), .since = clock_mono_ms() };

	rekey_child_of(&west);
	assert_in_grace(&w.o);
	wait_grace_over(&w, 1);
}

/* The same when east (the IKE SA's responder) starts the rekey. */
static void test_old_inbound_kept_responder_rekeys(void **state)
{
	up();
	struct watch w = { .o = remember(), .since = clock_mono_ms() };

	rekey_child_of(&east);
	assert_in_grace(&w.o);
	wait_grace_over(&w, 1);
}

/* Two rekeys inside one grace period: two retired SAs per end, each
 * going on its own timer. */
static void test_two_generations(void **state)
{
	up();
	struct watch w[2] = { { .o = remember(), .since = clock_mono_ms() } };

	rekey_child_of(&west);
	run_loop(80);
	w[1] = (struct watch){ .o = remember(), .since = clock_mono_ms() };
	rekey_child_of(&west);
	/* Both retired generations are there until the first grace ends
	 * (unless this host stalled past it: then they may be gone). */
	if (clock_mono_ms() - w[0].since < GRACE_MS) {
		assert_int_equal(child_retired_count(side_ike(&west)), 2);
		assert_int_equal(mock_sa_count(&west.kernel, false), 4);
		assert_true(kernel_has(&west.kernel, w[0].o.w_in, &east));
		assert_true(kernel_has(&west.kernel, w[1].o.w_in, &east));
	}
	/* Each goes on its own timer: the second generation is checked
	 * against its own start, so one timer taking both fails. */
	wait_grace_over(w, 2);
}

/* `ipsec down` (a Delete of the IKE SA) during the grace: everything
 * goes at once on both ends, retired SAs included. */
static void test_ike_delete_removes_retired_at_once(void **state)
{
	up();
	struct old o = remember();

	rekey_child_of(&west);
	assert_in_grace(&o);
	ike_sa_delete_notify(side_ike(&west));
	/* West removed its own at once, before any answer. */
	assert_int_equal(sas(&west), 0);
	assert_int_equal(mock_policy_count(&west.kernel), 0);
	assert_int_equal(pump(10), 2);
	/* East got the peer's Delete(IKE): the same. */
	assert_int_equal(side_ike_count(&east), 0);
	assert_int_equal(sas(&east), 0);
	assert_int_equal(mock_policy_count(&east.kernel), 0);
	assert_int_equal(child_retired_count(NULL), 0);
}

/* Shutdown (every IKE SA deleted, no loop turn after). */
static void test_shutdown_removes_retired(void **state)
{
	up();
	struct old o = remember();

	rekey_child_of(&east);
	assert_in_grace(&o);
	ike_delete_all(false);
	assert_int_equal(sas(&west) + sas(&east), 0);
	assert_int_equal(child_retired_count(NULL), 0);
}

/* An IKE SA rekey during the grace: the retired SAs move with the Child
 * SAs, survive the old IKE SA's deletion and still go on time. */
static void test_ike_rekey_moves_retired(void **state)
{
	struct diag d = { "" };

	up();
	struct watch w = { .o = remember(), .since = clock_mono_ms() };
	rekey_child_of(&west);
	so_serial_t old_ike = side_ike(&west)->serial;
	if (!ikev2_rekey_ike_initiate(side_ike(&west), &d))
		fail_msg("rekey IKE: %s", d.msg);
	assert_int_equal(pump(10), 4);
	assert_null(ike_sa_by_serial(old_ike));
	assert_in_grace(&w.o);
	wait_grace_over(&w, 1);
}

/* Without an event loop nothing can time the grace: deleting at once. */
static void test_no_loop_deletes_at_once(void **state)
{
	west.env.base = east.env.base = NULL;
	up();
	struct old o = remember();
	rekey_child_of(&west);
	assert_grace_over(&o);
}

/* The kernel SA (not larval) with SPI going to DST; NULL when none. */
static const struct kernel_sa *kernel_sa(const struct kernel *k, uint32_t spi,
					 const struct side *dst)
{
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++)
		if (k->sas[i].used && !k->sas[i].larval && k->sas[i].spi == spi &&
		    ip_address_eq(&k->sas[i].dst, &dst->addr))
			return &k->sas[i].sa;
	return NULL;
}

static unsigned standby_sas(const struct kernel *k)
{
	unsigned n = 0;

	for (unsigned i = 0; i < MOCK_MAX_SAS; i++)
		if (k->sas[i].used && k->sas[i].sa.activate.standby)
			n++;
	return n;
}

static void test_standby_on_aor_kernel(void **state)
{
	struct diag d = { "" };

	west.kernel.features.activate_on_receipt.present = true;
	east.kernel.features.activate_on_receipt.present = true;
	up();
	assert_int_equal(standby_sas(&west.kernel) + standby_sas(&east.kernel), 0);
	struct watch w = { .o = remember(), .since = clock_mono_ms() };
	struct old o = w.o;
	if (!ikev2_rekey_child_initiate(side_ike(&west)->children, &d))
		fail_msg("rekey: %s", d.msg);
	assert_int_equal(pump(1), 1);
	/* East answered: old pair, new inbound, new outbound on standby. */
	assert_int_equal(mock_sa_count(&east.kernel, false), 4);
	struct child_sa *e = side_ike(&east)->children->next_of_ike;
	assert_non_null(e);
	assert_true(e->serial != o.e_serial);
	assert_true(e->kernel_sa_out);
	const struct kernel_sa *out = kernel_sa(&east.kernel, e->spi_out, &west);
	assert_non_null(out);
	assert_true(out->activate.standby);
	assert_int_equal(out->activate.in_spi, e->spi_in);
	assert_int_equal(out->activate.timeout_ms, AOR_STANDBY_TIMEOUT_MS);
	assert_int_equal(standby_sas(&east.kernel), 1);
	/* West knows east has the new pair (the answer): all active. */
	assert_int_equal(pump(1), 1);
	assert_int_equal(standby_sas(&west.kernel), 0);
	assert_int_equal(pump(10), 2);	/* the Delete and its answer */
	assert_in_grace(&o);
	/* The kernel says it switched: logged on the new Child SA. */
	struct kernel_activated a = {
		.src = east.addr, .dst = west.addr, .spi = e->spi_out, .in_spi = e->spi_in,
		.old_spi = o.w_in, .retired = 1, .proto = 50, .reason = KERNEL_ACTIVATE_PACKET,
	};
	assert_true(rekey_kernel_activated(&east.env, &a));
	assert_int_equal(e->standby_ms, 0);
	a.spi = 0x4242;
	assert_false(rekey_kernel_activated(&east.env, &a));
	a.spi = e->spi_out;
	a.dst = east.addr;	/* not that peer's */
	assert_false(rekey_kernel_activated(&east.env, &a));
	wait_grace_over(&w, 1);
}

/* A stock kernel: the responder's outbound SA waits for the Delete, and
 * nothing is ever installed on standby. */
static void test_no_standby_on_stock_kernel(void **state)
{
	struct diag d = { "" };

	up();
	struct old o = remember();
	if (!ikev2_rekey_child_initiate(side_ike(&west)->children, &d))
		fail_msg("rekey: %s", d.msg);
	assert_int_equal(pump(1), 1);
	assert_int_equal(mock_sa_count(&east.kernel, false), 3);
	assert_false(side_ike(&east)->children->next_of_ike->kernel_sa_out);
	assert_int_equal(pump(10), 3);
	assert_in_grace(&o);
	assert_int_equal(standby_sas(&west.kernel) + standby_sas(&east.kernel), 0);
}

static void test_grace_arithmetic(void **state)
{
	struct ike_env env = { 0 };
	struct ike_sa ike = { .env = &env };

	assert_int_equal(child_retire_grace_ms(&ike), RETIRE_GRACE_MIN_MS);
	ike.rtt_ms = 400;	/* the rekey bench's 200 ms each way */
	assert_int_equal(child_retire_grace_ms(&ike), RETIRE_GRACE_MIN_MS);
	ike.rtt_ms = 1500;
	assert_int_equal(child_retire_grace_ms(&ike), RETIRE_RTT_MULTIPLE * 1500);
	ike.rtt_ms = 3600000;
	assert_int_equal(child_retire_grace_ms(&ike), RETIRE_GRACE_MAX_MS);
	env.retire_grace_ms = 7;
	assert_int_equal(child_retire_grace_ms(&ike), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_old_inbound_kept_for_grace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_inbound_kept_responder_rekeys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_generations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike_delete_removes_retired_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shutdown_removes_retired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike_rekey_moves_retired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_loop_deletes_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_standby_on_aor_kernel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_standby_on_stock_kernel, setup, teardown),
		cmocka_unit_test(test_grace_arithmetic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
