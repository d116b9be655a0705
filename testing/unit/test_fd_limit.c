/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * programs/pluto/fd_limit.c: the soft limit on open files goes up to the
 * hard one, and descriptors past the old soft limit can then be opened
 * (pluto's two UDP sockets per local address).
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "fd_limit.h"

static void test_soft_limit_goes_to_hard(void **state)
{
	struct rlimit rl;
	struct diag d;
	rlim_t before, after;

	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < 128)
		skip();
	/* a low soft limit, as a service manager might leave it */
	struct rlimit low = { .rlim_cur = 64, .rlim_max = rl.rlim_max };
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);

	assert_true(fd_limit_raise(&before, &after, &d));
	assert_int_equal(before, 64);
	assert_int_equal(after, rl.rlim_max);
	struct rlimit now;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &now), 0);
	assert_int_equal(now.rlim_cur, rl.rlim_max);

	/* 100 more descriptors than the old soft limit allowed */
	int fds[100];
	for (int i = 0; i < 100; i++) {
		fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		assert_true(fds[i] >= 0);
	}
	for (int i = 0; i < 100; i++)
		close(fds[i]);

	/* already at the hard limit: nothing to do */
	assert_true(fd_limit_raise(&before, &after, &d));
	assert_int_equal(before, after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_soft_limit_goes_to_hard),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
