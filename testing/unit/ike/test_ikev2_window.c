/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure decisions of the exchanges: the message-ID window (RFC 7296
 * 2.3, window size 1), the retransmission schedule (2.1), and traffic
 * selectors with narrowing (2.9).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "ikev2.h"
#include "ikev2_ts.h"

/* ---- message IDs ---- */

static void test_msgid_requests(void **state)
{
	struct msgid_window w = { .next_recv = 0 };

	assert_int_equal(msgid_check(&w, false, 0), MSGID_NEW_REQUEST);
	assert_int_equal(msgid_check(&w, false, 1), MSGID_FUTURE_REQUEST);
	/* After answering request 0. */
	w.next_recv = 1;
	w.have_response = true;
	w.response.msgid = 0;
	assert_int_equal(msgid_check(&w, false, 0), MSGID_RETRANSMIT);
	assert_int_equal(msgid_check(&w, false, 1), MSGID_NEW_REQUEST);
	assert_int_equal(msgid_check(&w, false, 2), MSGID_FUTURE_REQUEST);
	/* Two behind the window: too old even for the cache. */
	w.next_recv = 5;
	w.response.msgid = 4;
	assert_int_equal(msgid_check(&w, false, 3), MSGID_OLD_REQUEST);
	assert_int_equal(msgid_check(&w, false, 4), MSGID_RETRANSMIT);
	/* No cached response (e.g. while processing): not a retransmit. */
	w.have_response = false;
	assert_int_equal(msgid_check(&w, false, 4), MSGID_OLD_REQUEST);
	/* The far end of the ID space does not wrap into the window. */
	assert_int_equal(msgid_check(&w, false, UINT32_MAX), MSGID_FUTURE_REQUEST);
}

static void test_msgid_responses(void **state)
{
	struct msgid_window w = { .next_send = 3 };

	/* Nothing outstanding: every response is unexpected. */
	assert_int_equal(msgid_check(&w, true, 2), MSGID_UNEXPECTED_RESPONSE);
	w.request_outstanding = true;
	w.request.msgid = 2;
	assert_int_equal(msgid_check(&w, true, 2), MSGID_EXPECTED_RESPONSE);
	assert_int_equal(msgid_check(&w, true, 1), MSGID_UNEXPECTED_RESPONSE);
	assert_int_equal(msgid_check(&w, true, 3), MSGID_UNEXPECTED_RESPONSE);
}

/* ---- retransmission ---- */

static void test_retransmit_schedule(void **state)
{
	/* First wait is the interval; each next one doubles. */
	assert_int_equal(retransmit_delay_ms(500, 1), 500);
	assert_int_equal(retransmit_delay_ms(500, 2), 1000);
	assert_int_equal(retransmit_delay_ms(500, 3), 2000);
	assert_int_equal(retransmit_delay_ms(500, 7), 32000);
	/* Unset interval: Libreswan's 500 ms. */
	assert_int_equal(retransmit_delay_ms(0, 1), 500);
	/* No overflow however many sends. */
	assert_true(retransmit_delay_ms(500, 1000) >= retransmit_delay_ms(500, 21));
	assert_int_equal(retransmit_delay_ms(500, 1000), retransmit_delay_ms(500, 21));
}

/* ---- traffic selectors ---- */

static struct ikev2_ts ts4(const char *lo, const char *hi, uint8_t proto, uint16_t plo,
			   uint16_t phi)
{
	struct ip_address a, b;
	struct diag d;
	struct ikev2_ts ts;

	assert_true(ip_address_parse(lo, &a, &d));
	assert_true(ip_address_parse(hi, &b, &d));
	memset(&ts, 0, sizeof(ts));
	ts.type = IKEV2_TS_IPV4_ADDR_RANGE;
	ts.ipproto = proto;
	ts.start_port = plo;
	ts.end_port = phi;
	memcpy(ts.start, a.bytes, 4);
	memcpy(ts.end, b.bytes, 4);
	return ts;
}

static struct ip_selector sel(const char *text)
{
	struct ip_selector s;
	struct diag d;

	if (!ip_selector_parse(text, &s, &d))
		fail_msg("%s: %s", text, d.msg);
	return s;
}

static const char *fmt(const struct ip_selector *s)
{
	static char buf[IP_FMT_BUF];
	return ip_selector_fmt(s, buf);
}

static void test_ts_conversion(void **state)
{
	struct ip_selector s;
	struct diag d;
	struct ikev2_ts t;

	t = ts4("192.0.2.0", "192.0.2.255", 0, 0, 65535);
	assert_true(ts_to_selector(&t, &s, &d));
	assert_string_equal(fmt(&s), "192.0.2.0/24");
	t = ts4("0.0.0.0", "255.255.255.255", 0, 0, 65535);
	assert_true(ts_to_selector(&t, &s, &d));
	assert_string_equal(fmt(&s), "0.0.0.0/0");
	t = ts4("192.0.2.7", "192.0.2.7", 6, 22, 22);
	assert_true(ts_to_selector(&t, &s, &d));
	assert_int_equal(s.port, 22);
	assert_int_equal(s.ipproto, 6);
	/* Not a subnet, reversed, port ranges we cannot express. */
	t = ts4("192.0.2.1", "192.0.2.254", 0, 0, 65535);
	assert_false(ts_to_selector(&t, &s, &d));
	t = ts4("192.0.2.255", "192.0.2.0", 0, 0, 65535);
	assert_false(ts_to_selector(&t, &s, &d));
	t = ts4("192.0.2.0", "192.0.2.255", 6, 1000, 2000);
	assert_false(ts_to_selector(&t, &s, &d));
	t = ts4("192.0.2.0", "192.0.2.255", 6, 30, 20);
	assert_false(ts_to_selector(&t, &s, &d));
	t.type = 9;	/* unknown TS type */
	assert_false(ts_to_selector(&t, &s, &d));

	/* Round trip of our own selectors. */
	const char *const ours[] = { "192.0.1.0/24", "10.0.0.1/32", "2001:db8::/32", "::/0",
				     "192.0.2.0/24:tcp/443" };
	for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
		struct ip_selector in = sel(ours[i]);
		ts_from_selector(&in, &t);
		assert_true(ts_to_selector(&t, &s, &d));
		assert_true(ip_selector_eq(&in, &s));
	}
}

static struct ikev2_ts_payload list(unsigned n, const struct ikev2_ts *ts)
{
	struct ikev2_ts_payload p = { .n_ts = (uint16_t)n };
	memcpy(p.ts, ts, n * sizeof(*ts));
	return p;
}

static void test_narrow_responder(void **state)
{
	struct ip_selector conf = sel("192.0.2.0/24"), out;
	struct diag d;

	/* Exactly our selector. */
	struct ikev2_ts exact = ts4("192.0.2.0", "192.0.2.255", 0, 0, 65535);
	struct ikev2_ts_payload p = list(1, &exact);
	assert_true(ts_narrow_responder(&p, &conf, false, &out, &d));
	assert_string_equal(fmt(&out), "192.0.2.0/24");

	/* Inside it: accepted as proposed, narrowing or not. */
	struct ikev2_ts inner = ts4("192.0.2.128", "192.0.2.255", 0, 0, 65535);
	p = list(1, &inner);
	assert_true(ts_narrow_responder(&p, &conf, false, &out, &d));
	assert_string_equal(fmt(&out), "192.0.2.128/25");

	/* Wider: only with narrowing, and then narrowed to ours. */
	struct ikev2_ts wide = ts4("192.0.0.0", "192.0.255.255", 0, 0, 65535);
	p = list(1, &wide);
	assert_false(ts_narrow_responder(&p, &conf, false, &out, &d));
	assert_true(ts_narrow_responder(&p, &conf, true, &out, &d));
	assert_string_equal(fmt(&out), "192.0.2.0/24");

	/* Disjoint: never. */
	struct ikev2_ts other = ts4("10.0.0.0", "10.0.0.255", 0, 0, 65535);
	p = list(1, &other);
	assert_false(ts_narrow_responder(&p, &conf, true, &out, &d));

	/* RFC 7296 2.9: the first TS may be the packet that triggered the
	 * SA; the first acceptable one wins. */
	struct ikev2_ts two[2] = { ts4("10.1.1.1", "10.1.1.1", 1, 0, 65535), exact };
	p = list(2, two);
	assert_true(ts_narrow_responder(&p, &conf, false, &out, &d));
	assert_string_equal(fmt(&out), "192.0.2.0/24");

	/* An on-demand initiator (strongSwan's trap) sends the packet
	 * first (one host, ICMP echo request: type 8 as port 2048), then
	 * its policy: the answer is the policy, which holds the packet,
	 * not the packet alone (the echo reply would have no SA). */
	struct ikev2_ts packet_first[2] = { ts4("192.0.2.254", "192.0.2.254", 1, 2048, 2048), exact };
	p = list(2, packet_first);
	assert_true(ts_narrow_responder(&p, &conf, false, &out, &d));
	assert_string_equal(fmt(&out), "192.0.2.0/24");
	/* ... also when narrowing makes the policy fit. */
	packet_first[1] = wide;
	p = list(2, packet_first);
	assert_true(ts_narrow_responder(&p, &conf, true, &out, &d));
	assert_string_equal(fmt(&out), "192.0.2.0/24");
	/* The packet alone is still answered with the packet. */
	p = list(1, packet_first);
	assert_true(ts_narrow_responder(&p, &conf, false, &out, &d));
	assert_int_equal(out.ipproto, 1);
	/* Two disjoint fits: the first wins. */
	struct ikev2_ts halves[2] = { inner, ts4("192.0.2.0", "192.0.2.127", 0, 0, 65535) };
	p = list(2, halves);
	assert_true(ts_narrow_responder(&p, &conf, false, &out, &d));
	assert_string_equal(fmt(&out), "192.0.2.128/25");

	/* Protocol: a proposal for all protocols narrows to ours (tcp/80)
	 * only with narrowing; a proposal for udp never fits tcp. */
	struct ip_selector web = sel("192.0.2.0/24:tcp/80");
	p = list(1, &exact);
	assert_false(ts_narrow_responder(&p, &web, false, &out, &d));
	assert_true(ts_narrow_responder(&p, &web, true, &out, &d));
	assert_int_equal(out.ipproto, 6);
	assert_int_equal(out.port, 80);
	struct ikev2_ts udp = ts4("192.0.2.0", "192.0.2.255", 17, 0, 65535);
	p = list(1, &udp);
	assert_false(ts_narrow_responder(&p, &web, true, &out, &d));

	/* Another family is skipped, not an error by itself. */
	struct ip_selector v6 = sel("2001:db8::/32");
	p = list(1, &exact);
	assert_false(ts_narrow_responder(&p, &v6, true, &out, &d));
}

static void test_check_answer(void **state)
{
	struct ip_selector offered = sel("192.0.0.0/16"), out;
	struct diag d;

	struct ikev2_ts same = ts4("192.0.0.0", "192.0.255.255", 0, 0, 65535);
	struct ikev2_ts_payload p = list(1, &same);
	assert_true(ts_check_answer(&p, &offered, false, &out, &d));

	struct ikev2_ts narrower = ts4("192.0.2.0", "192.0.2.255", 0, 0, 65535);
	p = list(1, &narrower);
	assert_false(ts_check_answer(&p, &offered, false, &out, &d));
	assert_true(ts_check_answer(&p, &offered, true, &out, &d));
	assert_string_equal(fmt(&out), "192.0.2.0/24");

	/* Wider than we offered, or elsewhere: never. */
	struct ikev2_ts wider = ts4("192.0.0.0", "192.255.255.255", 0, 0, 65535);
	p = list(1, &wider);
	assert_false(ts_check_answer(&p, &offered, true, &out, &d));
	/* More than one TS in the answer. */
	struct ikev2_ts two[2] = { same, narrower };
	p = list(2, two);
	assert_false(ts_check_answer(&p, &offered, true, &out, &d));
	p = list(0, two);
	assert_false(ts_check_answer(&p, &offered, true, &out, &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msgid_requests),
		cmocka_unit_test(test_msgid_responses),
		cmocka_unit_test(test_retransmit_schedule),
		cmocka_unit_test(test_ts_conversion),
		cmocka_unit_test(test_narrow_responder),
		cmocka_unit_test(test_check_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
