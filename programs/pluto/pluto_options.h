/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pluto's command line.  Option names are Libreswan pluto's, so
 * `ipsec pluto --nofork --stderrlog ...` habits carry over; only the
 * options xswan implements are accepted (anything else is an error,
 * not silently ignored).
 */
#ifndef PLUTO_OPTIONS_H
#define PLUTO_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

#define PLUTO_LISTEN_MAX 16
#define PLUTO_PATH_MAX 200	/* fits sun_path with "/pluto.ctl" */

enum pluto_action {
	PLUTO_RUN,		/* the daemon */
	PLUTO_HELP,		/* print usage, exit 0 */
	PLUTO_VERSION,		/* print version, exit 0 */
	PLUTO_CHECKCONFIG,	/* parse the config file, report, exit */
};

struct pluto_options {
	enum pluto_action action;
	const char *config_file;	/* --config; default SYSCONFDIR/ipsec.conf */
	bool config_explicit;		/* given on the command line */
	const char *secrets_file;	/* --secretsfile */
	const char *ipsecdir;		/* --ipsecdir */
	const char *nssdir;		/* --nssdir */
	const char *rundir;		/* --rundir: pluto.pid, pluto.ctl */
	const char *logfile;		/* --logfile; NULL = stderr */
	bool nofork;			/* --nofork: stay in the foreground */
	bool stderrlog;			/* --stderrlog: log to stderr */
	bool log_no_time;		/* --log-no-time */
	unsigned debug;			/* --debug CLASSES / -all / -none */
	bool debug_set;
	uint16_t ikeport;		/* --ikeport (500) */
	uint16_t natikeport;		/* --natikeport (4500) */
	unsigned nr_listen;		/* --listen ADDR, repeatable */
	const char *listen[PLUTO_LISTEN_MAX];
	/* Derived from rundir. */
	char ctl_path[PLUTO_PATH_MAX + 16];
	char pid_path[PLUTO_PATH_MAX + 16];
};

/*
 * Fill O from ARGV (argv[0] is the program name).  False with D on a
 * bad option or value; no output, no exit, so it can be tested.
 */
bool pluto_options_parse(int argc, char *const argv[], struct pluto_options *o,
			 struct diag *d);
void pluto_usage(const char *progname);

#endif
