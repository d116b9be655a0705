/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * After its sockets are bound pluto keeps only what it still uses:
 *   CAP_NET_ADMIN         XFRM and rtnetlink, IP_XFRM_POLICY on IKE sockets
 *   CAP_NET_BIND_SERVICE  `whack --listen` opens ports 500/4500 on
 *                         addresses that appeared after start
 * Everything else goes, from the bounding set too, so the updown
 * script (run as root) cannot regain more than these two.
 */
#ifndef PLUTO_CAPABILITIES_H
#define PLUTO_CAPABILITIES_H

#include <stdbool.h>

#include "diag.h"

/* False with D when the kernel refused; true (and nothing done) when
 * pluto runs without capabilities anyway (an unprivileged test). */
bool capabilities_drop(struct diag *d);

#endif
