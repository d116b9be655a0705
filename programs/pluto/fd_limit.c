/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>

#include "fd_limit.h"

bool fd_limit_raise(rlim_t *before, rlim_t *after, struct diag *d)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return diag(d, "getrlimit(RLIMIT_NOFILE): %s", strerror(errno));
	if (before != NULL)
		*before = rl.rlim_cur;
	if (rl.rlim_cur != rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			return diag(d, "setrlimit(RLIMIT_NOFILE, %llu): %s",
				    (unsigned long long)rl.rlim_max, strerror(errno));
	}
	if (after != NULL)
		*after = rl.rlim_cur;
	return true;
}
