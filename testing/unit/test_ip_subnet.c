/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Subnets, protoports and selectors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "ip_address.h"

static struct ip_subnet subnet(const char *text)
{
	struct ip_subnet s;
	struct diag d = { "" };

	if (!ip_subnet_parse(text, &s, &d))
		fail_msg("subnet \"%s\": %s", text, d.msg);
	return s;
}

static struct ip_address address(const char *text)
{
	struct ip_address a;
	struct diag d = { "" };

	if (!ip_address_parse(text, &a, &d))
		fail_msg("address \"%s\": %s", text, d.msg);
	return a;
}

static void subnet_bad(const char *text, const char *needle)
{
	struct ip_subnet s;
	struct diag d = { "" };

	assert_false(ip_subnet_parse(text, &s, &d));
	if (strstr(d.msg, needle) == NULL)
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, d.msg, needle);
}

static void test_subnet_parse_fmt(void **state)
{
	char buf[IP_FMT_BUF];
	struct ip_subnet s;

	s = subnet("192.0.2.0/24");
	assert_string_equal(ip_subnet_fmt(&s, buf), "192.0.2.0/24");
	s = subnet("0.0.0.0/0");
	assert_true(ip_subnet_is_all(&s));
	assert_int_equal(s.addr.family, AF_INET);
	s = subnet("::/0");
	assert_true(ip_subnet_is_all(&s));
	assert_int_equal(s.addr.family, AF_INET6);
	s = subnet("2001:DB8:0:1::/64");
	assert_string_equal(ip_subnet_fmt(&s, buf), "2001:db8:0:1::/64");
	s = subnet("192.0.2.7/32");
	assert_true(ip_subnet_is_host(&s));
	s = subnet("10.0.0.0/255.0.0.0");
	assert_int_equal(s.prefix_len, 8);
}

static void test_subnet_invalid(void **state)
{
	subnet_bad("192.0.2.1/24", "has host bits set; did you mean 192.0.2.0/24?");
	subnet_bad("2001:db8::1/64", "did you mean 2001:db8::/64?");
	subnet_bad("192.0.2.0", "no /PREFIX");
	subnet_bad("192.0.2.0/33", "prefix length 33 is more than 32");
	subnet_bad("2001:db8::/129", "more than 128");
	subnet_bad("192.0.2.0/", "must be a number");
	subnet_bad("192.0.2.0/x", "must be a number");
	subnet_bad("192.0.2.0/255.0.255.0", "not a contiguous netmask");
	subnet_bad("2001:db8::/ffff::", "must be a number");
	subnet_bad("east/24", "not a numeric");
}

static void test_subnet_contains(void **state)
{
	struct ip_subnet net = subnet("192.0.2.0/24");
	struct ip_address in = address("192.0.2.77"), out = address("192.0.3.1"),
			  v6 = address("2001:db8::1");
	struct ip_subnet host = ip_subnet_from_address(&in);
	char buf[IP_FMT_BUF];

	assert_true(ip_subnet_contains_address(&net, &in));
	assert_false(ip_subnet_contains_address(&net, &out));
	assert_false(ip_subnet_contains_address(&net, &v6));
	assert_string_equal(ip_subnet_fmt(&host, buf), "192.0.2.77/32");
	assert_true(ip_subnet_contains_subnet(&net, &host));
	assert_false(ip_subnet_contains_subnet(&host, &net));
	struct ip_subnet all = ip_subnet_all(AF_INET);
	assert_true(ip_subnet_contains_subnet(&all, &net));
	struct ip_subnet all6 = ip_subnet_all(AF_INET6);
	assert_false(ip_subnet_contains_subnet(&all6, &net));

	struct ip_address first = ip_subnet_first(&net), last = ip_subnet_last(&net);
	assert_string_equal(ip_address_fmt(&first, buf), "192.0.2.0");
	assert_string_equal(ip_address_fmt(&last, buf), "192.0.2.255");
	struct ip_subnet n6 = subnet("2001:db8:0:1::/64");
	last = ip_subnet_last(&n6);
	assert_string_equal(ip_address_fmt(&last, buf), "2001:db8:0:1:ffff:ffff:ffff:ffff");
	struct ip_subnet odd = subnet("10.0.0.0/13");
	last = ip_subnet_last(&odd);
	assert_string_equal(ip_address_fmt(&last, buf), "10.7.255.255");
}

static void protoport_ok(const char *text, unsigned proto, unsigned port, bool any, const char *fmt)
{
	struct ip_protoport pp;
	struct diag d = { "" };
	char buf[IP_FMT_BUF];

	if (!ip_protoport_parse(text, &pp, &d))
		fail_msg("protoport \"%s\": %s", text, d.msg);
	assert_int_equal(pp.ipproto, proto);
	assert_int_equal(pp.port, port);
	assert_int_equal(pp.any_port, any);
	assert_string_equal(ip_protoport_fmt(&pp, buf), fmt);
}

static void protoport_bad(const char *text, const char *needle)
{
	struct ip_protoport pp;
	struct diag d = { "" };

	assert_false(ip_protoport_parse(text, &pp, &d));
	if (strstr(d.msg, needle) == NULL)
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, d.msg, needle);
}

static void test_protoport(void **state)
{
	protoport_ok("tcp/22", 6, 22, false, "tcp/22");
	protoport_ok("17/%any", 17, 0, true, "udp/%any");
	protoport_ok("icmp", 1, 0, false, "icmp");
	protoport_ok("17/1701", 17, 1701, false, "udp/1701");
	protoport_ok("ipv6-icmp/34816", 58, 34816, false, "ipv6-icmp/34816");
	protoport_ok("UDP/0", 17, 0, false, "udp");
	protoport_ok("%any", 0, 0, false, "%any");
	protoport_ok("99", 99, 0, false, "99");
	protoport_bad("foo/22", "unknown protocol \"foo\"");
	protoport_bad("tcp/65536", "more than 65535");
	protoport_bad("tcp/ssh", "service names are not supported");
	protoport_bad("0/22", "protocol 0 (any) cannot have a port");
	protoport_bad("0/%any", "needs a protocol");
	protoport_bad("256", "unknown protocol");
	protoport_bad("/22", "expected PROTOCOL");
}

static void test_selector(void **state)
{
	struct ip_selector sel, net;
	struct diag d = { "" };
	char buf[IP_FMT_BUF];

	assert_true(ip_selector_parse("192.0.2.0/24:tcp/22", &sel, &d));
	assert_string_equal(ip_selector_fmt(&sel, buf), "192.0.2.0/24:tcp/22");
	assert_true(ip_selector_parse("2001:db8::/32", &net, &d));
	assert_string_equal(ip_selector_fmt(&net, buf), "2001:db8::/32");
	assert_true(ip_selector_parse("2001:db8::/32:udp/500", &sel, &d));
	assert_int_equal(sel.ipproto, 17);
	assert_int_equal(sel.port, 500);
	assert_true(ip_selector_contains(&net, &sel));
	assert_false(ip_selector_contains(&sel, &net));
	assert_false(ip_selector_parse("2001:db8::/32:bogus", &sel, &d));
	assert_false(ip_selector_parse("192.0.2.1/24", &sel, &d));

	struct ip_subnet s = subnet("192.0.2.0/24");
	struct ip_protoport pp = { .ipproto = 6, .port = 80 };
	struct ip_selector a = ip_selector_from_subnet(&s, &pp), b = ip_selector_from_subnet(&s, NULL);
	assert_true(ip_selector_contains(&b, &a));
	assert_false(ip_selector_eq(&a, &b));
	assert_true(ip_selector_eq(&a, &a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subnet_parse_fmt),
		cmocka_unit_test(test_subnet_invalid),
		cmocka_unit_test(test_subnet_contains),
		cmocka_unit_test(test_protoport),
		cmocka_unit_test(test_selector),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
