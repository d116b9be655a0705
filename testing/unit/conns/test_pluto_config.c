/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pluto's use of ipsec.conf before the connection layer starts: the
 * config setup values (logfile=, nssdir=, plutodebug=, listen=) and the
 * whole-file check behind `ipsec checkconfig`, which also parses each
 * conn's ike= and esp=.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pluto_config.h"
#include "test_files.h"

static char *dir;

static int setup(void **state)
{
	dir = test_dir_create();
	return 0;
}

static int teardown(void **state)
{
	test_dir_remove(dir);
	return 0;
}

static void test_setup_values(void **state)
{
	struct pluto_setup s;
	struct diag d;

	test_file_write(dir, "ipsec.conf",
			"config setup\n\tlogfile=/var/log/p.log\n\tplutodebug=base,kernel\n"
			"\tnssdir=/etc/nss\n\tlisten=192.1.2.45\n"
			"conn bad\n\tleft=192.1.2.45\n\tright=192.1.2.23\n\tauthby=rsasig\n");
	/* A bad conn does not stop pluto from reading its own settings. */
	assert_int_equal(pluto_config_read_setup(test_path(dir, "ipsec.conf"), &s, &d),
			 PLUTO_CONFIG_OK);
	assert_string_equal(s.logfile, "/var/log/p.log");
	assert_string_equal(s.plutodebug, "base,kernel");
	assert_string_equal(s.nssdir, "/etc/nss");
	assert_string_equal(s.listen, "192.1.2.45");
}

static void test_missing_file_is_no_setup(void **state)
{
	struct pluto_setup s;
	struct diag d;

	assert_int_equal(pluto_config_read_setup(test_path(dir, "none.conf"), &s, &d),
			 PLUTO_CONFIG_OK);
	assert_string_equal(s.logfile, "");
	assert_int_equal(pluto_config_check(test_path(dir, "none.conf"), &d), PLUTO_CONFIG_ERROR);
	assert_non_null(strstr(d.msg, "cannot be read"));
}

static void test_check_counts_parser_and_proposal_errors(void **state)
{
	struct diag d;

	test_file_write(dir, "good.conf",
			"conn a\n\tleft=192.1.2.45\n\tright=192.1.2.23\n\tauthby=secret\n"
			"\tike=aes_gcm256-sha2_512;dh19\n\tesp=aes_gcm256\n");
	assert_int_equal(pluto_config_check(test_path(dir, "good.conf"), &d), PLUTO_CONFIG_OK);

	test_file_write(dir, "bad.conf",
			"conn a\n\tleft=192.1.2.45\n\tright=192.1.2.23\n\tauthby=secret\n"
			"\tike=aes999\n"
			"conn b\n\tleft=192.1.2.45\n\tright=192.1.2.23\n\tauthby=secret\n"
			"\tesp=chacha\n"
			"conn c\n\tleft=192.1.2.45\n\tright=192.1.2.23\n\tfrobnicate=yes\n");
	assert_int_equal(pluto_config_check(test_path(dir, "bad.conf"), &d), PLUTO_CONFIG_ERROR);
	assert_non_null(strstr(d.msg, "3 errors"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setup_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file_is_no_setup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_counts_parser_and_proposal_errors, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
