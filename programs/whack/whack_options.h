/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * whack's command line: Libreswan's option names for the verbs xswan
 * has, turned into one whack_request.  Kept apart from the socket code
 * so it can be tested.
 */
#ifndef WHACK_OPTIONS_H
#define WHACK_OPTIONS_H

#include <stdbool.h>

#include "diag.h"
#include "whack_msg.h"

#define WHACK_CTL_PATH_MAX 107	/* sun_path less the NUL */

enum whack_action {
	WHACK_SEND,		/* send REQ to pluto */
	WHACK_SHOW_HELP,
	WHACK_SHOW_VERSION,
};

struct whack_options {
	enum whack_action action;
	struct whack_request req;
	char ctlsocket[WHACK_CTL_PATH_MAX + 1];
};

bool whack_options_parse(int argc, char *const argv[], struct whack_options *o,
			 struct diag *d);
void whack_usage(const char *progname);

#endif
