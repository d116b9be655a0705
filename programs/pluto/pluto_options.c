/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pluto_options.h"

/* Long-only options; the values index this enum, not characters. */
enum {
	OPT_HELP = 256, OPT_VERSION, OPT_CONFIG, OPT_SECRETSFILE, OPT_IPSECDIR,
	OPT_NSSDIR, OPT_RUNDIR, OPT_LOGFILE, OPT_NOFORK, OPT_STDERRLOG,
	OPT_LOG_NO_TIME, OPT_DEBUG, OPT_DEBUG_ALL, OPT_DEBUG_NONE, OPT_IKEPORT,
	OPT_NATIKEPORT, OPT_LISTEN, OPT_CHECKCONFIG,
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "secretsfile", required_argument, NULL, OPT_SECRETSFILE },
	{ "ipsecdir", required_argument, NULL, OPT_IPSECDIR },
	{ "nssdir", required_argument, NULL, OPT_NSSDIR },
	{ "rundir", required_argument, NULL, OPT_RUNDIR },
	{ "logfile", required_argument, NULL, OPT_LOGFILE },
	{ "nofork", no_argument, NULL, OPT_NOFORK },
	{ "stderrlog", no_argument, NULL, OPT_STDERRLOG },
	{ "log-no-time", no_argument, NULL, OPT_LOG_NO_TIME },
	{ "debug", required_argument, NULL, OPT_DEBUG },
	{ "debug-all", no_argument, NULL, OPT_DEBUG_ALL },
	{ "debug-none", no_argument, NULL, OPT_DEBUG_NONE },
	{ "ikeport", required_argument, NULL, OPT_IKEPORT },
	{ "natikeport", required_argument, NULL, OPT_NATIKEPORT },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "checkconfig", no_argument, NULL, OPT_CHECKCONFIG },
	{ NULL, 0, NULL, 0 },
};

void pluto_usage(const char *progname)
{
	printf("Usage: %s [--help] [--version] [--checkconfig]\n"
	       "\t[--config FILE] [--secretsfile FILE] [--ipsecdir DIR]\n"
	       "\t[--nssdir DIR] [--rundir DIR] [--nofork] [--stderrlog]\n"
	       "\t[--logfile FILE] [--log-no-time]\n"
	       "\t[--debug CLASS[,CLASS...]] [--debug-all] [--debug-none]\n"
	       "\t[--listen ADDRESS]... [--ikeport PORT] [--natikeport PORT]\n",
	       progname);
}

static bool parse_port(const char *s, const char *opt, uint16_t *port,
		       struct diag *d)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return diag(d, "--%s '%s': expecting a port number 1..65535", opt, s);
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v < 1 || v > 65535)
		return diag(d, "--%s '%s': expecting a port number 1..65535", opt, s);
	*port = (uint16_t)v;
	return true;
}

static bool check_path(const char *s, const char *opt, struct diag *d)
{
	if (*s == '\0')
		return diag(d, "--%s: empty path", opt);
	if (strlen(s) > PLUTO_PATH_MAX)
		return diag(d, "--%s: path longer than %d bytes", opt, PLUTO_PATH_MAX);
	return true;
}

static bool listen_address_ok(const char *s)
{
	unsigned char scratch[16];

	return inet_pton(AF_INET, s, scratch) == 1 || inet_pton(AF_INET6, s, scratch) == 1;
}

static void set_defaults(struct pluto_options *o)
{
	memset(o, 0, sizeof(*o));
	o->action = PLUTO_RUN;
	o->config_file = XSWAN_SYSCONFDIR "/ipsec.conf";
	o->secrets_file = XSWAN_SYSCONFDIR "/ipsec.secrets";
	o->ipsecdir = XSWAN_SYSCONFDIR "/ipsec.d";
	o->nssdir = XSWAN_NSSDIR;
	o->rundir = XSWAN_RUNDIR;
	o->ikeport = 500;
	o->natikeport = 4500;
}

bool pluto_options_parse(int argc, char *const argv[], struct pluto_options *o,
			 struct diag *d)
{
	set_defaults(o);
	opterr = 0;	/* errors come back through D, not stderr */
	optind = 0;	/* glibc: full re-initialisation, so tests can re-parse */

	for (;;) {
		int c = getopt_long(argc, argv, ":", long_options, NULL);
		const char *bad;

		if (c == -1)
			break;
		switch (c) {
		case OPT_HELP: o->action = PLUTO_HELP; break;
		case OPT_VERSION: o->action = PLUTO_VERSION; break;
		case OPT_CHECKCONFIG: o->action = PLUTO_CHECKCONFIG; break;
		case OPT_CONFIG:
			if (!check_path(optarg, "config", d))
				return false;
			o->config_file = optarg;
			o->config_explicit = true;
			break;
		case OPT_SECRETSFILE:
			if (!check_path(optarg, "secretsfile", d))
				return false;
			o->secrets_file = optarg;
			break;
		case OPT_IPSECDIR:
			if (!check_path(optarg, "ipsecdir", d))
				return false;
			o->ipsecdir = optarg;
			break;
		case OPT_NSSDIR:
			if (!check_path(optarg, "nssdir", d))
				return false;
			o->nssdir = optarg;
			break;
		case OPT_RUNDIR:
			if (!check_path(optarg, "rundir", d))
				return false;
			o->rundir = optarg;
			break;
		case OPT_LOGFILE:
			if (!check_path(optarg, "logfile", d))
				return false;
			o->logfile = optarg;
			break;
		case OPT_NOFORK: o->nofork = true; break;
		case OPT_STDERRLOG: o->stderrlog = true; break;
		case OPT_LOG_NO_TIME: o->log_no_time = true; break;
		case OPT_DEBUG:
			if (!log_parse_debug(optarg, &o->debug, &bad))
				return diag(d, "--debug: unknown class '%s' (known: base, "
					    "control, kernel, emitting, parsing, crypt, all, none)",
					    bad);
			o->debug_set = true;
			break;
		case OPT_DEBUG_ALL: o->debug = DBG_ALL; o->debug_set = true; break;
		case OPT_DEBUG_NONE: o->debug = 0; o->debug_set = true; break;
		case OPT_IKEPORT:
			if (!parse_port(optarg, "ikeport", &o->ikeport, d))
				return false;
			break;
		case OPT_NATIKEPORT:
			if (!parse_port(optarg, "natikeport", &o->natikeport, d))
				return false;
			break;
		case OPT_LISTEN:
			if (o->nr_listen == PLUTO_LISTEN_MAX)
				return diag(d, "--listen: at most %d addresses", PLUTO_LISTEN_MAX);
			if (!listen_address_ok(optarg))
				return diag(d, "--listen '%s': expecting an IPv4 or IPv6 address", optarg);
			o->listen[o->nr_listen++] = optarg;
			break;
		case ':':
			return diag(d, "option '%s' needs a value", argv[optind - 1]);
		default:
			return diag(d, "unknown option '%s'; try --help", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return diag(d, "unexpected argument '%s'; pluto takes options only",
			    argv[optind]);
	if (o->ikeport == o->natikeport)
		return diag(d, "--ikeport and --natikeport are both %u; they must differ",
			    o->ikeport);
	snprintf(o->ctl_path, sizeof(o->ctl_path), "%s/pluto.ctl", o->rundir);
	snprintf(o->pid_path, sizeof(o->pid_path), "%s/pluto.pid", o->rundir);
	return true;
}
