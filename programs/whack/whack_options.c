/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whack_options.h"

enum {
	OPT_HELP = 256, OPT_VERSION, OPT_NAME, OPT_CTLSOCKET, OPT_RUNDIR,
	OPT_ASYNC, OPT_LEAVE_STATE, OPT_DELETESTATE,
	OPT_VERB,	/* + enum whack_verb: options that pick the verb */
};

#define VERB(v) (OPT_VERB + (v))

static const struct option long_options[] = {
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "ctlsocket", required_argument, NULL, OPT_CTLSOCKET },
	{ "rundir", required_argument, NULL, OPT_RUNDIR },
	{ "asynchronous", no_argument, NULL, OPT_ASYNC },
	{ "leave-state", no_argument, NULL, OPT_LEAVE_STATE },
	{ "deletestate", required_argument, NULL, OPT_DELETESTATE },
	{ "ping", no_argument, NULL, VERB(WHACK_PING) },
	{ "status", no_argument, NULL, VERB(WHACK_STATUS) },
	{ "trafficstatus", no_argument, NULL, VERB(WHACK_TRAFFICSTATUS) },
	{ "showstates", no_argument, NULL, VERB(WHACK_SHOWSTATES) },
	{ "briefstatus", no_argument, NULL, VERB(WHACK_BRIEFSTATUS) },
	{ "shutdown", no_argument, NULL, VERB(WHACK_SHUTDOWN) },
	{ "listen", no_argument, NULL, VERB(WHACK_LISTEN) },
	{ "add", no_argument, NULL, VERB(WHACK_ADD) },
	{ "delete", no_argument, NULL, VERB(WHACK_DELETE) },
	{ "initiate", no_argument, NULL, VERB(WHACK_INITIATE) },
	{ "terminate", no_argument, NULL, VERB(WHACK_TERMINATE) },
	{ "route", no_argument, NULL, VERB(WHACK_ROUTE) },
	{ "unroute", no_argument, NULL, VERB(WHACK_UNROUTE) },
	{ "rereadsecrets", no_argument, NULL, VERB(WHACK_REREADSECRETS) },
	{ "rekey-ike", no_argument, NULL, VERB(WHACK_REKEY_IKE) },
	{ "rekey-child", no_argument, NULL, VERB(WHACK_REKEY_CHILD) },
	{ "rekey-ipsec", no_argument, NULL, VERB(WHACK_REKEY_CHILD) },	/* Libreswan's older name */
	{ NULL, 0, NULL, 0 },
};

void whack_usage(const char *progname)
{
	printf("Usage: %s [--ctlsocket FILE | --rundir DIR] ACTION\n"
	       "status:     --status | --trafficstatus | --showstates | --briefstatus\n"
	       "connection: --name NAME (--add | --delete | --initiate | --terminate |\n"
	       "            --route | --unroute | --rekey-ike | --rekey-child) [--asynchronous]\n"
	       "state:      --deletestate NUMBER\n"
	       "daemon:     --listen | --rereadsecrets | --shutdown [--leave-state] | --ping\n"
	       "            --version | --help\n"
	       "The exit status is pluto's: 0 success, 20..99 failure (Libreswan's numbers).\n",
	       progname);
}

static bool set_verb(struct whack_options *o, enum whack_verb v, struct diag *d)
{
	if (o->req.verb != 0 && o->req.verb != v)
		return diag(d, "--%s and --%s: one action at a time",
			    whack_verb_info(o->req.verb)->name, whack_verb_info(v)->name);
	o->req.verb = v;
	return true;
}

static bool set_ctlsocket(struct whack_options *o, const char *dir,
			  const char *file, struct diag *d)
{
	int n = snprintf(o->ctlsocket, sizeof(o->ctlsocket), "%s%s", dir, file);

	if (*dir == '\0' || n < 0 || (size_t)n >= sizeof(o->ctlsocket))
		return diag(d, "control socket path '%s%s' is empty or longer than %d bytes",
			    dir, file, WHACK_CTL_PATH_MAX);
	return true;
}

bool whack_options_parse(int argc, char *const argv[], struct whack_options *o,
			 struct diag *d)
{
	memset(o, 0, sizeof(*o));
	o->action = WHACK_SEND;
	set_ctlsocket(o, XSWAN_RUNDIR, "/pluto.ctl", d);
	opterr = 0;
	optind = 0;

	for (;;) {
		int c = getopt_long(argc, argv, ":", long_options, NULL);
		char *end;
		unsigned long n;

		if (c == -1)
			break;
		switch (c) {
		case OPT_HELP: o->action = WHACK_SHOW_HELP; return true;
		case OPT_VERSION: o->action = WHACK_SHOW_VERSION; return true;
		case OPT_NAME:
			if (!whack_name_ok(optarg, strlen(optarg), d))
				return false;
			if (*optarg == '\0')
				return diag(d, "--name: empty connection name");
			snprintf(o->req.name, sizeof(o->req.name), "%s", optarg);
			break;
		case OPT_CTLSOCKET:
			if (!set_ctlsocket(o, optarg, "", d))
				return false;
			break;
		case OPT_RUNDIR:
			if (!set_ctlsocket(o, optarg, "/pluto.ctl", d))
				return false;
			break;
		case OPT_ASYNC: o->req.flags |= WHACK_F_ASYNC; break;
		case OPT_LEAVE_STATE: o->req.flags |= WHACK_F_LEAVE_STATE; break;
		case OPT_DELETESTATE:
			/* Libreswan prints states as "#3"; accept that too. */
			if (*optarg == '#')
				optarg++;
			n = strtoul(optarg, &end, 10);
			if (*optarg < '1' || *optarg > '9' || *end != '\0' || n > UINT32_MAX)
				return diag(d, "--deletestate '%s': expecting a state number", optarg);
			o->req.number = (uint32_t)n;
			if (!set_verb(o, WHACK_DELETESTATE, d))
				return false;
			break;
		case ':':
			return diag(d, "option '%s' needs a value", argv[optind - 1]);
		default:
			if (c >= VERB(WHACK_PING) && c < VERB(WHACK_VERB_ROOF)) {
				if (!set_verb(o, (enum whack_verb)(c - OPT_VERB), d))
					return false;
				break;
			}
			return diag(d, "unknown option '%s'; try --help", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return diag(d, "unexpected argument '%s'", argv[optind]);
	if (o->req.verb == 0)
		return diag(d, "no action specified; try --help");
	const struct whack_verb_info *info = whack_verb_info(o->req.verb);
	if (info->needs_name && o->req.name[0] == '\0')
		return diag(d, "--%s needs --name CONNECTION", info->name);
	if (!info->needs_name && o->req.name[0] != '\0')
		return diag(d, "--%s does not take --name", info->name);
	if ((o->req.flags & WHACK_F_LEAVE_STATE) && o->req.verb != WHACK_SHUTDOWN)
		return diag(d, "--leave-state goes with --shutdown only");
	return true;
}
