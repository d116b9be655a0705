/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CREATE_CHILD_SA between two xswan ends in one process (the exchange
 * harness): Child SA rekey started by either end, with and without PFS
 * (and INVALID_KE_PAYLOAD), an IKE SA rekey moving the Child SA, both
 * ends rekeying the same SA at once (RFC 7296 2.8.1: exactly one new SA
 * survives on both ends, nothing leaks), refusals (NO_PROPOSAL_CHOSEN,
 * TEMPORARY_FAILURE) leaving the old SA working, the REKEY/REPLACE
 * timers and their margin arithmetic, the kernel's soft/hard expires,
 * and the whack entry point.  Every test checks the mock kernels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <event2/event.h>

#include "crypto/crypto_nss.h"
#include "exchange_harness.h"
#include "ikev2_rekey.h"
#include "ikev2_ts.h"

static int setup(void **state)
{
	harness_setup();
	return 0;
}

static int teardown(void **state)
{
	harness_teardown();
	return 0;
}

static void up(void)
{
	struct diag d = { "" };

	if (ike_initiate(&west.conn, NULL, &d) == NULL)
		fail_msg("ike_initiate: %s", d.msg);
	assert_int_equal(pump(10), 4);
}

static unsigned child_count(struct ike_sa *ike)
{
	unsigned n = 0;

	for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike)
		n++;
	return n;
}

/*
 * One IKE SA per end with the same SPIs, one established Child SA per
 * end with crossed SPIs, exactly those two SAs and three policies in
 * each kernel, nothing larval.  Returns west's Child SA.
 */
static struct child_sa *assert_one_tunnel(void)
{
	assert_int_equal(side_ike_count(&west), 1);
	assert_int_equal(side_ike_count(&east), 1);
	struct ike_sa *w = side_ike(&west), *e = side_ike(&east);
	assert_int_equal(w->state, IKE_STATE_ESTABLISHED);
	assert_int_equal(e->state, IKE_STATE_ESTABLISHED);
	assert_memory_equal(w->spi_i, e->spi_i, 8);
	assert_memory_equal(w->spi_r, e->spi_r, 8);
	assert_int_equal(child_count(w), 1);
	assert_int_equal(child_count(e), 1);
	struct child_sa *wc = w->children, *ec = e->children;
	assert_int_equal(wc->state, CHILD_STATE_ESTABLISHED);
	assert_int_equal(ec->state, CHILD_STATE_ESTABLISHED);
	assert_int_equal(wc->spi_out, ec->spi_in);
	assert_int_equal(ec->spi_out, wc->spi_in);
	/* Plus inbound SAs of rekeyed Child SAs in their grace period
	 * (only with an event loop; child_retire.c). */
	assert_int_equal(mock_sa_count(&west.kernel, false), 2 + child_retired_count(w));
	assert_int_equal(mock_sa_count(&east.kernel, false), 2 + child_retired_count(e));
	assert_int_equal(mock_sa_count(&west.kernel, true), 0);
	assert_int_equal(mock_sa_count(&east.kernel, true), 0);
	assert_int_equal(mock_policy_count(&west.kernel), 3);
	assert_int_equal(mock_policy_count(&east.kernel), 3);
	assert_false(ikev2_create_child_pending(w));
	assert_false(ikev2_create_child_pending(e));
	assert_false(w->msgid.request_outstanding);
	assert_false(e->msgid.request_outstanding);
	return wc;
}

/* The kernel holds an SA with this SPI (in either direction). */
static bool kernel_has_spi(const struct kernel *k, uint32_t spi)
{
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++)
		if (k->sas[i].used && k->sas[i].spi == spi)
			return true;
	return false;
}

struct old_pair {
	so_serial_t w_serial, e_serial;
	uint32_t w_in, e_in;
};

static struct old_pair remember(void)
{
	struct child_sa *w = side_ike(&west)->children, *e = side_ike(&east)->children;

	return (struct old_pair){ w->serial, e->serial, w->spi_in, e->spi_in };
}

/* A new pair replaced OLD on both ends, and the old SPIs left both kernels. */
static void assert_replaced(const struct old_pair *old)
{
	struct child_sa *w = assert_one_tunnel();
	struct child_sa *e = side_ike(&east)->children;

	assert_true(w->serial != old->w_serial);
	assert_true(e->serial != old->e_serial);
	assert_true(w->spi_in != old->w_in);
	assert_true(e->spi_in != old->e_in);
	assert_false(kernel_has_spi(&west.kernel, old->w_in));
	assert_false(kernel_has_spi(&west.kernel, old->e_in));
	assert_false(kernel_has_spi(&east.kernel, old->w_in));
	assert_false(kernel_has_spi(&east.kernel, old->e_in));
	/* Same reqid: the policies' templates still match the new SAs. */
	assert_int_equal(w->reqid, 16384);
	assert_int_equal(e->reqid, 16384);
}

static void rekey_child_of(struct side *s)
{
	struct diag d = { "" };

	if (!ikev2_rekey_child_initiate(side_ike(s)->children, &d))
		fail_msg("rekey: %s", d.msg);
}

/* The initiator of the IKE SA rekeys its Child SA: request, answer,
 * Delete of the old pair and its answer. */
static void test_child_rekey_by_initiator(void **state)
{
	up();
	assert_one_tunnel();
	struct old_pair old = remember();
	unsigned ups = updown_up_calls, downs = updown_down_calls;

	rekey_child_of(&west);
	assert_true(ikev2_create_child_pending(side_ike(&west)));
	/* Before the answer the old pair works and nothing else is in
	 * west's kernel but the new larval inbound SA. */
	assert_int_equal(mock_sa_count(&west.kernel, true), 1);
	assert_int_equal(pump(1), 1);
	/* East answered: only the new inbound SA is in east's kernel next
	 * to the old pair; east keeps sending on the old SA. */
	assert_int_equal(mock_sa_count(&east.kernel, false), 3);
	assert_true(kernel_has_spi(&east.kernel, old.w_in));
	/* West gets the answer: both new SAs, and it keeps the old inbound
	 * SA until its Delete is answered. */
	assert_int_equal(pump(1), 1);
	assert_int_equal(mock_sa_count(&west.kernel, false), 4);
	assert_int_equal(mock_sa_count(&west.kernel, true), 0);
	/* East gets the Delete: old pair out, new outbound in. */
	assert_int_equal(pump(1), 1);
	assert_int_equal(mock_sa_count(&east.kernel, false), 2);
	assert_int_equal(mock_sa_count(&west.kernel, false), 4);
	/* West gets the answer: its old pair goes. */
	assert_int_equal(pump(1), 1);
	assert_int_equal(queue_len(), 0);
	assert_replaced(&old);
	/* A rekey is no new tunnel: no updown. */
	assert_int_equal(updown_up_calls, ups);
	assert_int_equal(updown_down_calls, downs);
}

static void test_child_rekey_by_responder(void **state)
{
	up();
	struct old_pair old = remember();

	rekey_child_of(&east);
	assert_int_equal(pump(10), 4);
	assert_replaced(&old);
	/* And again, the other way, over the same IKE SA. */
	old = remember();
	rekey_child_of(&west);
	assert_int_equal(pump(10), 4);
	assert_replaced(&old);
}

static void test_child_rekey_pfs(void **state)
{
	west.cfg.pfs = east.cfg.pfs = true;
	up();
	struct old_pair old = remember();
	const struct ike_alg *group = side_ike(&west)->keys.suite.dh;

	assert_null(side_ike(&west)->children->suite.dh);	/* IKE_AUTH: never DH */
	rekey_child_of(&west);
	assert_int_equal(pump(10), 4);
	assert_replaced(&old);
	assert_non_null(group);
	assert_ptr_equal(side_ike(&west)->children->suite.dh, group);
	assert_ptr_equal(side_ike(&east)->children->suite.dh, group);
}

/* pfs=yes against pfs=no: the responder finds no proposal; the old pair
 * stays and the larval SA goes. */
static void test_pfs_mismatch(void **state)
{
	west.cfg.pfs = true;
	east.cfg.pfs = false;
	up();
	struct old_pair old = remember();

	rekey_child_of(&west);
	assert_int_equal(pump(10), 2);
	struct child_sa *w = assert_one_tunnel();
	assert_int_equal(w->serial, old.w_serial);
	assert_int_equal(w->spi_in, old.w_in);
}

/* The responder wants another group: one retry with it succeeds. */
static void test_pfs_invalid_ke(void **state)
{
	assert_true(side_set_proposals(&west, "aes_gcm256-sha2_256-dh19", "aes_gcm256;dh19+dh14"));
	assert_true(side_set_proposals(&east, "aes_gcm256-sha2_256-dh19", "aes_gcm256;dh14"));
	west.cfg.pfs = east.cfg.pfs = true;
	up();
	struct old_pair old = remember();

	rekey_child_of(&west);
	/* KE dh19 refused, retried with dh14, then the Delete. */
	assert_int_equal(pump(10), 6);
	assert_replaced(&old);
	assert_int_equal(side_ike(&west)->children->suite.dh->id, 14);
	assert_int_equal(side_ike(&east)->children->suite.dh->id, 14);
}

static void test_no_proposal_chosen(void **state)
{
	up();
	struct old_pair old = remember();
	/* East's esp= changes under the running IKE SA. */
	assert_true(side_set_proposals(&east, NULL, "aes_gcm128"));
	assert_true(side_set_proposals(&west, NULL, "aes_gcm256"));

	rekey_child_of(&west);
	assert_int_equal(pump(10), 2);
	struct child_sa *w = assert_one_tunnel();
	assert_int_equal(w->serial, old.w_serial);
}

/* East cannot install: TEMPORARY_FAILURE; nothing half-made is left. */
static void test_temporary_failure(void **state)
{
	up();
	struct old_pair old = remember();

	east.kernel.fail_add_sa = true;
	rekey_child_of(&west);
	assert_int_equal(pump(10), 2);
	east.kernel.fail_add_sa = false;
	struct child_sa *w = assert_one_tunnel();
	assert_int_equal(w->serial, old.w_serial);
	assert_int_equal(side_ike(&east)->children->serial, old.e_serial);
}

/* The window holds one request: a second rekey waits. */
static void test_busy(void **state)
{
	struct diag d;

	up();
	rekey_child_of(&west);
	assert_false(ikev2_rekey_child_initiate(side_ike(&west)->children, &d));
	assert_false(ikev2_rekey_ike_initiate(side_ike(&west), &d));
	pump(10);
	assert_one_tunnel();
}

static void test_additional_child(void **state)
{
	struct diag d = { "" };

	up();
	/* A second selector pair under the same IKE SA. */
	struct ip_subnet a, b;
	assert_true(ip_subnet_parse("192.0.11.0/24", &a, &d));
	assert_true(ip_subnet_parse("192.0.13.0/24", &b, &d));
	west.conn.local.selectors[0] = ip_selector_from_subnet(&a, NULL);
	west.conn.remote.selectors[0] = ip_selector_from_subnet(&b, NULL);
	east.conn.local.selectors[0] = ip_selector_from_subnet(&b, NULL);
	east.conn.remote.selectors[0] = ip_selector_from_subnet(&a, NULL);
	unsigned ups = updown_up_calls;
	if (!ikev2_create_child_initiate(side_ike(&west), &west.conn, &d))
		fail_msg("create child: %s", d.msg);
	assert_int_equal(pump(10), 2);
	assert_int_equal(child_count(side_ike(&west)), 2);
	assert_int_equal(child_count(side_ike(&east)), 2);
	assert_int_equal(mock_sa_count(&west.kernel, false), 4);
	assert_int_equal(mock_sa_count(&east.kernel, false), 4);
	assert_int_equal(mock_policy_count(&west.kernel), 6);
	assert_int_equal(updown_up_calls, ups + 2);
}

struct ike_pair {
	so_serial_t w, e;
	uint8_t spi_i[8], spi_r[8];
	so_serial_t w_child, e_child;
	uint32_t w_child_in;
};

static struct ike_pair remember_ike(void)
{
	struct ike_pair p = { .w = side_ike(&west)->serial, .e = side_ike(&east)->serial };

	memcpy(p.spi_i, side_ike(&west)->spi_i, 8);
	memcpy(p.spi_r, side_ike(&west)->spi_r, 8);
	p.w_child = side_ike(&west)->children->serial;
	p.e_child = side_ike(&east)->children->serial;
	p.w_child_in = side_ike(&west)->children->spi_in;
	return p;
}

/* New IKE SA on both ends with new SPIs; the same Child SA lives on. */
static void assert_ike_replaced(const struct ike_pair *old)
{
	struct child_sa *w = assert_one_tunnel();
	struct ike_sa *wi = side_ike(&west), *ei = side_ike(&east);

	assert_true(wi->serial != old->w);
	assert_true(ei->serial != old->e);
	assert_memory_not_equal(wi->spi_i, old->spi_i, 8);
	assert_memory_not_equal(wi->spi_r, old->spi_r, 8);
	assert_int_equal(w->serial, old->w_child);
	assert_int_equal(ei->children->serial, old->e_child);
	assert_ptr_equal(w->ike, wi);
	assert_ptr_equal(ei->children->ike, ei);
	assert_ptr_equal(ike_sa_by_serial(old->w), NULL);
	assert_ptr_equal(ike_sa_by_serial(old->e), NULL);
	/* The new IKE SA's keys work both ways: a Child rekey over it. */
	struct old_pair oc = remember();
	rekey_child_of(&east);
	assert_int_equal(pump(10), 4);
	assert_replaced(&oc);
}

static void test_ike_rekey_by_initiator(void **state)
{
	struct diag d = { "" };

	up();
	struct ike_pair old = remember_ike();
	if (!ikev2_rekey_ike_initiate(side_ike(&west), &d))
		fail_msg("rekey IKE: %s", d.msg);
	/* The new IKE SA exists larval while the request is out. */
	assert_int_equal(side_ike_count(&west), 2);
	assert_int_equal(pump(10), 4);	/* CREATE_CHILD_SA, Delete(IKE) */
	assert_ike_replaced(&old);
	/* West started the new IKE SA: it is its original initiator. */
	assert_int_equal(side_ike(&west)->role, SA_ROLE_INITIATOR);
	assert_int_equal(side_ike(&east)->role, SA_ROLE_RESPONDER);
}

static void test_ike_rekey_by_responder(void **state)
{
	struct diag d = { "" };

	up();
	struct ike_pair old = remember_ike();
	if (!ikev2_rekey_ike_initiate(side_ike(&east), &d))
		fail_msg("rekey IKE: %s", d.msg);
	assert_int_equal(pump(10), 4);
	assert_ike_replaced(&old);
	/* Roles follow the rekey exchange (RFC 7296 2.18). */
	assert_int_equal(side_ike(&east)->role, SA_ROLE_INITIATOR);
	assert_int_equal(side_ike(&west)->role, SA_ROLE_RESPONDER);
	/* Deleting from the new IKE SA removes everything on both ends. */
	ike_sa_delete_notify(side_ike(&west));
	pump(10);
	assert_int_equal(side_ike_count(&west) + side_ike_count(&east), 0);
	assert_int_equal(mock_sa_count(&east.kernel, false) + mock_sa_count(&east.kernel, true), 0);
	assert_int_equal(mock_policy_count(&east.kernel), 0);
}

/* A Child rekey request while we rekey the IKE SA: TEMPORARY_FAILURE
 * (2.25.2); the IKE rekey completes and the Child SA moves. */
static void test_child_rekey_during_ike_rekey(void **state)
{
	struct diag d = { "" };

	up();
	struct ike_pair old = remember_ike();
	if (!ikev2_rekey_ike_initiate(side_ike(&west), &d))
		fail_msg("rekey IKE: %s", d.msg);
	/* East's request was sent before west's arrived. */
	struct ike_sa *e = NULL;
	for (unsigned b = 0; b < 256; b++)
		for (struct ike_sa *i = east.env.spi_hash[b]; i != NULL; i = i->next_hash)
			e = i;
	assert_true(ikev2_rekey_child_initiate(e->children, &d));
	pump(20);
	assert_ike_replaced(&old);
}

/* Both ends rekey the Child SA at once. */
static void test_simultaneous_child_rekey(void **state)
{
	up();
	struct old_pair old = remember();

	rekey_child_of(&west);
	rekey_child_of(&east);
	/* Two requests, two answers, then the loser's Delete of its
	 * redundant SA and the winner's Delete of the old one (and answers). */
	pump(20);
	assert_replaced(&old);
}

static void test_simultaneous_child_rekey_pfs(void **state)
{
	west.cfg.pfs = east.cfg.pfs = true;
	up();
	for (int round = 0; round < 5; round++) {
		struct old_pair old = remember();
		rekey_child_of(&east);
		rekey_child_of(&west);
		pump(20);
		assert_replaced(&old);
	}
}

static void test_simultaneous_ike_rekey(void **state)
{
	struct diag d = { "" };

	up();
	for (int round = 0; round < 4; round++) {
		struct ike_pair old = remember_ike();
		struct ike_sa *w = NULL, *e = NULL;
		for (unsigned b = 0; b < 256; b++) {
			for (struct ike_sa *i = west.env.spi_hash[b]; i != NULL; i = i->next_hash)
				w = i;
			for (struct ike_sa *i = east.env.spi_hash[b]; i != NULL; i = i->next_hash)
				e = i;
		}
		assert_true(ikev2_rekey_ike_initiate(w, &d));
		assert_true(ikev2_rekey_ike_initiate(e, &d));
		pump(30);
		assert_ike_replaced(&old);
	}
}

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
	uint64_t start = mono_ms();

	while (!cond()) {
		if (mono_ms() - start >= WAIT_LIMIT_MS)
			fail_msg("still waiting after %llu ms", (unsigned long long)WAIT_LIMIT_MS);
		event_base_loop(loop_base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
		pump(20);
		if (each)
			each();
	}
}

static void assert_not_before(uint64_t since, uint64_t ms, const char *what)
{
	uint64_t elapsed = mono_ms() - since;

	/* mono_ms() truncates: one millisecond of rounding either end */
	if (elapsed + 1 < ms)
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
	uint64_t since = mono_ms();
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
	uint64_t since = mono_ms();
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
	uint64_t since = mono_ms();
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

/* ---- hostile CREATE_CHILD_SA requests ---- */

/*
 * West sends a hand-made CREATE_CHILD_SA request on the established IKE
 * SA: the Child SA's ESP proposals with SPI 0x01020304 (or, with IKE_SPI,
 * the IKE proposals with that 8-octet SPI and no TS), a nonce of
 * NONCE_LEN octets (the builder refuses lengths RFC 7296 forbids),
 * REKEY_SA naming REKEY_SPI when not 0.
 */
static void send_crafted(unsigned nonce_len, uint32_t rekey_spi, const uint8_t *ike_spi)
{
	struct diag d = { "" };
	static struct ikev2_out o;
	struct ike_sa *w = side_ike(&west);
	uint8_t body[2048], nonce[300] = { 0 };
	struct buf sab = BUF(body, sizeof(body));
	struct proposals p = ike_spi != NULL ? w->c->ike_proposals : w->c->esp_proposals;
	uint8_t spi[4] = { 1, 2, 3, 4 };

	proposals_set_spi(&p, ike_spi != NULL ? ike_spi : spi, ike_spi != NULL ? 8 : 4);
	assert_true(ikev2_out_start(&o, w, IKEV2_EXCH_CREATE_CHILD_SA, false, 0, true, &d));
	if (rekey_spi != 0) {
		uint8_t be[4] = { rekey_spi >> 24, rekey_spi >> 16, rekey_spi >> 8, rekey_spi };
		assert_true(ikev2_add_notify(&o.bld, IKEV2_PROTO_ESP, BYTES(be, 4), IKEV2_N_REKEY_SA,
					     NO_BYTES, &d));
	}
	assert_true(sa_payload_emit(&p, true, &sab, &d));
	assert_true(ikev2_add_sa_body(&o.bld, buf_bytes(&sab), &d));
	assert_true(ikev2_add_nonce(&o.bld, BYTES(nonce, nonce_len), &d));
	if (ike_spi != NULL) {
		/* A KE of the right group, so only the SPI is wrong. */
		struct dh_local dh;
		assert_true(dh_local_new(w->keys.suite.dh, &dh, &d));
		assert_true(ikev2_add_ke(&o.bld, dh.group->id, BYTES(dh.ke, dh.ke_len), &d));
		dh_local_free(&dh);
	} else {
		struct ikev2_ts_payload ts = { .n_ts = 1 };
		ts_from_selector(&w->children->local_ts, &ts.ts[0]);
		assert_true(ikev2_add_ts(&o.bld, IKEV2_NP_TSi, &ts, &d));
		ts_from_selector(&w->children->remote_ts, &ts.ts[0]);
		assert_true(ikev2_add_ts(&o.bld, IKEV2_NP_TSr, &ts, &d));
	}
	assert_true(ikev2_out_finish(&o, w, &d));
	assert_true(ikev2_send_request(w, &o, &d));
}

/* East answered (the window moved on both ends) and nothing changed. */
static void assert_refused_cleanly(const struct old_pair *old, uint32_t msgid)
{
	assert_int_equal(pump(10), 2);
	struct child_sa *w = assert_one_tunnel();
	assert_int_equal(w->serial, old->w_serial);
	assert_int_equal(side_ike(&east)->children->serial, old->e_serial);
	assert_int_equal(side_ike(&east)->msgid.next_recv, msgid + 1);
	assert_int_equal(side_ike(&west)->msgid.next_send, msgid + 1);
}

static void test_hostile_requests(void **state)
{
	static const uint8_t zero_spi[8];
	static const uint8_t some_spi[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	up();
	struct old_pair old = remember();
	uint32_t id = side_ike(&west)->msgid.next_send;
	/* REKEY_SA for an SPI nobody has. */
	send_crafted(32, 0xdeadbeef, NULL);
	assert_refused_cleanly(&old, id++);
	/* REKEY_SA naming our own inbound SPI instead of the peer's. */
	send_crafted(32, side_ike(&west)->children->spi_out, NULL);
	assert_refused_cleanly(&old, id++);
	/* An IKE SA rekey whose new SPIi is zero. */
	send_crafted(32, 0, zero_spi);
	assert_refused_cleanly(&old, id++);
	assert_int_equal(side_ike_count(&east), 1);
	/* The same with a real SPI is accepted: the new IKE SA exists on
	 * east (west made no exchange of its own: it has no pending rekey
	 * and drops the answer), so east has two IKE SAs now. */
	send_crafted(32, 0, some_spi);
	assert_int_equal(pump(10), 2);
	assert_int_equal(side_ike_count(&east), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_child_rekey_by_initiator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_rekey_by_responder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_rekey_pfs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pfs_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pfs_invalid_ke, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_proposal_chosen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_temporary_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_additional_child, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike_rekey_by_initiator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike_rekey_by_responder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_child_rekey_during_ike_rekey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_simultaneous_child_rekey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_simultaneous_child_rekey_pfs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_simultaneous_ike_rekey, setup, teardown),
		cmocka_unit_test(test_margin_arithmetic),
		cmocka_unit_test_setup_teardown(test_child_lifetime_rekeys, setup_loop, teardown_loop),
		cmocka_unit_test_setup_teardown(test_child_lifetime_expires, setup_loop, teardown_loop),
		cmocka_unit_test_setup_teardown(test_ike_lifetime_rekeys, setup_loop, teardown_loop),
		cmocka_unit_test_setup_teardown(test_kernel_soft_expire, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_hard_expire, setup, teardown),
		cmocka_unit_test(test_soft_limit_arithmetic),
		cmocka_unit_test_setup_teardown(test_sa_limits_installed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whack_rekey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_requests, setup, teardown),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* Every key of every SA, rekeyed or redundant, was released. */
	if (!crypto_nss_shutdown()) {
		fprintf(stderr, "NSS objects leaked by the exchanges\n");
		failed++;
	}
	return failed;
}
