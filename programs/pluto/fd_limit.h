/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PLUTO_FD_LIMIT_H
#define PLUTO_FD_LIMIT_H

#include <stdbool.h>
#include <sys/resource.h>

#include "diag.h"

/*
 * Raise the soft limit on open files to the hard limit.  pluto keeps two
 * UDP sockets per local address (IKE and NAT-T ports), so a host with
 * more than ~500 addresses ran out of the usual soft limit of 1024 and
 * pluto could not even open its control socket.  It waits with epoll
 * (libevent), so descriptors above 1023 are fine.  Raising the soft limit
 * up to the hard one needs no privilege.  BEFORE and AFTER (may be NULL)
 * get the soft limit before and after; false with D if setrlimit fails.
 */
bool fd_limit_raise(rlim_t *before, rlim_t *after, struct diag *d);

#endif
