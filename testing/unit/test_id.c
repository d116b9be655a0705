/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IKE IDs in Libreswan's syntax. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "id.h"

static struct id parse(const char *text, enum id_kind kind, const char *fmt)
{
	struct id id;
	struct diag d = { "" };
	char buf[ID_FMT_BUF];

	if (!id_parse(text, &id, &d))
		fail_msg("id \"%s\": %s", text, d.msg);
	assert_int_equal(id.kind, kind);
	assert_string_equal(id_fmt(&id, buf), fmt);
	/* what id_fmt() prints parses back to the same ID */
	struct id again;
	assert_true(id_parse(buf, &again, &d));
	assert_true(id_eq(&id, &again));
	return id;
}

static void bad(const char *text, const char *needle)
{
	struct id id;
	struct diag d = { "" };

	assert_false(id_parse(text, &id, &d));
	if (strstr(d.msg, needle) == NULL)
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, d.msg, needle);
}

static void test_kinds(void **state)
{
	parse("@east", ID_FQDN, "@east");
	parse("@east.example.com", ID_FQDN, "@east.example.com");
	parse("user@example.com", ID_USER_FQDN, "user@example.com");
	parse("192.1.2.23", ID_IPV4_ADDR, "192.1.2.23");
	parse("2001:DB8::23", ID_IPV6_ADDR, "2001:db8::23");
	parse("%any", ID_ANY, "%any");
	parse("%null", ID_NULL, "%null");
	parse("%fromcert", ID_FROMCERT, "%fromcert");
	parse("%none", ID_NONE, "%none");
	parse("C=CH, O=Example, CN=east", ID_DN, "C=CH, O=Example, CN=east");
	parse("@[GroupName]", ID_KEY_ID, "@[GroupName]");
	struct id k = parse("@#0a1B00", ID_KEY_ID, "@#0a1b00");
	assert_int_equal(k.len, 3);
	assert_memory_equal(k.name, "\x0a\x1b\x00", 3);
	/* Libreswan reads 0.0.0.0 as "any peer" */
	struct id z;
	struct diag d;
	assert_true(id_parse("0.0.0.0", &z, &d));
	assert_true(id_is_any(&z));
	/* a leading @ before a DN is dropped */
	struct id dn = parse("@CN=west", ID_DN, "CN=west");
	assert_int_equal(dn.len, 7);
}

static void test_invalid(void **state)
{
	bad("", "empty ID");
	bad("east", "write @east for a name ID");
	bad("@", "empty name");
	bad("@@keyid", "\"@@\" is not an ID form");
	bad("@#abc", "even number of hex digits");
	bad("@#zz", "is not hex");
	bad("@~3031", "binary DNs");
	bad("%bogus", "unknown magic value");
	bad("@ea st", "printable ASCII without spaces");
	bad("@[a b]", "printable ASCII");
	char big[300];
	big[0] = '@';
	memset(big + 1, 'a', 280);
	big[281] = '\0';
	bad(big, "longer than 255");
}

static void test_equality(void **state)
{
	struct id a, b;
	struct diag d;

	assert_true(id_parse("@East.Example.", &a, &d));
	assert_true(id_parse("@east.example", &b, &d));
	assert_true(id_eq(&a, &b));	/* case and trailing dot ignored */
	assert_true(id_parse("east.example@x", &b, &d));
	assert_false(id_eq(&a, &b));	/* kind differs */
	assert_true(id_parse("192.0.2.1", &a, &d));
	assert_true(id_parse("192.0.2.2", &b, &d));
	assert_false(id_eq(&a, &b));
	struct ip_address addr = a.addr;
	b = id_from_address(&addr);
	assert_true(id_eq(&a, &b));
	assert_int_equal(id_ike_type(&a), 1);
	assert_true(id_parse("@[k]", &a, &d));
	assert_true(id_parse("@#6b", &b, &d));
	assert_true(id_eq(&a, &b));	/* the same key ID bytes */
	assert_int_equal(id_ike_type(&a), 11);
	assert_true(id_parse("%null", &a, &d));
	assert_int_equal(id_ike_type(&a), 13);
	assert_true(id_parse("%any", &a, &d));
	assert_int_equal(id_ike_type(&a), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_equality),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
