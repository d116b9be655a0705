/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * route_reply_gateway(): the kernel's answer to RTM_GETROUTE, read as
 * hostile bytes (a gateway, none for an on-link peer, errors, truncation,
 * a gateway of the wrong size); and route_next_hop()'s choice.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "route_lookup.h"

#define SEQ 4242

static _Alignas(struct nlmsghdr) char buf[8192];

/* An RTM_NEWROUTE answer for FAMILY; GW (GW_LEN bytes) when not NULL. */
static struct nlmsghdr *answer(int family, const void *gw, size_t gw_len)
{
	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_seq = SEQ;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put_u32(nlh, RTA_OIF, 2);
	if (gw != NULL)
		mnl_attr_put(nlh, RTA_GATEWAY, gw_len, gw);
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	return nlh;
}

static void test_gateway(void **state)
{
	struct ip_address gw;
	struct diag d;
	char b[IP_FMT_BUF];

	struct nlmsghdr *nlh = answer(AF_INET, "\xc0\x01\x03\xfe", 4);
	assert_true(route_reply_gateway(buf, nlh->nlmsg_len, SEQ, AF_INET, &gw, &d));
	assert_string_equal(ip_address_fmt(&gw, b), "192.1.3.254");

	nlh = answer(AF_INET6, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	assert_true(route_reply_gateway(buf, nlh->nlmsg_len, SEQ, AF_INET6, &gw, &d));
	assert_string_equal(ip_address_fmt(&gw, b), "2001:db8::1");
}

static void test_on_link(void **state)
{
	struct ip_address gw = { .family = AF_INET };
	struct diag d;

	struct nlmsghdr *nlh = answer(AF_INET, NULL, 0);
	assert_true(route_reply_gateway(buf, nlh->nlmsg_len, SEQ, AF_INET, &gw, &d));
	assert_false(ip_address_is_set(&gw));
}

static void test_hostile_answers(void **state)
{
	struct ip_address gw;
	struct diag d;

	/* a gateway that is not an IPv4 address */
	struct nlmsghdr *nlh = answer(AF_INET, "\xc0\x01\x03", 3);
	assert_false(route_reply_gateway(buf, nlh->nlmsg_len, SEQ, AF_INET, &gw, &d));
	assert_non_null(strstr(d.msg, "gateway of 3 bytes"));
	assert_false(ip_address_is_set(&gw));

	/* truncated: the header says more than arrived */
	nlh = answer(AF_INET, "\xc0\x01\x03\xfe", 4);
	assert_false(route_reply_gateway(buf, nlh->nlmsg_len - 4, SEQ, AF_INET, &gw, &d));
	assert_non_null(strstr(d.msg, "truncated"));
	assert_false(route_reply_gateway(buf, 10, SEQ, AF_INET, &gw, &d));

	/* an attribute whose length runs past the message */
	nlh = answer(AF_INET, "\xc0\x01\x03\xfe", 4);
	struct nlattr *last = (struct nlattr *)((char *)nlh + nlh->nlmsg_len - 8);
	last->nla_len = 64;
	assert_false(route_reply_gateway(buf, nlh->nlmsg_len, SEQ, AF_INET, &gw, &d));
	assert_non_null(strstr(d.msg, "overrun"));

	/* the route is of the other family */
	nlh = answer(AF_INET6, NULL, 0);
	assert_false(route_reply_gateway(buf, nlh->nlmsg_len, SEQ, AF_INET, &gw, &d));
	assert_non_null(strstr(d.msg, "family"));

	/* someone else's answer */
	nlh = answer(AF_INET, NULL, 0);
	assert_false(route_reply_gateway(buf, nlh->nlmsg_len, SEQ + 1, AF_INET, &gw, &d));

	/* a route message too short for its struct rtmsg */
	nlh = answer(AF_INET, NULL, 0);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 4;
	assert_false(route_reply_gateway(buf, nlh->nlmsg_len, SEQ, AF_INET, &gw, &d));
	assert_non_null(strstr(d.msg, "truncated"));
}

static void test_error_answer(void **state)
{
	struct ip_address gw;
	struct diag d;

	memset(buf, 0, sizeof(buf));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = SEQ;
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -101;	/* ENETUNREACH */
	assert_false(route_reply_gateway(buf, nlh->nlmsg_len, SEQ, AF_INET, &gw, &d));
	assert_string_equal(d.msg, "route lookup: Network is unreachable");
	/* an error message cut short */
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
	assert_false(route_reply_gateway(buf, nlh->nlmsg_len, SEQ, AF_INET, &gw, &d));
	assert_non_null(strstr(d.msg, "truncated"));
}

/* ---- route_next_hop() ---- */

static struct ip_address fake_gw;
static bool fake_ok;
static unsigned fake_calls;

static bool fake_lookup(const struct ip_address *dst, struct ip_address *gateway, struct diag *d)
{
	fake_calls++;
	*gateway = fake_gw;
	return fake_ok ? true : diag(d, "route lookup: no route");
}

static struct ip_address addr(const char *text)
{
	struct ip_address a;
	struct diag d;

	if (!ip_address_parse(text, &a, &d))
		fail_msg("%s", d.msg);
	return a;
}

static void test_next_hop_choice(void **state)
{
	struct ip_address peer = addr("192.1.2.23"), none = { 0 }, got;
	struct ip_address configured = addr("192.1.2.254");
	char b[IP_FMT_BUF];

	/* leftnexthop= wins without asking */
	fake_calls = 0;
	fake_ok = true;
	fake_gw = addr("192.1.3.254");
	got = route_next_hop(&configured, &peer, fake_lookup);
	assert_string_equal(ip_address_fmt(&got, b), "192.1.2.254");
	assert_int_equal(fake_calls, 0);
	/* else the route's gateway */
	got = route_next_hop(&none, &peer, fake_lookup);
	assert_string_equal(ip_address_fmt(&got, b), "192.1.3.254");
	/* on-link: the peer (the script adds no "via") */
	fake_gw = none;
	got = route_next_hop(&none, &peer, fake_lookup);
	assert_string_equal(ip_address_fmt(&got, b), "192.1.2.23");
	/* no route: the peer */
	fake_ok = false;
	fake_gw = addr("192.1.3.254");
	got = route_next_hop(&none, &peer, fake_lookup);
	assert_string_equal(ip_address_fmt(&got, b), "192.1.2.23");
	/* a gateway of the other family cannot be a "via" for this one */
	fake_ok = true;
	fake_gw = addr("2001:db8::1");
	got = route_next_hop(&none, &peer, fake_lookup);
	assert_string_equal(ip_address_fmt(&got, b), "192.1.2.23");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gateway),
		cmocka_unit_test(test_on_link),
		cmocka_unit_test(test_hostile_answers),
		cmocka_unit_test(test_error_answer),
		cmocka_unit_test(test_next_hop_choice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
