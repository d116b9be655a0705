/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Addresses: parsing, RFC 5952 formatting, comparison, raw bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "ip_address.h"

/* Parse TEXT and print it back; must equal WANT. */
static void roundtrip(const char *text, const char *want)
{
	struct ip_address a;
	struct diag d = { "" };
	char buf[IP_FMT_BUF];

	if (!ip_address_parse(text, &a, &d))
		fail_msg("parse \"%s\": %s", text, d.msg);
	assert_string_equal(ip_address_fmt(&a, buf), want);
}

static void bad(const char *text, const char *needle)
{
	struct ip_address a;
	struct diag d = { "" };

	assert_false(ip_address_parse(text, &a, &d));
	assert_int_equal(a.family, 0);
	if (strstr(d.msg, needle) == NULL)
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, d.msg, needle);
}

static void test_ipv4(void **state)
{
	struct ip_address a;
	struct diag d;

	roundtrip("192.0.2.1", "192.0.2.1");
	roundtrip("0.0.0.0", "0.0.0.0");
	roundtrip("255.255.255.255", "255.255.255.255");
	assert_true(ip_address_parse("192.1.2.45", &a, &d));
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(ip_address_len(&a), 4);
	assert_memory_equal(a.bytes, "\xc0\x01\x02\x2d", 4);
}

static void test_ipv6_rfc5952(void **state)
{
	roundtrip("2001:db8::1", "2001:db8::1");
	roundtrip("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1");	/* 4.1, 4.3 */
	roundtrip("::", "::");
	roundtrip("::1", "::1");
	roundtrip("2001:db8::", "2001:db8::");
	roundtrip("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");	/* 4.2.2: one 0 stays */
	roundtrip("2001:0:0:1:0:0:0:1", "2001:0:0:1::1");		/* 4.2.3: longest run */
	roundtrip("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");		/* 4.2.3: first of equals */
	roundtrip("::ffff:192.0.2.1", "::ffff:192.0.2.1");		/* 5: mapped */
	roundtrip("2001:db8:1:2::45", "2001:db8:1:2::45");
	roundtrip("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8");
}

static void test_invalid(void **state)
{
	bad("", "empty");
	bad("192.0.2", "not a valid IPv4");
	bad("192.0.2.256", "not a valid IPv4");
	bad("192.0.2.1.5", "not a valid IPv4");
	bad("east.example.com", "DNS names are not supported");
	bad("fe80::1%eth0", "scope ids");
	bad("2001:db8:::1", "not a valid IPv6");
	bad("1:2:3:4:5:6:7:8:9", "not a valid IPv6");
	bad(" 192.0.2.1", "not a numeric");
	bad("0123456789012345678901234567890123456789012345678", "too long");
}

static void test_compare_any_bytes(void **state)
{
	struct ip_address a, b, c, z4, z6;
	struct diag d;

	assert_true(ip_address_parse("192.0.2.1", &a, &d));
	assert_true(ip_address_parse("192.0.2.2", &b, &d));
	assert_true(ip_address_parse("::1", &c, &d));
	assert_true(ip_address_cmp(&a, &b) < 0);
	assert_true(ip_address_cmp(&b, &a) > 0);
	assert_true(ip_address_cmp(&a, &c) < 0);	/* AF_INET sorts before AF_INET6 */
	assert_true(ip_address_eq(&a, &a));
	assert_false(ip_address_eq(&a, &b));

	z4 = ip_address_any(AF_INET);
	z6 = ip_address_any(AF_INET6);
	assert_true(ip_address_is_any(&z4));
	assert_true(ip_address_is_any(&z6));
	assert_false(ip_address_is_any(&a));
	assert_false(ip_address_eq(&z4, &z6));
	struct ip_address unset = { 0 };
	assert_false(ip_address_is_set(&unset));
	assert_false(ip_address_is_any(&unset));
	char buf[IP_FMT_BUF];
	assert_string_equal(ip_address_fmt(&unset, buf), "<unset>");

	struct bytes raw = ip_address_bytes(&c);
	assert_int_equal(raw.len, 16);
	struct ip_address back;
	assert_true(ip_address_from_bytes(AF_INET6, raw, &back, &d));
	assert_true(ip_address_eq(&back, &c));
	assert_false(ip_address_from_bytes(AF_INET, raw, &back, &d));
	assert_non_null(strstr(d.msg, "must be 4 bytes, got 16"));
	assert_false(ip_address_from_bytes(99, raw, &back, &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6_rfc5952),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_compare_any_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
