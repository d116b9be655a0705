/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pluto's and whack's command lines: defaults, every option, and every
 * kind of bad value refused with a message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "log.h"
#include "pluto_options.h"
#include "whack_options.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static void test_pluto_defaults(void **state)
{
	char *argv[] = { "pluto", NULL };
	struct pluto_options o;
	struct diag d;

	assert_true(pluto_options_parse(ARGC(argv), argv, &o, &d));
	assert_int_equal(o.action, PLUTO_RUN);
	assert_string_equal(o.rundir, XSWAN_RUNDIR);
	assert_string_equal(o.nssdir, XSWAN_NSSDIR);
	assert_string_equal(o.config_file, XSWAN_SYSCONFDIR "/ipsec.conf");
	assert_false(o.config_explicit);
	assert_int_equal(o.ikeport, 500);
	assert_int_equal(o.natikeport, 4500);
	assert_int_equal(o.nr_listen, 0);
	assert_false(o.nofork);
	assert_string_equal(o.ctl_path, XSWAN_RUNDIR "/pluto.ctl");
	assert_string_equal(o.pid_path, XSWAN_RUNDIR "/pluto.pid");
}

static void test_pluto_every_option(void **state)
{
	char *argv[] = { "pluto", "--config", "/x/ipsec.conf", "--secretsfile", "/x/s",
			 "--ipsecdir", "/x/d", "--nssdir", "/x/nss", "--rundir", "/r",
			 "--logfile", "/x/log", "--nofork", "--stderrlog", "--log-no-time",
			 "--debug", "base,kernel", "--ikeport", "1500", "--natikeport",
			 "14500", "--listen", "192.0.2.1", "--listen", "2001:db8::1", NULL };
	struct pluto_options o;
	struct diag d;

	assert_true(pluto_options_parse(ARGC(argv), argv, &o, &d));
	assert_string_equal(o.config_file, "/x/ipsec.conf");
	assert_true(o.config_explicit);
	assert_string_equal(o.secrets_file, "/x/s");
	assert_string_equal(o.ipsecdir, "/x/d");
	assert_string_equal(o.nssdir, "/x/nss");
	assert_string_equal(o.logfile, "/x/log");
	assert_true(o.nofork && o.stderrlog && o.log_no_time);
	assert_int_equal(o.debug, DBG_BASE | DBG_KERNEL);
	assert_int_equal(o.ikeport, 1500);
	assert_int_equal(o.natikeport, 14500);
	assert_int_equal(o.nr_listen, 2);
	assert_string_equal(o.listen[1], "2001:db8::1");
	assert_string_equal(o.ctl_path, "/r/pluto.ctl");
	assert_string_equal(o.pid_path, "/r/pluto.pid");
}

static void test_pluto_actions(void **state)
{
	char *help[] = { "pluto", "--help", NULL };
	char *version[] = { "pluto", "--version", NULL };
	char *check[] = { "pluto", "--checkconfig", "--config", "/c", NULL };
	struct pluto_options o;
	struct diag d;

	assert_true(pluto_options_parse(ARGC(help), help, &o, &d));
	assert_int_equal(o.action, PLUTO_HELP);
	assert_true(pluto_options_parse(ARGC(version), version, &o, &d));
	assert_int_equal(o.action, PLUTO_VERSION);
	assert_true(pluto_options_parse(ARGC(check), check, &o, &d));
	assert_int_equal(o.action, PLUTO_CHECKCONFIG);
	assert_string_equal(o.config_file, "/c");
}

static void expect_pluto_error(char **argv, int argc, const char *needle)
{
	struct pluto_options o;
	struct diag d = { "" };

	if (pluto_options_parse(argc, argv, &o, &d))
		fail_msg("accepted %s %s", argv[1], argc > 2 ? argv[2] : "");
	if (strstr(d.msg, needle) == NULL)
		fail_msg("message '%s' lacks '%s'", d.msg, needle);
}

#define PLUTO_BAD(needle, ...) do { \
	char *argv_[] = { "pluto", __VA_ARGS__, NULL }; \
	expect_pluto_error(argv_, ARGC(argv_), needle); \
} while (0)

static void test_pluto_bad_options(void **state)
{
	char longpath[PLUTO_PATH_MAX + 2];

	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	PLUTO_BAD("unknown option", "--bogus");
	PLUTO_BAD("needs a value", "--rundir");
	PLUTO_BAD("port number", "--ikeport", "0");
	PLUTO_BAD("port number", "--ikeport", "65536");
	PLUTO_BAD("port number", "--ikeport", "-5");
	PLUTO_BAD("port number", "--ikeport", "50x");
	PLUTO_BAD("port number", "--natikeport", "");
	PLUTO_BAD("must differ", "--ikeport", "4500");
	PLUTO_BAD("IPv4 or IPv6", "--listen", "eth0");
	PLUTO_BAD("IPv4 or IPv6", "--listen", "192.0.2.300");
	PLUTO_BAD("IPv4 or IPv6", "--listen", "");
	PLUTO_BAD("unknown class 'bogus'", "--debug", "base,bogus");
	PLUTO_BAD("empty path", "--rundir", "");
	PLUTO_BAD("longer than", "--rundir", longpath);
	PLUTO_BAD("options only", "stray");
}

static void test_pluto_too_many_listen(void **state)
{
	char *argv[2 + 2 * (PLUTO_LISTEN_MAX + 1)];
	int argc = 0;

	argv[argc++] = "pluto";
	for (int i = 0; i <= PLUTO_LISTEN_MAX; i++) {
		argv[argc++] = "--listen";
		argv[argc++] = "127.0.0.1";
	}
	argv[argc] = NULL;
	expect_pluto_error(argv, argc, "at most");
}

static void test_whack_verbs(void **state)
{
	static const struct { const char *opt; enum whack_verb verb; bool name; } rows[] = {
		{ "--status", WHACK_STATUS, false },
		{ "--trafficstatus", WHACK_TRAFFICSTATUS, false },
		{ "--showstates", WHACK_SHOWSTATES, false },
		{ "--briefstatus", WHACK_BRIEFSTATUS, false },
		{ "--shutdown", WHACK_SHUTDOWN, false },
		{ "--listen", WHACK_LISTEN, false },
		{ "--rereadsecrets", WHACK_REREADSECRETS, false },
		{ "--ping", WHACK_PING, false },
		{ "--add", WHACK_ADD, true },
		{ "--delete", WHACK_DELETE, true },
		{ "--initiate", WHACK_INITIATE, true },
		{ "--terminate", WHACK_TERMINATE, true },
		{ "--route", WHACK_ROUTE, true },
		{ "--unroute", WHACK_UNROUTE, true },
		{ "--rekey-ike", WHACK_REKEY_IKE, true },
		{ "--rekey-child", WHACK_REKEY_CHILD, true },
		{ "--rekey-ipsec", WHACK_REKEY_CHILD, true },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *with[] = { "whack", "--name", "west", (char *)rows[i].opt, NULL };
		char *without[] = { "whack", (char *)rows[i].opt, NULL };
		struct whack_options o;
		struct diag d;

		assert_true(whack_options_parse(rows[i].name ? 4 : 2,
						rows[i].name ? with : without, &o, &d));
		assert_int_equal(o.action, WHACK_SEND);
		assert_int_equal(o.req.verb, rows[i].verb);
		assert_string_equal(o.req.name, rows[i].name ? "west" : "");
		/* and the other way round is an error */
		assert_false(whack_options_parse(rows[i].name ? 2 : 4,
						 rows[i].name ? without : with, &o, &d));
	}
}

static void test_whack_flags_and_paths(void **state)
{
	char *a1[] = { "whack", "--name", "w", "--initiate", "--asynchronous", NULL };
	char *a2[] = { "whack", "--shutdown", "--leave-state", "--rundir", "/r", NULL };
	char *a3[] = { "whack", "--deletestate", "#12", "--ctlsocket", "/s/ctl", NULL };
	char *a4[] = { "whack", NULL };
	struct whack_options o;
	struct diag d;

	assert_string_equal((whack_options_parse(ARGC(a4), a4, &o, &d), o.ctlsocket),
			    XSWAN_RUNDIR "/pluto.ctl");
	assert_true(whack_options_parse(ARGC(a1), a1, &o, &d));
	assert_int_equal(o.req.flags, WHACK_F_ASYNC);
	assert_true(whack_options_parse(ARGC(a2), a2, &o, &d));
	assert_int_equal(o.req.flags, WHACK_F_LEAVE_STATE);
	assert_string_equal(o.ctlsocket, "/r/pluto.ctl");
	assert_true(whack_options_parse(ARGC(a3), a3, &o, &d));
	assert_int_equal(o.req.verb, WHACK_DELETESTATE);
	assert_int_equal(o.req.number, 12);
	assert_string_equal(o.ctlsocket, "/s/ctl");
}

#define WHACK_BAD(...) do { \
	char *argv_[] = { "whack", __VA_ARGS__, NULL }; \
	struct whack_options o_; struct diag d_ = { "" }; \
	assert_false(whack_options_parse(ARGC(argv_), argv_, &o_, &d_)); \
	assert_true(d_.msg[0] != '\0'); \
} while (0)

static void test_whack_bad_options(void **state)
{
	char longpath[WHACK_CTL_PATH_MAX + 2];

	memset(longpath, 'c', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	WHACK_BAD("--bogus");
	WHACK_BAD("--status", "--shutdown");
	WHACK_BAD("--name", "a b", "--initiate");
	WHACK_BAD("--name", "", "--initiate");
	WHACK_BAD("--name", "a\"b", "--initiate");
	WHACK_BAD("--deletestate", "0");
	WHACK_BAD("--deletestate", "#");
	WHACK_BAD("--deletestate", "12x");
	WHACK_BAD("--deletestate", "99999999999");
	WHACK_BAD("--deletestate", "-1");
	WHACK_BAD("--status", "--leave-state");
	WHACK_BAD("--status", "--ctlsocket", longpath);
	WHACK_BAD("--status", "--ctlsocket", "");
	WHACK_BAD("--status", "extra");
	WHACK_BAD("--name");
	WHACK_BAD("--asynchronous");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pluto_defaults),
		cmocka_unit_test(test_pluto_every_option),
		cmocka_unit_test(test_pluto_actions),
		cmocka_unit_test(test_pluto_bad_options),
		cmocka_unit_test(test_pluto_too_many_listen),
		cmocka_unit_test(test_whack_verbs),
		cmocka_unit_test(test_whack_flags_and_paths),
		cmocka_unit_test(test_whack_bad_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
