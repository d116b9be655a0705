/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SA life cycle beyond one exchange, two ends in one process
 * (exchange_harness.h): the responder under a flood of spoofed
 * IKE_SA_INIT (cookie thresholds, the half-open cap, the rotating cookie
 * secret), revival of auto=start after a dead peer with backoff and
 * none for auto=add, uniqueids= replacing a peer's older IKE SA, NAT
 * keepalives and a changed NAT mapping moving the Child SAs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <event2/event.h>

#include "clock.h"
#include "exchange_harness.h"

static int setup(void **state)
{
	harness_setup();
	return 0;
}

static int teardown(void **state)
{
	ike_revival_forget_all();
	harness_teardown();
	return 0;
}

/* SIDE's established IKE SA (a flood leaves half-open ones next to it). */
static struct ike_sa *side_established(struct side *s)
{
	for (unsigned b = 0; b < 256; b++)
		for (struct ike_sa *ike = s->env.spi_hash[b]; ike != NULL; ike = ike->next_hash)
			if (ike->state == IKE_STATE_ESTABLISHED)
				return ike;
	return NULL;
}

static void assert_tunnel_up(void)
{
	struct ike_sa *w = side_established(&west), *e = side_established(&east);

	assert_non_null(w);
	assert_non_null(e);
	assert_int_equal(w->state, IKE_STATE_ESTABLISHED);
	assert_int_equal(e->state, IKE_STATE_ESTABLISHED);
	assert_non_null(w->children);
	assert_int_equal(w->children->state, CHILD_STATE_ESTABLISHED);
	assert_int_equal(mock_sa_count(&west.kernel, false), 2);
	assert_int_equal(mock_sa_count(&east.kernel, false), 2);
}

/* ---- the flood ---- */

static uint8_t flood_init[4096];
static size_t flood_len;

/* West's IKE_SA_INIT request, kept as the template of the flood (and
 * west's SA forgotten: the flood has no SA behind it). */
static void capture_init(void)
{
	const uint8_t *b;
	size_t n;

	harness_initiate();
	assert_true(last_sent_by(&west, &b, &n));
	assert_true(n <= sizeof(flood_init));
	memcpy(flood_init, b, n);
	flood_len = n;
	assert_true(drop_next());
	ike_sa_delete(side_ike(&west));
}

/* N spoofed IKE_SA_INIT requests, each with its own SPIi, from
 * 10.0.x.y (SAME_SOURCE: all from 10.0.0.1). */
static void flood(unsigned n, bool same_source)
{
	for (unsigned i = 0; i < n; i++) {
		char a[32];
		struct ip_address from;
		struct diag d;
		unsigned k = same_source ? 1 : i + 1;
		snprintf(a, sizeof(a), "10.0.%u.%u", k / 250, k % 250 + 1);
		assert_true(ip_address_parse(a, &from, &d));
		flood_init[0] = (uint8_t)(i >> 8);
		flood_init[1] = (uint8_t)i;
		flood_init[2] = 0xf1;
		inject_from(&east, &from, 500, flood_init, flood_len);
	}
}

/* Past the global threshold every request gets a COOKIE instead of
 * state, and the legitimate peer still connects (it answers the COOKIE). */
static void test_cookie_global_threshold(void **state)
{
	east.env.cookie_threshold = 5;
	east.env.cookie_threshold_ip = 100;
	capture_init();
	flood(40, false);
	assert_int_equal(east.env.half_open, 5);
	assert_int_equal(east.env.cookies_sent, 35);
	assert_int_equal(side_ike_count(&east), 5);
	harness_initiate();
	pump(20);
	assert_tunnel_up();
	assert_int_equal(side_ike(&west)->cookie_retries, 1);
	/* The flood's half-open SAs are still there; ours is established. */
	assert_int_equal(east.env.half_open, 5);
}

/* Below the global threshold, one source address gets state for its
 * first IKE_COOKIE_THRESHOLD_PER_IP requests only; others are not held up. */
static void test_cookie_per_ip_threshold(void **state)
{
	capture_init();
	flood(10, true);
	assert_int_equal(east.env.half_open, IKE_COOKIE_THRESHOLD_PER_IP);
	assert_int_equal(east.env.cookies_sent, 10 - IKE_COOKIE_THRESHOLD_PER_IP);
	/* West (another address) is below every threshold: no cookie. */
	harness_initiate();
	pump(20);
	assert_tunnel_up();
	assert_int_equal(side_ike(&west)->cookie_retries, 0);
}

/*
 * The setup-rate benchmark's race: west's IKE_SA_INIT and its
 * retransmission both reach east; east answers the first with a COOKIE
 * (it was demanding them) and makes its SA from the second (it no longer
 * was).  West answers the COOKIE with the request plus the cookie, then
 * gets east's answer to the cookie-less copy and signs the request it
 * sent last.  East must check AUTH against that one, and west must not
 * count an answer to its older copy as a second COOKIE demand.
 */
static void test_cookie_then_plain_retransmit(void **state)
{
	east.env.require_cookie = true;
	harness_initiate();
	resend_last(&west);		/* queue: M0, M0' */
	assert_int_equal(pump(1), 1);	/* M0 -> COOKIE; queue: M0', COOKIE */
	assert_int_equal(east.env.cookies_sent, 1);
	east.env.require_cookie = false;
	assert_int_equal(pump(1), 1);	/* M0' makes east's SA; queue: COOKIE, R0 */
	assert_int_equal(east.env.half_open, 1);
	pump(50);
	assert_tunnel_up();
	assert_int_equal(side_ike(&west)->cookie_retries, 1);
}

/* The same COOKIE twice (answers to two copies of the cookie-less
 * request): the initiator resends once, and does not count the second. */
static void test_same_cookie_twice(void **state)
{
	east.env.require_cookie = true;
	harness_initiate();
	resend_last(&west);		/* queue: M0, M0' */
	assert_int_equal(pump(2), 2);	/* two COOKIEs queued */
	assert_int_equal(east.env.cookies_sent, 2);
	unsigned sent = west.sent;
	assert_int_equal(pump(1), 1);	/* the first: west resends with it */
	assert_int_equal(west.sent, sent + 1);
	assert_int_equal(pump(1), 1);	/* the second: ignored */
	assert_int_equal(west.sent, sent + 1);
	pump(50);
	assert_tunnel_up();
	assert_int_equal(side_ike(&west)->cookie_retries, 1);
}

/* At the cap nothing makes state any more, cookie or not. */
static void test_half_open_cap(void **state)
{
	east.env.cookie_threshold = 1000;
	east.env.cookie_threshold_ip = 1000;
	east.env.half_open_max = 8;
	capture_init();
	flood(20, false);
	assert_int_equal(east.env.half_open, 8);
	assert_int_equal(east.env.half_open_peak, 8);
	assert_int_equal(east.env.inits_dropped_full, 12);
	assert_int_equal(east.env.cookies_sent, 0);
	assert_int_equal(side_ike_count(&east), 8);
}

/* ddos-mode=unlimited: no COOKIE however many are half-open, from one
 * address or many; the cap still drops what is beyond it. */
static void test_ddos_mode_unlimited(void **state)
{
	east.env.never_cookie = true;
	east.env.cookie_threshold = 5;
	east.env.half_open_max = 12;
	capture_init();
	/* one address: past the per-address threshold, the global one
	 * and the cap */
	flood(20, true);
	assert_int_equal(east.env.cookies_sent, 0);
	assert_int_equal(east.env.half_open, 12);
	assert_int_equal(east.env.inits_dropped_full, 8);
	assert_false(east.env.cookie_mode);
	/* what `ipsec status` shows, in Libreswan's words */
	char shown[128];
	ike_dos_describe(&east.env, shown, sizeof(shown));
	assert_string_equal(shown, "ddos-cookies-threshold=5, ddos-max-halfopen=12, ddos-mode=unlimited");
	struct ike_env busy = { .require_cookie = true };
	ike_dos_describe(&busy, shown, sizeof(shown));
	assert_string_equal(shown, "ddos-cookies-threshold=30, ddos-max-halfopen=5000, ddos-mode=busy");
}

/* A cookie is good for its secret and the next; not for another
 * address or SPI; not after two rotations. */
static void test_cookie_rotation(void **state)
{
	uint8_t spi[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, other_spi[8] = { 9 };
	uint8_t ni[32] = { 0x42 }, ck[IKE_COOKIE_SIZE];
	struct ip_address a, b;
	struct diag d;
	struct ike_env *env = &east.env;

	assert_true(ip_address_parse("198.51.100.7", &a, &d));
	assert_true(ip_address_parse("198.51.100.8", &b, &d));
	assert_true(ike_cookie_make(env, BYTES(ni, sizeof(ni)), &a, spi, ck));
	struct bytes cookie = BYTES(ck, sizeof(ck));
	assert_true(ike_cookie_valid(env, cookie, BYTES(ni, sizeof(ni)), &a, spi));
	assert_false(ike_cookie_valid(env, cookie, BYTES(ni, sizeof(ni)), &b, spi));
	assert_false(ike_cookie_valid(env, cookie, BYTES(ni, sizeof(ni)), &a, other_spi));
	assert_false(ike_cookie_valid(env, BYTES(ck, sizeof(ck) - 1), BYTES(ni, sizeof(ni)), &a, spi));
	ck[5] ^= 1;
	assert_false(ike_cookie_valid(env, cookie, BYTES(ni, sizeof(ni)), &a, spi));
	ck[5] ^= 1;
	/* Age the secret past its lifetime: the next use rotates it. */
	unsigned gen = env->cookie_generation;
	env->cookie_secret_born_ms = clock_mono_ms() - IKE_COOKIE_SECRET_LIFETIME_MS - 1;
	assert_true(ike_cookie_valid(env, cookie, BYTES(ni, sizeof(ni)), &a, spi));
	assert_int_equal(env->cookie_generation, gen + 1);
	/* A new cookie differs (new secret) and is valid too. */
	uint8_t ck2[IKE_COOKIE_SIZE];
	assert_true(ike_cookie_make(env, BYTES(ni, sizeof(ni)), &a, spi, ck2));
	assert_memory_not_equal(ck, ck2, sizeof(ck));
	/* A second rotation: the first cookie is too old now. */
	env->cookie_secret_born_ms = clock_mono_ms() - IKE_COOKIE_SECRET_LIFETIME_MS - 1;
	assert_false(ike_cookie_valid(env, cookie, BYTES(ni, sizeof(ni)), &a, spi));
	assert_true(ike_cookie_valid(env, BYTES(ck2, sizeof(ck2)), BYTES(ni, sizeof(ni)), &a, spi));
}

/* ---- revival ---- */

static void test_revival_delays(void **state)
{
	assert_int_equal(ike_revival_delay_ms(5000, 300000, 1), 0);
	assert_int_equal(ike_revival_delay_ms(5000, 300000, 2), 5000);
	assert_int_equal(ike_revival_delay_ms(5000, 300000, 3), 10000);
	assert_int_equal(ike_revival_delay_ms(5000, 300000, 4), 20000);
	assert_int_equal(ike_revival_delay_ms(5000, 300000, 8), 300000);
	assert_int_equal(ike_revival_delay_ms(5000, 300000, 1000), 300000);
}

static struct event_base *base;

static void run_until(bool (*done)(void), uint64_t max_ms)
{
	/* East is dead: whatever west sends is lost. */
	harness_run_until(base, done, LINK_DEAD, max_ms);
}

/* Timers reference the loop: everything goes before the loop does. */
static void end_loop(void)
{
	ike_revival_forget_all();
	harness_teardown();
	west.env.base = NULL;
	event_base_free(base);
	base = NULL;
}

static bool west_up(void)
{
	struct ike_sa *w = side_ike(&west);

	return w != NULL && w->state == IKE_STATE_ESTABLISHED && w->children != NULL;
}

/* East alive: deliver what is sent. */
static void run_live_until(bool (*done)(void), uint64_t max_ms)
{
	harness_run_until(base, done, 20, max_ms);
}

static bool west_empty(void)
{
	return side_ike_count(&west) == 0;
}

static unsigned want_attempts;
static bool attempts_reached(void)
{
	return ike_revival_attempts(&west.conn) >= want_attempts;
}

static bool west_initiating(void)
{
	return side_ike(&west) != NULL && side_ike(&west)->state == IKE_STATE_PARENT_I1;
}

/* A dead peer: liveness deletes the IKE SA; auto=start initiates again
 * at once, then after 40, 80 ms ... while the peer stays silent; once it
 * answers, the count starts over. */
static void test_revival_backoff(void **state)
{
	base = event_base_new();
	west.env.base = base;
	west.env.revive_delay_ms = 40;
	west.env.revive_delay_max_ms = 1000;
	west.cfg.autostart = AUTO_START;
	west.cfg.dpddelay_ms = 20;
	west.cfg.dpdtimeout_ms = 100;
	west.cfg.retransmit_interval_ms = 10;
	west.cfg.retransmit_timeout_ms = 60;
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	/* East dies: nothing reaches it any more. */
	run_until(west_empty, 3000);
	assert_int_equal(side_ike_count(&west), 0);
	assert_int_equal(mock_sa_count(&west.kernel, false), 0);
	assert_int_equal(ike_revival_attempts(&west.conn), 1);
	/* Attempt 1 is immediate: a new IKE_SA_INIT. */
	run_until(west_initiating, 1000);
	assert_true(west_initiating());
	/* It times out (retransmit-timeout 60 ms): attempt 2 after 40 ms,
	 * attempt 3 after 80 ms. */
	uint64_t t0 = clock_mono_ms();
	want_attempts = 3;
	run_until(attempts_reached, 5000);
	assert_int_equal(ike_revival_attempts(&west.conn), 3);
	/* The rest of attempt 1, the 40 ms backoff and attempt 2 (60 ms):
	 * without backoff this takes about 120 ms. */
	assert_true(clock_mono_ms() - t0 >= 140);
	/* East is back: the next attempt (after 80 ms) succeeds and the
	 * count resets. */
	run_live_until(west_up, 5000);
	assert_tunnel_up();
	assert_int_equal(ike_revival_attempts(&west.conn), 0);
	assert_false(ike_revival_pending(&west.conn));
	end_loop();
}

/* auto=add: a dead peer's SA is cleared and nothing is initiated. */
static void test_no_revival_for_auto_add(void **state)
{
	base = event_base_new();
	west.env.base = base;
	west.cfg.autostart = AUTO_ADD;
	west.cfg.dpddelay_ms = 20;
	west.cfg.dpdtimeout_ms = 100;
	west.cfg.retransmit_interval_ms = 10;
	west.cfg.retransmit_timeout_ms = 60;
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	run_until(west_empty, 3000);
	assert_int_equal(side_ike_count(&west), 0);
	assert_int_equal(ike_revival_attempts(&west.conn), 0);
	assert_false(ike_revival_pending(&west.conn));
	assert_int_equal(mock_policy_count(&west.kernel), 0);
	end_loop();
}

/* ipsec down on an auto=start connection: no revival. */
static void test_no_revival_after_down(void **state)
{
	base = event_base_new();
	west.env.base = base;
	west.cfg.autostart = AUTO_START;
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	ike_terminate_connection(&west.conn);
	pump(10);
	assert_int_equal(side_ike_count(&west), 0);
	assert_int_equal(side_ike_count(&east), 0);
	assert_false(ike_revival_pending(&west.conn));
	end_loop();
}

/* The peer deletes the IKE SA (its ipsec down, a restart with Delete):
 * auto=start revives; while another IKE SA of the connection lives
 * (as after an IKE rekey) nothing is revived. */
static void test_revival_after_peer_delete(void **state)
{
	base = event_base_new();
	west.env.base = base;
	west.cfg.autostart = AUTO_START;
	harness_initiate();
	pump(10);
	harness_initiate();
	pump(10);
	assert_int_equal(side_ike_count(&west), 2);
	/* East deletes one of the two: the other still carries the conn. */
	struct ike_sa *e = side_established(&east);
	ike_sa_delete_notify(e);
	pump(10);
	assert_int_equal(side_ike_count(&west), 1);
	assert_false(ike_revival_pending(&west.conn));
	/* Now the last one: revival attempt 1, at once. */
	ike_sa_delete_notify(side_established(&east));
	pump(10);
	assert_int_equal(side_ike_count(&west), 0);
	assert_int_equal(ike_revival_attempts(&west.conn), 1);
	assert_true(ike_revival_pending(&west.conn));
	run_live_until(west_up, 3000);
	assert_true(west_up());
	assert_false(ike_revival_pending(&west.conn));
	end_loop();
}

/* ---- uniqueids ---- */

/* West brings up a second IKE SA while the first lives (so it sends no
 * INITIAL_CONTACT): with uniqueids=yes east replaces the older one and
 * tells west; with uniqueids=no both stay. */
static void test_uniqueids_replace(void **state)
{
	east.env.uniqueids = true;
	harness_initiate();
	pump(10);
	so_serial_t first = side_ike(&east)->serial;
	harness_initiate();
	pump(20);
	assert_int_equal(side_ike_count(&east), 1);
	assert_true(side_ike(&east)->serial != first);
	assert_int_equal(side_ike_count(&west), 1);
	assert_tunnel_up();
}

static void test_uniqueids_no(void **state)
{
	east.env.uniqueids = false;
	harness_initiate();
	pump(10);
	harness_initiate();
	pump(20);
	assert_int_equal(side_ike_count(&east), 2);
	assert_int_equal(side_ike_count(&west), 2);
}

/* ---- NAT-T ---- */

static unsigned keepalives;
static bool count_raw(struct ike_env *env, struct ike_sa *ike, const uint8_t *msg, size_t len,
		      struct diag *d)
{
	if (len == 1 && msg[0] == 0xff)
		keepalives++;
	return true;
}

static bool two_keepalives(void)
{
	return keepalives >= 2;
}

/* Behind a NAT on 4500: one 0xFF octet every keep-alive interval;
 * nat-keepalive=no and a peer-only NAT send none. */
static void test_nat_keepalive(void **state)
{
	base = event_base_new();
	west.env.base = base;
	west.env.send_raw = count_raw;
	west.env.nat_keepalive_ms = 10;
	west.cfg.nat_keepalive = true;
	west.cfg.encapsulation = east.cfg.encapsulation = YNA_YES;
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	struct ike_sa *w = side_ike(&west);
	assert_true(w->natt);
	/* Only the NAT detection decides (none here): no timer yet. */
	assert_false(ike_nat_keepalive_wanted(w));
	assert_null(w->keepalive_timer);
	w->nat_detected_local = true;
	assert_true(ike_nat_keepalive_wanted(w));
	keepalives = 0;
	ike_nat_keepalive_start(w);
	harness_run_until(base, two_keepalives, LINK_HOLD, 2000);
	assert_true(keepalives >= 2);
	west.cfg.nat_keepalive = false;
	assert_false(ike_nat_keepalive_wanted(w));
	w->nat_detected_local = false;
	w->nat_detected_remote = true;
	west.cfg.nat_keepalive = true;
	assert_false(ike_nat_keepalive_wanted(w));
	end_loop();
}

/* A new port on the same address: both SAs are updated in place (their
 * sequence numbers survive), nothing is deleted. */
static void test_mapping_new_port(void **state)
{
	west.cfg.encapsulation = east.cfg.encapsulation = YNA_YES;
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	struct ike_sa *w = side_ike(&west);
	struct child_sa *ch = w->children;
	struct kernel_mapping m = { .spi = ch->spi_in, .proto = 50, .dst = west.addr,
				    .old_addr = east.addr, .old_port = 4500,
				    .new_addr = east.addr, .new_port = 40001 };
	unsigned dels = west.kernel.del_sa_calls;
	ike_kernel_mapping(&west.env, &m);
	assert_int_equal(w->remote_port, 40001);
	assert_int_equal(west.kernel.updates_in_place, 2);
	assert_int_equal(west.kernel.del_sa_calls, dels);
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++) {
		const struct mock_sa *s = &west.kernel.sas[i];
		if (s->used && s->spi == ch->spi_out)
			assert_int_equal(s->sa.encap.dport, 40001);
		if (s->used && s->spi == ch->spi_in)
			assert_int_equal(s->sa.encap.sport, 40001);
	}
	/* The same event again changes nothing. */
	ike_kernel_mapping(&west.env, &m);
	assert_int_equal(west.kernel.updates_in_place, 2);
}

/* XFRM_MSG_MAPPING for west's inbound SA: IKE and both SAs move to the
 * peer's new address and port, the policies' templates follow. */
static void test_mapping_moves_sas(void **state)
{
	struct diag d;

	west.cfg.encapsulation = east.cfg.encapsulation = YNA_YES;
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	struct ike_sa *w = side_ike(&west);
	struct child_sa *ch = w->children;
	struct kernel_mapping m = { .spi = ch->spi_in, .proto = 50, .dst = west.addr,
				    .old_addr = east.addr, .old_port = 4500, .new_port = 31337 };
	assert_true(ip_address_parse("192.0.2.99", &m.new_addr, &d));
	/* An unknown SPI changes nothing. */
	m.spi ^= 0x5a5a;
	ike_kernel_mapping(&west.env, &m);
	assert_true(ip_address_eq(&w->remote, &east.addr));
	m.spi = ch->spi_in;
	ike_kernel_mapping(&west.env, &m);
	assert_true(ip_address_eq(&w->remote, &m.new_addr));
	assert_int_equal(w->remote_port, 31337);
	assert_int_equal(mock_sa_count(&west.kernel, false), 2);
	unsigned out_found = 0, in_found = 0;
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++) {
		const struct mock_sa *s = &west.kernel.sas[i];
		if (!s->used)
			continue;
		if (s->spi == ch->spi_out) {
			assert_true(ip_address_eq(&s->dst, &m.new_addr));
			assert_int_equal(s->sa.encap.dport, 31337);
			out_found++;
		} else if (s->spi == ch->spi_in) {
			assert_true(ip_address_eq(&s->sa.src, &m.new_addr));
			assert_int_equal(s->sa.encap.sport, 31337);
			in_found++;
		}
	}
	assert_int_equal(out_found, 1);
	assert_int_equal(in_found, 1);
	assert_int_equal(mock_policy_count(&west.kernel), 3);
	for (unsigned i = 0; i < MOCK_MAX_POLICIES; i++) {
		const struct kernel_policy *p = &west.kernel.policies[i].p;
		if (!west.kernel.policies[i].used)
			continue;
		const struct ip_address *peer = p->dir == KERNEL_POLICY_OUT ? &p->templates[0].dst
									    : &p->templates[0].src;
		assert_true(ip_address_eq(peer, &m.new_addr));
	}
	/* Deleting afterwards removes exactly what is there. */
	ike_sa_delete(w);
	assert_int_equal(mock_sa_count(&west.kernel, false), 0);
	assert_int_equal(mock_policy_count(&west.kernel), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cookie_global_threshold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_per_ip_threshold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_then_plain_retransmit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_cookie_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_half_open_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ddos_mode_unlimited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie_rotation, setup, teardown),
		cmocka_unit_test(test_revival_delays),
		cmocka_unit_test_setup_teardown(test_revival_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_revival_for_auto_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_revival_after_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revival_after_peer_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uniqueids_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uniqueids_no, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nat_keepalive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mapping_new_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mapping_moves_sas, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
