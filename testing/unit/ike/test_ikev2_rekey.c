/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CREATE_CHILD_SA between two xswan ends in one process (the exchange
 * harness): Child SA rekey started by either end, with and without PFS
 * (and INVALID_KE_PAYLOAD), an IKE SA rekey moving the Child SA, both
 * ends rekeying the same SA at once (RFC 7296 2.8.1: exactly one new SA
 * survives on both ends, nothing leaks), refusals (NO_PROPOSAL_CHOSEN,
 * TEMPORARY_FAILURE) leaving the old SA working, and hostile requests.
 * Lifetimes, the kernel's expires and whack's rekey are in
 * test_ikev2_lifetimes.c.  Every test checks the mock kernels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "crypto/crypto_nss.h"
#include "exchange_harness.h"
#include "ikev2_rekey.h"
#include "ikev2_ts.h"
#include "rekey_harness.h"

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
		cmocka_unit_test_setup_teardown(test_child_rekey_by_initiator, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_child_rekey_by_responder, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_child_rekey_pfs, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_pfs_mismatch, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_pfs_invalid_ke, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_no_proposal_chosen, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_temporary_failure, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_busy, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_additional_child, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_ike_rekey_by_initiator, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_ike_rekey_by_responder, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_child_rekey_during_ike_rekey, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_simultaneous_child_rekey, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_simultaneous_child_rekey_pfs, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_simultaneous_ike_rekey, rekey_setup, rekey_teardown),
		cmocka_unit_test_setup_teardown(test_hostile_requests, rekey_setup, rekey_teardown),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* Every key of every SA, rekeyed or redundant, was released. */
	if (!crypto_nss_shutdown()) {
		fprintf(stderr, "NSS objects leaked by the exchanges\n");
		failed++;
	}
	return failed;
}
