/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one place pluto reads ipsec.conf's `config setup` (and, for
 * --checkconfig, checks the whole file).  The parser itself lives in
 * lib/libswan (another module); this adapter turns its result into
 * pluto's settings, so nothing else in the daemon frame knows the
 * parser's types.
 */
#ifndef PLUTO_CONFIG_H
#define PLUTO_CONFIG_H

#include <stdbool.h>

#include "diag.h"
#include "pluto_options.h"

enum pluto_config_result {
	PLUTO_CONFIG_OK,
	PLUTO_CONFIG_ERROR,	/* D says file:line and what to do */
	PLUTO_CONFIG_NO_PARSER,	/* this build has no ipsec.conf parser */
};

/* `config setup` values; an empty string means "not in the file". */
struct pluto_setup {
	char logfile[PLUTO_PATH_MAX + 1];
	char nssdir[PLUTO_PATH_MAX + 1];
	char plutodebug[128];
	char listen[64];
};

/* Read FILE's config setup into S. */
enum pluto_config_result pluto_config_read_setup(const char *file,
						 struct pluto_setup *s,
						 struct diag *d);
/* Parse FILE entirely (every conn too); report each error on stderr. */
enum pluto_config_result pluto_config_check(const char *file, struct diag *d);

#endif
