/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE_SA_INIT + IKE_AUTH + INFORMATIONAL between two xswan ends in one
 * process (exchange_harness.h): PSK and AUTH_NULL, INVALID_KE retry,
 * COOKIE, a wrong PSK, proposal mismatches, retransmitted requests
 * answered from the cache, Delete and liveness, IKEv1 and garbage.
 * Every test also checks what the mock kernel holds afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <event2/event.h>

#include "clock.h"
#include "crypto/crypto_nss.h"
#include "exchange_harness.h"
#include "ikev2_msg.h"
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

/* Both ends established, one Child SA each, in the kernel, SPIs crossed. */
static void assert_tunnel_up(void)
{
	struct ike_sa *w = side_ike(&west), *e = side_ike(&east);

	assert_non_null(w);
	assert_non_null(e);
	assert_int_equal(w->state, IKE_STATE_ESTABLISHED);
	assert_int_equal(e->state, IKE_STATE_ESTABLISHED);
	assert_memory_equal(w->spi_i, e->spi_i, 8);
	assert_memory_equal(w->spi_r, e->spi_r, 8);
	assert_non_null(w->children);
	assert_non_null(e->children);
	assert_int_equal(w->children->state, CHILD_STATE_ESTABLISHED);
	assert_int_equal(e->children->state, CHILD_STATE_ESTABLISHED);
	assert_int_equal(w->children->spi_out, e->children->spi_in);
	assert_int_equal(e->children->spi_out, w->children->spi_in);
	assert_int_equal(mock_sa_count(&west.kernel, false), 2);
	assert_int_equal(mock_sa_count(&east.kernel, false), 2);
	assert_int_equal(mock_sa_count(&west.kernel, true), 0);
	assert_int_equal(mock_sa_count(&east.kernel, true), 0);
	assert_int_equal(mock_policy_count(&west.kernel), 3);
	assert_int_equal(mock_policy_count(&east.kernel), 3);
}

/* Every random SPI the responder tries is taken: after eight it falls
 * back to ALLOCSPI, and the tunnel comes up all the same. */
static void test_random_spi_taken(void **state)
{
	east.kernel.spis_taken = 8;
	harness_initiate();
	assert_int_equal(pump(10), 4);
	assert_tunnel_up();
	assert_int_equal(east.kernel.spi_unused_calls, 8);
	assert_int_equal(east.kernel.next_spi, 0x20001);	/* ALLOCSPI's */
	assert_int_equal(side_ike(&east)->children->spi_in, 0x20000);
}

static void assert_nothing_left(void)
{
	assert_int_equal(side_ike_count(&west), 0);
	assert_int_equal(side_ike_count(&east), 0);
	assert_int_equal(mock_sa_count(&west.kernel, false) + mock_sa_count(&west.kernel, true), 0);
	assert_int_equal(mock_sa_count(&east.kernel, false) + mock_sa_count(&east.kernel, true), 0);
	assert_int_equal(mock_policy_count(&west.kernel), 0);
	assert_int_equal(mock_policy_count(&east.kernel), 0);
}

static void test_psk(void **state)
{
	harness_initiate();
	assert_int_equal(pump(10), 4);	/* SA_INIT and AUTH, each way */
	assert_tunnel_up();
	/* The selectors the kernel got: west's out policy is 192.0.1.0/24 -> 192.0.3.0/24. */
	struct ike_sa *w = side_ike(&west);
	char a[IP_FMT_BUF], b[IP_FMT_BUF];
	assert_string_equal(ip_selector_fmt(&w->children->local_ts, a), "192.0.1.0/24");
	assert_string_equal(ip_selector_fmt(&w->children->remote_ts, b), "192.0.3.0/24");
	assert_true(w->initial_contact_sent);
	assert_int_equal(w->peer_id.kind, ID_FQDN);
	/* Each end's two SAs and three policies went in as one batch. */
	assert_int_equal(west.kernel.batch_calls, 1);
	assert_int_equal(east.kernel.batch_calls, 1);
	/* Neither end asks the kernel for an SPI (ALLOCSPI): each takes
	 * a random one checked against its SAs.  The responder installs
	 * first; the initiator names its SPI in IKE_AUTH, while no
	 * unknown-SPI report for it would be acted on (no larval SA). */
	assert_int_equal(west.kernel.spi_unused_calls, 1);
	assert_int_equal(west.kernel.next_spi, 0x10000);
	assert_int_equal(east.kernel.spi_unused_calls, 1);
	assert_int_equal(east.kernel.next_spi, 0x20000);
	/* Established: what only IKE_AUTH needed is gone (each NSS key
	 * object is ~5 KiB), what the SA still uses is bytes. */
	struct ike_sa *both[] = { w, side_ike(&east) };
	for (unsigned i = 0; i < 2; i++) {
		assert_null(both[i]->dh.priv);
		assert_null(both[i]->keys.sk_pi);
		assert_null(both[i]->keys.sk_pr);
		assert_null(both[i]->init_request.bytes);
		assert_null(both[i]->init_response.bytes);
		/* SK_d, SK_ei and SK_er live on as bytes, no NSS object */
		assert_null(both[i]->keys.sk_d);
		assert_null(both[i]->keys.sk_ei);
		assert_null(both[i]->keys.sk_er);
		assert_null(both[i]->keys.packed);
		assert_non_null(both[i]->keys.raw);
		/* Both ESP SAs are in and nothing is encapsulated: the
		 * Child SA's KEYMAT is no longer needed. */
		assert_false(both[i]->children->have_keys);
	}
}

/* The kernel refuses a policy of the batch: the SAs that went in before
 * it are taken out again, and the larval SA too (child_uninstall). */
static void test_batch_refused(void **state)
{
	east.kernel.fail_add_policy = true;
	harness_initiate();
	pump(10);
	assert_int_equal(east.kernel.batch_calls, 1);
	assert_int_equal(east.kernel.add_sa_calls, 2);
	assert_int_equal(mock_sa_count(&east.kernel, false), 0);
	assert_int_equal(mock_sa_count(&east.kernel, true), 0);
	assert_int_equal(mock_policy_count(&east.kernel), 0);
	struct ike_sa *e = side_ike(&east);
	assert_true(e == NULL || e->children == NULL ||
		    e->children->state != CHILD_STATE_ESTABLISHED);
}

static void test_null_auth(void **state)
{
	struct diag d;
	west.cfg.authby = east.cfg.authby = AUTHBY_NULL;
	west.psk[0] = east.psk[0] = '\0';	/* no PSK may be needed */
	id_parse("%null", &west.conn.local.id, &d);
	id_parse("%null", &east.conn.local.id, &d);
	id_parse("%null", &west.conn.remote.id, &d);
	id_parse("%null", &east.conn.remote.id, &d);
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	assert_int_equal(side_ike(&east)->peer_id.kind, ID_NULL);
}

static void test_transport(void **state)
{
	west.cfg.type = east.cfg.type = TYPE_TRANSPORT;
	struct ip_subnet w, e;
	w = ip_subnet_from_address(&west.addr);
	e = ip_subnet_from_address(&east.addr);
	west.conn.local.selectors[0] = east.conn.remote.selectors[0] = ip_selector_from_subnet(&w, NULL);
	east.conn.local.selectors[0] = west.conn.remote.selectors[0] = ip_selector_from_subnet(&e, NULL);
	harness_initiate();
	pump(10);
	assert_true(side_ike(&west)->children->transport);
	assert_true(side_ike(&east)->children->transport);
	/* Transport mode has no fwd policy. */
	assert_int_equal(mock_policy_count(&west.kernel), 2);
	assert_int_equal(west.kernel.sas[0].sa.mode, KERNEL_MODE_TRANSPORT);
}

static void test_transport_vs_tunnel(void **state)
{
	west.cfg.type = TYPE_TRANSPORT;	/* east stays tunnel: it answers tunnel */
	harness_initiate();
	pump(10);
	/* West refuses the tunnel-mode answer and deletes everything. */
	pump(10);
	assert_nothing_left();
}

static void test_invalid_ke(void **state)
{
	assert_true(side_set_proposals(&west, "aes_gcm256-sha2_256-dh19+dh14", NULL));
	assert_true(side_set_proposals(&east, "aes_gcm256-sha2_256-dh14", NULL));
	struct ike_sa *w = harness_initiate();
	assert_int_equal(w->ke_group->id, 19);
	pump(20);
	assert_tunnel_up();
	w = side_ike(&west);
	assert_int_equal(w->ke_retries, 1);
	assert_int_equal(w->ke_group->id, 14);
	assert_int_equal(w->keys.suite.dh->id, 14);
}

static void test_invalid_ke_unoffered_group(void **state)
{
	/* East wants a group west never offered: west gives up. */
	assert_true(side_set_proposals(&west, "aes_gcm256-sha2_256-dh19", NULL));
	assert_true(side_set_proposals(&east, "aes_gcm256-sha2_256-dh14", NULL));
	harness_initiate();
	pump(20);
	assert_nothing_left();
}

static void test_cookie(void **state)
{
	east.env.require_cookie = true;
	harness_initiate();
	pump(20);
	assert_tunnel_up();
	assert_int_equal(side_ike(&west)->cookie_retries, 1);
	/* Without the cookie east never made state: one IKE SA only. */
	assert_int_equal(side_ike_count(&east), 1);
}

static void test_wrong_psk(void **state)
{
	snprintf(east.psk, sizeof(east.psk), "%s", "not the same secret at all");
	harness_initiate();
	pump(20);
	/* East answered AUTHENTICATION_FAILED and forgot; west logged it
	 * and forgot.  West's SPI was its own pick: nothing went into its
	 * kernel, nothing had to come out. */
	assert_nothing_left();
	assert_int_equal(west.kernel.add_sa_calls + west.kernel.del_sa_calls, 0);
}

static void test_ike_proposal_mismatch(void **state)
{
	assert_true(side_set_proposals(&west, "aes_gcm256-sha2_256-dh19", NULL));
	assert_true(side_set_proposals(&east, "aes128-sha2_512-dh19", NULL));
	harness_initiate();
	assert_int_equal(pump(20), 2);	/* request, NO_PROPOSAL_CHOSEN */
	assert_nothing_left();
}

/* The SA payload's body is crypto's to check (the codec hands it over
 * as bytes): a malformed one gets NO_PROPOSAL_CHOSEN from east like any
 * unacceptable SA payload, and no IKE SA is left.  The damage is a Key
 * Length of 0 in the first proposal only: without the rule, east would
 * skip that transform and pick proposal 2. */
static void test_malformed_sa_body(void **state)
{
	static struct ikev2_msg m;
	static uint8_t bad[4096];
	const uint8_t *sent;
	size_t len;
	struct diag d;

	harness_initiate();
	assert_true(last_sent_by(&west, &sent, &len));
	assert_true(len <= sizeof(bad));
	memcpy(bad, sent, len);
	assert_true(drop_next());
	assert_int_equal(ikev2_msg_decode(&m, BYTES(bad, len), &d), IKEV2_MSG_OK);
	const struct ikev2_payload *sa = ikev2_msg_first(&m, IKEV2_NP_SA);
	assert_non_null(sa);
	/* generic header 4, proposal header 8 (no SPI), transform header 8:
	 * the first transform's Key Length attribute, TV, 256 */
	uint8_t *attr = bad + sa->offset + 4 + 8 + 8;
	assert_memory_equal(attr, "\x80\x0e\x01\x00", 4);
	attr[2] = attr[3] = 0;
	inject(&east, bad, len);
	assert_int_equal(side_ike_count(&east), 0);
	assert_true(last_sent_by(&east, &sent, &len));
	assert_int_equal(ikev2_msg_decode(&m, BYTES(sent, len), &d), IKEV2_MSG_OK);
	assert_non_null(ikev2_msg_notify(&m, IKEV2_N_NO_PROPOSAL_CHOSEN));
	pump(10);
	assert_nothing_left();
}

static void test_esp_proposal_mismatch(void **state)
{
	assert_true(side_set_proposals(&west, NULL, "aes_gcm256"));
	assert_true(side_set_proposals(&east, NULL, "aes128-sha2_512"));
	harness_initiate();
	pump(20);
	/* The IKE SA came up, the Child SA was refused, west deleted the IKE SA
	 * and told east. */
	assert_nothing_left();
}

static void test_ts_unacceptable(void **state)
{
	struct ip_subnet s;
	struct diag d;
	ip_subnet_parse("10.9.9.0/24", &s, &d);
	east.conn.remote.selectors[0] = ip_selector_from_subnet(&s, NULL);
	harness_initiate();
	pump(20);
	assert_nothing_left();
}

static void test_narrowing(void **state)
{
	/* West asks for 192.0.0.0/16 on its side; east allows only
	 * 192.0.1.0/24 there and narrows. */
	struct ip_subnet wide;
	struct diag d;
	ip_subnet_parse("192.0.0.0/16", &wide, &d);
	west.conn.local.selectors[0] = ip_selector_from_subnet(&wide, NULL);
	west.cfg.narrowing = east.cfg.narrowing = true;
	harness_initiate();
	pump(20);
	assert_tunnel_up();
	char a[IP_FMT_BUF];
	assert_string_equal(ip_selector_fmt(&side_ike(&west)->children->local_ts, a), "192.0.1.0/24");
}

static void test_no_narrowing(void **state)
{
	struct ip_subnet wide;
	struct diag d;
	ip_subnet_parse("192.0.0.0/16", &wide, &d);
	west.conn.local.selectors[0] = ip_selector_from_subnet(&wide, NULL);
	harness_initiate();
	pump(20);
	assert_nothing_left();
	/* East refused (TS_UNACCEPTABLE) rather than narrowing: it never
	 * installed an SA. */
	assert_int_equal(east.kernel.add_sa_calls, 0);
}

static void test_retransmitted_request(void **state)
{
	harness_initiate();
	assert_int_equal(pump(1), 1);		/* east got IKE_SA_INIT */
	assert_true(drop_next());		/* its response is lost */
	unsigned east_sent = east.sent;
	resend_last(&west);			/* west retransmits */
	assert_int_equal(pump(1), 1);
	/* East answered from its cache: one more datagram, no new SA. */
	assert_int_equal(east.sent, east_sent + 1);
	assert_int_equal(side_ike_count(&east), 1);
	pump(1);				/* west gets the response, sends AUTH */
	assert_int_equal(pump(1), 1);		/* east processes IKE_AUTH */
	assert_true(drop_next());		/* the AUTH response is lost */
	east_sent = east.sent;
	resend_last(&west);
	pump(10);
	assert_int_equal(east.sent, east_sent + 1);
	assert_tunnel_up();
	/* Installed exactly once on east despite the retransmit. */
	assert_int_equal(east.kernel.add_sa_calls, 2);
}

static void test_delete(void **state)
{
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	assert_int_equal(updown_up_calls, 2);
	ike_sa_delete_notify(side_ike(&west));
	pump(10);
	assert_nothing_left();
	/* Each end ran "down" for its Child SA and told the connection
	 * layer about each SA that went (2 per end). */
	assert_int_equal(updown_down_calls, 2);
	assert_int_equal(state_gone_calls, 4);
}

static void test_terminate_connection(void **state)
{
	harness_initiate();
	pump(10);
	ike_terminate_connection(&east.conn);	/* the responder ends it */
	pump(10);
	assert_nothing_left();
}

static void test_delete_child(void **state)
{
	struct diag d;

	harness_initiate();
	pump(10);
	struct child_sa *ch = side_ike(&west)->children;
	assert_true(ikev2_send_delete_child(ch, &d));
	child_sa_delete(ch);
	pump(10);
	/* Both Child SAs are gone; both IKE SAs stay. */
	assert_null(side_ike(&west)->children);
	assert_null(side_ike(&east)->children);
	assert_int_equal(mock_sa_count(&east.kernel, false), 0);
	assert_int_equal(mock_policy_count(&east.kernel), 0);
	assert_int_equal(side_ike(&east)->state, IKE_STATE_ESTABLISHED);
}

static void test_liveness(void **state)
{
	struct diag d;

	harness_initiate();
	pump(10);
	struct ike_sa *w = side_ike(&west);
	uint32_t before = w->msgid.next_send;
	assert_true(ikev2_send_liveness(w, &d));
	assert_true(w->msgid.request_outstanding);
	assert_int_equal(pump(10), 2);
	assert_false(w->msgid.request_outstanding);
	assert_int_equal(w->msgid.next_send, before + 1);
	assert_int_equal(side_ike(&east)->msgid.next_recv, before + 1);
}

static void test_initial_contact(void **state)
{
	harness_initiate();
	pump(10);
	so_serial_t first = side_ike(&east)->serial;
	/* West "reboots": forgets its SA without telling east. */
	ike_sa_delete(side_ike(&west));
	harness_initiate();
	pump(10);
	/* East dropped the old IKE SA on INITIAL_CONTACT. */
	assert_int_equal(side_ike_count(&east), 1);
	assert_true(side_ike(&east)->serial != first);
	assert_int_equal(mock_sa_count(&east.kernel, false), 2);
}

/* A CREATE_CHILD_SA request (a rekey) gets NO_ADDITIONAL_SAS, and the
 * IKE and Child SAs stay. */
static void test_create_child_refused(void **state)
{
	struct diag d;
	static struct ikev2_out o;

	harness_initiate();
	pump(10);
	struct ike_sa *w = side_ike(&west), *e = side_ike(&east);
	uint32_t id = w->msgid.next_send;
	assert_true(ikev2_out_start(&o, w, IKEV2_EXCH_CREATE_CHILD_SA, false, 0, true, &d));
	uint8_t spi[4] = { 1, 2, 3, 4 };
	assert_true(ikev2_add_notify(&o.bld, IKEV2_PROTO_ESP, BYTES(spi, 4), IKEV2_N_REKEY_SA,
				     NO_BYTES, &d));
	struct proposals p = w->c->esp_proposals;
	uint8_t body[1024];
	struct buf sab = BUF(body, sizeof(body));
	for (unsigned i = 0; i < p.count; i++) {
		p.p[i].spi_size = 4;
		memcpy(p.p[i].spi, spi, 4);
	}
	assert_true(sa_payload_emit(&p, true, &sab, &d));
	assert_true(ikev2_add_sa_body(&o.bld, buf_bytes(&sab), &d));
	uint8_t nonce[32] = { 0 };
	assert_true(ikev2_add_nonce(&o.bld, BYTES(nonce, sizeof(nonce)), &d));
	struct ikev2_ts_payload ts = { .n_ts = 1 };
	ts_from_selector(&w->children->local_ts, &ts.ts[0]);
	assert_true(ikev2_add_ts(&o.bld, IKEV2_NP_TSi, &ts, &d));
	ts_from_selector(&w->children->remote_ts, &ts.ts[0]);
	assert_true(ikev2_add_ts(&o.bld, IKEV2_NP_TSr, &ts, &d));
	assert_true(ikev2_out_finish(&o, w, &d));
	assert_true(ikev2_send_request(w, &o, &d));
	assert_int_equal(pump(10), 2);		/* request and answer */
	assert_false(w->msgid.request_outstanding);
	assert_int_equal(w->msgid.next_send, id + 1);
	assert_int_equal(e->msgid.next_recv, id + 1);
	assert_tunnel_up();
}

/* `ipsec up` twice: the second tunnel's policies replace the first's;
 * deleting the first IKE SA must not remove them. */
static void test_second_up_keeps_policies(void **state)
{
	harness_initiate();
	pump(10);
	struct ike_sa *first = side_ike(&west);
	/* A second IKE SA for the same connection (INITIAL_CONTACT is not
	 * sent: west still has the first). */
	harness_initiate();
	pump(10);
	assert_int_equal(side_ike_count(&west), 2);
	assert_int_equal(side_ike_count(&east), 2);
	assert_int_equal(mock_policy_count(&west.kernel), 3);
	ike_sa_delete_notify(first);
	pump(10);
	assert_int_equal(side_ike_count(&west), 1);
	assert_int_equal(side_ike_count(&east), 1);
	/* The second tunnel still has its SAs and policies on both ends. */
	assert_tunnel_up();
}

/* An unauthenticated IKE_SA_INIT answer made up by someone on the path:
 * only its notify, as east's SPIs would be. */
static void inject_init_notify(uint16_t type, struct bytes data)
{
	static struct ikev2_out o;
	struct diag d;
	struct ike_sa *w = side_ike(&west);
	struct ike_sa fake = { .env = &east.env, .role = SA_ROLE_RESPONDER };

	memcpy(fake.spi_i, w->spi_i, 8);
	assert_true(ikev2_out_start(&o, &fake, IKEV2_EXCH_IKE_SA_INIT, true, 0, false, &d));
	assert_true(ikev2_add_notify(&o.bld, 0, NO_BYTES, type, data, &d));
	assert_true(ikev2_out_finish(&o, &fake, &d));
	inject(&west, o.buf, o.len);
}

/* INVALID_KE_PAYLOAD naming a group we never offered, or with a
 * malformed body: no retry with it. */
static void test_hostile_invalid_ke(void **state)
{
	harness_initiate();
	assert_true(drop_next());
	uint8_t g99[2] = { 0, 99 }, g19_long[3] = { 0, 19, 0 };
	inject_init_notify(IKEV2_N_INVALID_KE_PAYLOAD, BYTES(g19_long, 3));
	/* Malformed: ignored, still waiting. */
	assert_int_equal(side_ike_count(&west), 1);
	assert_int_equal(queue_len(), 0);
	inject_init_notify(IKEV2_N_INVALID_KE_PAYLOAD, BYTES(g99, 2));
	/* A group we did not offer: give up rather than downgrade. */
	assert_int_equal(side_ike_count(&west), 0);
	assert_int_equal(queue_len(), 0);
}

/* A COOKIE longer than RFC 7296 allows is ignored; a good one is sent
 * back first in the retried request. */
static void test_hostile_cookie(void **state)
{
	uint8_t big[65], ok[16];
	memset(big, 1, sizeof(big));
	memset(ok, 2, sizeof(ok));
	harness_initiate();
	assert_true(drop_next());
	inject_init_notify(IKEV2_N_COOKIE, BYTES(big, sizeof(big)));
	assert_int_equal(queue_len(), 0);
	assert_null(side_ike(&west)->cookie);
	inject_init_notify(IKEV2_N_COOKIE, BYTES(ok, sizeof(ok)));
	assert_int_equal(queue_len(), 1);
	struct ike_sa *w = side_ike(&west);
	assert_int_equal(w->cookie_len, sizeof(ok));
	assert_int_equal(w->cookie_retries, 1);
	/* East (no cookie demanded) ignores the cookie and answers. */
	pump(10);
	assert_tunnel_up();
}

static void test_ikev1_ignored(void **state)
{
	uint8_t v1[28] = { 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0,
			   1 /* SA */, 0x10 /* 1.0 */, 2 /* main mode */, 0, 0, 0, 0, 0, 0, 0, 0, 28 };
	inject(&east, v1, sizeof(v1));
	assert_int_equal(side_ike_count(&east), 0);
	assert_int_equal(queue_len(), 0);
}

static void test_garbage_after_established(void **state)
{
	harness_initiate();
	pump(10);
	struct ike_sa *e = side_ike(&east);
	/* A request with the right SPIs and next message ID but a broken
	 * SK payload: dropped, the window does not move, nothing answered. */
	uint8_t msg[80];
	memset(msg, 0xa5, sizeof(msg));
	memcpy(msg, e->spi_i, 8);
	memcpy(msg + 8, e->spi_r, 8);
	msg[16] = IKEV2_NP_SK;
	msg[17] = 0x20;
	msg[18] = IKEV2_EXCH_INFORMATIONAL;
	msg[19] = IKEV2_FLAG_INITIATOR;
	msg[20] = 0; msg[21] = 0; msg[22] = 0; msg[23] = (uint8_t)e->msgid.next_recv;
	msg[24] = 0; msg[25] = 0; msg[26] = 0; msg[27] = sizeof(msg);
	msg[28] = 0; msg[29] = 0; msg[30] = 0; msg[31] = sizeof(msg) - 28;
	uint32_t next = e->msgid.next_recv;
	unsigned sent = east.sent;
	inject(&east, msg, sizeof(msg));
	assert_int_equal(e->msgid.next_recv, next);
	assert_int_equal(east.sent, sent);
	assert_tunnel_up();
}

/* Nobody answers: west resends after 10, 20, 40 ms and gives up at the
 * 100 ms retransmit-timeout, deleting its SA and the larval SPI. */
static void test_retransmit_gives_up(void **state)
{
	struct event_base *base = event_base_new();

	assert_non_null(base);
	west.env.base = base;
	west.cfg.retransmit_interval_ms = 10;
	west.cfg.retransmit_timeout_ms = 100;
	harness_initiate();
	uint64_t start = clock_mono_ms();
	while (side_ike_count(&west) > 0 && clock_mono_ms() - start < 5000)
		event_base_loop(base, EVLOOP_ONCE);
	uint64_t took = clock_mono_ms() - start;
	assert_int_equal(side_ike_count(&west), 0);
	assert_int_equal(west.sent, 4);		/* the first send and 3 retransmits */
	assert_true(took >= 95 && took < 5000);
	/* Every copy is the same IKE_SA_INIT request. */
	assert_int_equal(queue_len(), 4);
	west.env.base = NULL;
	event_base_free(base);
}

/* A busy host runs the timers late (here: the loop starts 150 ms after
 * the first send, past the whole 100 ms budget): west still sends the
 * retransmits its plan had before the timeout, then gives up. */
static void test_retransmit_count_on_busy_host(void **state)
{
	struct event_base *base = event_base_new();
	struct timespec busy = { 0, 150 * 1000 * 1000 };

	assert_non_null(base);
	west.env.base = base;
	west.cfg.retransmit_interval_ms = 10;
	west.cfg.retransmit_timeout_ms = 100;
	harness_initiate();
	nanosleep(&busy, NULL);		/* the stimulus: a host that is busy */
	uint64_t start = clock_mono_ms();
	while (side_ike_count(&west) > 0 && clock_mono_ms() - start < 5000)
		event_base_loop(base, EVLOOP_ONCE);
	assert_int_equal(side_ike_count(&west), 0);
	assert_int_equal(west.sent, 4);
	west.env.base = NULL;
	event_base_free(base);
}

/* A response that arrives after one retransmit stops the timer. */
static void test_retransmit_then_answer(void **state)
{
	struct event_base *base = event_base_new();

	west.env.base = base;
	west.cfg.retransmit_interval_ms = 20;
	west.cfg.retransmit_timeout_ms = 10000;
	harness_initiate();
	assert_true(drop_next());		/* the first request is lost */
	uint64_t start = clock_mono_ms();
	while (queue_len() == 0 && clock_mono_ms() - start < 5000)
		event_base_loop(base, EVLOOP_ONCE);
	assert_int_equal(west.sent, 2);
	pump(10);
	assert_tunnel_up();
	/* No more retransmits once answered. */
	unsigned sent = west.sent;
	struct timeval tv = { 0, 100 * 1000 };
	event_base_loopexit(base, &tv);
	event_base_dispatch(base);
	assert_int_equal(west.sent, sent);
	harness_teardown();	/* frees the timers while BASE lives */
	west.env.base = NULL;
	event_base_free(base);
}

/* IKE_AUTH on 4500 without a NAT (strongSwan with MOBIKE does that):
 * both ends follow to 4500 for IKE, ESP stays unencapsulated. */
static void test_port_4500_without_nat(void **state)
{
	harness_initiate();
	pump(2);
	retarget_next(4500);	/* west's IKE_AUTH request */
	pump(10);
	assert_tunnel_up();
	assert_int_equal(side_ike(&east)->remote_port, 4500);
	assert_int_equal(side_ike(&west)->remote_port, 4500);
	assert_false(side_ike(&east)->children->encap);
	assert_false(side_ike(&west)->children->encap);
	assert_int_equal(east.kernel.sas[0].sa.encap.type, KERNEL_ENCAP_NONE);
}

/* encapsulation=yes: UDP-encapsulated ESP although nothing is NATed. */
static void test_forced_encapsulation(void **state)
{
	west.cfg.encapsulation = east.cfg.encapsulation = YNA_YES;
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	assert_true(side_ike(&west)->children->encap);
	assert_true(side_ike(&east)->children->encap);
	/* A NAT mapping change re-adds encapsulated SAs: keys kept. */
	assert_true(side_ike(&west)->children->have_keys);
	assert_true(side_ike(&east)->children->have_keys);
	assert_int_equal(side_ike(&west)->remote_port, 4500);
}

static bool east_empty(void)
{
	return side_ike_count(&east) == 0;
}

static bool west_empty(void)
{
	return side_ike_count(&west) == 0;
}

/* A responder SA whose IKE_AUTH request never comes is deleted. */
static void test_half_open_timeout(void **state)
{
	struct event_base *base = event_base_new();

	east.env.base = base;
	east.env.half_open_timeout_ms = 50;
	harness_initiate();
	pump(1);
	assert_int_equal(side_ike_count(&east), 1);
	assert_int_equal(east.env.half_open, 1);
	harness_run_until(base, east_empty, LINK_HOLD, 3000);
	assert_int_equal(side_ike_count(&east), 0);
	assert_int_equal(east.env.half_open, 0);
	harness_teardown();
	east.env.base = NULL;
	event_base_free(base);
}

/* dpddelay: a quiet peer is asked; an answering one keeps the SA, a
 * silent one loses it after dpdtimeout. */
static void test_liveness_timers(void **state)
{
	struct event_base *base = event_base_new();

	west.env.base = base;
	west.cfg.dpddelay_ms = 20;
	west.cfg.dpdtimeout_ms = 500;	/* far above any scheduling hiccup */
	west.cfg.retransmit_interval_ms = 10;
	west.cfg.retransmit_timeout_ms = 10000;
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	/* East answers for a while: still up after several dpddelays (three
	 * liveness requests answered; however late a busy host runs them). */
	uint64_t start = clock_mono_ms();
	while (side_ike(&east)->msgid.next_recv < 5 && clock_mono_ms() - start < 5000) {
		harness_turn(base, 10);
		assert_int_equal(side_ike_count(&west), 1);
	}
	assert_true(side_ike(&east)->msgid.next_recv >= 5);	/* liveness requests arrived */
	/* Now east is gone: everything west sends is lost. */
	harness_run_until(base, west_empty, LINK_DEAD, 3000);
	assert_int_equal(side_ike_count(&west), 0);
	assert_int_equal(mock_sa_count(&west.kernel, false), 0);
	assert_int_equal(mock_policy_count(&west.kernel), 0);
	harness_teardown();
	west.env.base = NULL;
	event_base_free(base);
}

/* mark=, mark-in=: SAs and policies carry them; everything goes again. */
static void test_marks(void **state)
{
	west.cfg.mark = (struct conn_mark){ .set = true, .value = 7, .mask = 0xffffffff };
	west.cfg.mark_in = (struct conn_mark){ .set = true, .value = 9, .mask = 0xff };
	harness_initiate();
	pump(10);
	assert_tunnel_up();
	unsigned in_marked = 0, out_marked = 0;
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++) {
		const struct mock_sa *m = &west.kernel.sas[i];
		if (!m->used)
			continue;
		if (ip_address_eq(&m->dst, &west.addr))
			in_marked += m->sa.mark.value == 9 && m->sa.mark.mask == 0xff;
		else
			out_marked += m->sa.mark.value == 7 && m->sa.mark.mask == 0xffffffff;
	}
	assert_int_equal(in_marked, 1);
	assert_int_equal(out_marked, 1);
	for (unsigned i = 0; i < MOCK_MAX_POLICIES; i++) {
		const struct mock_policy *p = &west.kernel.policies[i];
		if (p->used)
			assert_int_equal(p->p.mark.value, p->p.dir == KERNEL_POLICY_OUT ? 7 : 9);
	}
	ike_sa_delete_notify(side_ike(&west));
	pump(10);
	assert_nothing_left();
}

static void test_no_connection(void **state)
{
	east.accept = false;
	harness_initiate();
	pump(10);
	assert_nothing_left();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_psk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_spi_taken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_auth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_vs_tunnel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_ke, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_ke_unoffered_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_psk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ike_proposal_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_sa_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_esp_proposal_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ts_unacceptable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_narrowing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_narrowing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmitted_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_terminate_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_child, setup, teardown),
		cmocka_unit_test_setup_teardown(test_liveness, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initial_contact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_child_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_up_keeps_policies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_invalid_ke, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_cookie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ikev1_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_after_established, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_half_open_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_liveness_timers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_port_4500_without_nat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forced_encapsulation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmit_gives_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmit_count_on_busy_host, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmit_then_answer, setup, teardown),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* Every key and DH key pair of every SA was released: NSS shuts
	 * down cleanly only then. */
	if (!crypto_nss_shutdown()) {
		fprintf(stderr, "NSS objects leaked by the exchanges\n");
		failed++;
	}
	return failed;
}
