/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Adapter to the ipsec.conf parser (see pluto_config.h).
 *
 * The parser (lib/libswan, struct config_setup / struct conn_config) is
 * written on another branch; until it is merged this build has none,
 * and both entry points say so rather than pretend.  Wiring it in means
 * replacing the two bodies below: read the file, copy logfile=,
 * nssdir=, plutodebug=, listen= into S.
 */
#include <string.h>

#include "pluto_config.h"

enum pluto_config_result pluto_config_read_setup(const char *file,
						 struct pluto_setup *s,
						 struct diag *d)
{
	memset(s, 0, sizeof(*s));
	diag(d, "%s: not read: this build of pluto has no ipsec.conf parser", file);
	return PLUTO_CONFIG_NO_PARSER;
}

enum pluto_config_result pluto_config_check(const char *file, struct diag *d)
{
	diag(d, "%s: cannot check: this build of pluto has no ipsec.conf parser", file);
	return PLUTO_CONFIG_NO_PARSER;
}
