/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipsec.secrets: PSK forms, layout, include, lookup precedence. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ipsec_secrets.h"
#include "test_files.h"

static struct diag_list errors;

static int reset(void **state)
{
	diag_list_free(&errors);
	return 0;
}

static struct ipsec_secrets *load(const char *text)
{
	struct ipsec_secrets *s = ipsec_secrets_load_buffer("test.secrets", text, strlen(text), false, &errors);
	assert_non_null(s);
	return s;
}

static void dump_errors(void)
{
	for (size_t i = 0; i < errors.count; i++)
		print_message("  %s\n", errors.items[i].msg);
}

static struct id id(const char *text)
{
	struct id i;
	struct diag d = { "" };

	if (!id_parse(text, &i, &d))
		fail_msg("%s", d.msg);
	return i;
}

/* The PSK chosen for LOCAL/REMOTE, as text ("" when none). */
static const char *psk_for(const struct ipsec_secrets *s, const char *local, const char *remote)
{
	static char buf[SECRETS_MAX_PSK + 1];
	struct id l = id(local), r;
	const struct id *rp = NULL;

	if (remote != NULL) {
		r = id(remote);
		rp = &r;
	}
	const struct psk_entry *e = ipsec_secrets_find_psk(s, &l, rp);
	if (e == NULL)
		return "";
	snprintf(buf, sizeof(buf), "%.*s", (int)e->psk_len, (const char *)e->psk);
	return buf;
}

static void test_forms(void **state)
{
	struct ipsec_secrets *s = load(
		"# comment\n"
		"@west @east : PSK \"west and east\"\n"
		"192.1.2.45 %any : PSK 'single quoted'\n"
		"@hex : PSK 0x7365_6372_6574\n"
		"@b64: PSK 0sc2VjcmV0\n"		/* colon glued to the ID */
		"@b64pad : PSK 0sc2VjcmV0cw==\n"
		"@text : PSK 0tsecret text-ish\n"	/* 0t takes one word */
		"@multi\n"
		"    @line : PSK \"continued\"   # trailing comment\n"
		"@xauthuser : XAUTH \"pw\"\n"
		": PSK \"the default\"\n");
	if (errors.errors != 1) {
		dump_errors();
		fail_msg("expected one error");
	}
	/* "0tsecret text-ish" is two words: refused */
	assert_non_null(diag_list_find(&errors, DIAG_ERROR, "test.secrets:7: PSK takes exactly one value"));
	assert_non_null(diag_list_find(&errors, DIAG_NOTE, "test.secrets:10: XAUTH entry ignored"));
	assert_int_equal(s->nr_entries, 7);
	assert_string_equal(psk_for(s, "@west", "@east"), "west and east");
	assert_string_equal(psk_for(s, "@east", "@west"), "west and east");
	assert_string_equal(psk_for(s, "192.1.2.45", "192.1.2.23"), "single quoted");
	assert_string_equal(psk_for(s, "@hex", NULL), "secret");
	assert_string_equal(psk_for(s, "@b64", NULL), "secret");
	assert_string_equal(psk_for(s, "@b64pad", NULL), "secrets");
	assert_string_equal(psk_for(s, "@line", "@multi"), "continued");
	/* "192.1.2.45 %any" (line 3) has %any: it outranks the no-ID default */
	assert_string_equal(psk_for(s, "@stranger", "@other"), "single quoted");
	/* an entry listing several IDs where only ours matches does not count */
	assert_string_equal(psk_for(s, "@west", "@someone"), "single quoted");
	const struct psk_entry *e = ipsec_secrets_find_psk(s, &(struct id){ .kind = ID_NULL }, NULL);
	assert_non_null(e);
	assert_int_equal(e->line, 3);
	ipsec_secrets_free(s);
}

static void test_precedence(void **state)
{
	struct ipsec_secrets *s = load(
		": PSK \"default\"\n"			/* 1: no IDs */
		"%any : PSK \"any\"\n"			/* 2 */
		"@peer %any : PSK \"remote+any\"\n"	/* 3 */
		"@me : PSK \"local only\"\n"		/* 4 */
		"@me %any : PSK \"local+any\"\n"	/* 5 */
		"@me @peer : PSK \"exact\"\n"		/* 6 */
		"@peer @me : PSK \"exact, later\"\n"	/* 7: tie: the first wins */
		"@them : PSK \"peer only\"\n");		/* 8: matches only the remote */
	assert_int_equal(errors.errors, 0);
	assert_string_equal(psk_for(s, "@me", "@peer"), "exact");
	assert_string_equal(psk_for(s, "@me", "@other"), "local+any");
	assert_string_equal(psk_for(s, "@me", NULL), "local+any");
	assert_string_equal(psk_for(s, "@x", "@peer"), "remote+any");
	assert_string_equal(psk_for(s, "@x", "@them"), "any");	/* not "peer only" */
	assert_string_equal(psk_for(s, "@x", "@y"), "any");
	ipsec_secrets_free(s);
	diag_list_free(&errors);

	s = load("@me : PSK \"local only\"\n: PSK \"default\"\n");
	assert_string_equal(psk_for(s, "@me", "@peer"), "local only");
	assert_string_equal(psk_for(s, "@ME.", "@peer"), "local only");	/* FQDNs ignore case and trailing dot */
	assert_string_equal(psk_for(s, "@x", "@peer"), "default");
	ipsec_secrets_free(s);
	diag_list_free(&errors);

	s = load("@a @b : PSK \"ab\"\n");
	assert_string_equal(psk_for(s, "@a", "@c"), "");	/* nothing applies */
	assert_string_equal(psk_for(s, "192.0.2.1", "@b"), "");
	ipsec_secrets_free(s);
}

static void test_errors_never_show_secrets(void **state)
{
	struct ipsec_secrets *s = load(
		"  @indented : PSK \"x\"\n"		/* 1: outside an entry */
		"@a @b PSK \"TOPSECRET2\"\n"		/* 2: no colon */
		"@a : PSK\n"				/* 3: no value */
		"@a : PSK \"TOPSECRET4\" extra\n"	/* 4 */
		"@a : PSK TOPSECRET5\n"			/* 5: unquoted, no prefix */
		"@a : PSK 0xTOPSECRET6\n"		/* 6 */
		"@a : PSK 0sTOPSECRET7\n"		/* 7: not a multiple of 4 */
		"@a : PSK \"TOPSECRET8\n"		/* 8: unterminated */
		"\"TOPSECRET9\" : PSK \"x\"\n"		/* 9: quoted ID */
		"bad id : PSK \"x\"\n"			/* 10 */
		"@a : FOO \"TOPSECRET11\"\n"		/* 11 */
		"@a : PSK \"\"\n");			/* 12 */
	static const char *const want[] = {
		"test.secrets:1: indented line outside an entry",
		"test.secrets:2: no \":\" in this entry",
		"test.secrets:3: PSK needs a value",
		"test.secrets:4: PSK takes exactly one value",
		"test.secrets:5: an unquoted PSK must start with 0x (hex), 0s (base64) or 0t (text)",
		"test.secrets:6: malformed 0x PSK",
		"test.secrets:7: malformed 0s PSK",
		"test.secrets:8: missing closing quote",
		"test.secrets:9: ID 1 is quoted",
		"test.secrets:10: ID \"bad\" is neither an address nor a name",
		"test.secrets:11: unknown secret kind",
		"test.secrets:12: PSK must be 1 to 1024 bytes",
	};
	if (errors.errors != sizeof(want) / sizeof(want[0])) {
		dump_errors();
		fail_msg("expected %zu errors, got %zu", sizeof(want) / sizeof(want[0]), errors.errors);
	}
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (strstr(errors.items[i].msg, want[i]) == NULL) {
			dump_errors();
			fail_msg("error %zu: want \"%s\"", i, want[i]);
		}
		assert_null(strstr(errors.items[i].msg, "TOPSECRET"));
	}
	assert_int_equal(s->nr_entries, 0);
	ipsec_secrets_free(s);
}

static void test_include_and_files(void **state)
{
	char *dir = test_dir_create();

	test_file_write(dir, "ipsec.secrets",
			"include ipsec.d/*.secrets\n"
			"include missing.secrets\n"
			": PSK \"default\"\n");
	test_file_write(dir, "ipsec.d/west.secrets", "@west @east : PSK \"from include\"\n");
	test_file_write(dir, "loop.secrets", "include loop.secrets\n");
	struct ipsec_secrets *s = ipsec_secrets_load(test_path(dir, "ipsec.secrets"), &errors);
	assert_non_null(s);
	assert_int_equal(errors.errors, 1);
	assert_non_null(diag_list_find(&errors, DIAG_ERROR, "ipsec.secrets:2: include \"missing.secrets\": no such file"));
	assert_string_equal(psk_for(s, "@west", "@east"), "from include");
	/* entries remember where they came from */
	const struct id w = id("@west"), e = id("@east");
	const struct psk_entry *p = ipsec_secrets_find_psk(s, &w, &e);
	assert_non_null(strstr(p->file, "ipsec.d/west.secrets"));
	assert_int_equal(p->line, 1);
	ipsec_secrets_free(s);
	diag_list_free(&errors);

	s = ipsec_secrets_load(test_path(dir, "loop.secrets"), &errors);
	assert_non_null(s);
	assert_non_null(diag_list_find(&errors, DIAG_ERROR, "includes nested more than 10 deep"));
	ipsec_secrets_free(s);
	diag_list_free(&errors);

	assert_null(ipsec_secrets_load(test_path(dir, "absent"), &errors));
	assert_non_null(diag_list_find(&errors, DIAG_ERROR, "absent: cannot open"));
	diag_list_free(&errors);

	/* includes are refused when loading from memory */
	s = load("include x\n");
	assert_non_null(diag_list_find(&errors, DIAG_ERROR, "test.secrets:1: include is not allowed here"));
	ipsec_secrets_free(s);
	test_dir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_forms, reset),
		cmocka_unit_test_teardown(test_precedence, reset),
		cmocka_unit_test_teardown(test_errors_never_show_secrets, reset),
		cmocka_unit_test_teardown(test_include_and_files, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
