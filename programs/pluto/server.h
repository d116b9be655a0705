/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's frame: one libevent loop that owns all state.  Everything
 * that runs in pluto runs as a callback of this loop; there are no other
 * threads in this layer.  `struct pluto` is passed to whoever needs the
 * loop, the options or the interfaces, instead of process-wide globals.
 */
#ifndef PLUTO_SERVER_H
#define PLUTO_SERVER_H

#include <stdbool.h>

#include "pluto_options.h"
#include "status.h"

struct event_base;
struct event;
struct ifaces;
struct whack_server;

struct pluto {
	const struct pluto_options *opts;
	struct event_base *base;
	struct ifaces *ifaces;
	struct whack_server *whack;
	struct event *sig_term, *sig_int, *sig_hup;
	bool shutting_down;
	bool leave_state;	/* whack --shutdown --leave-state */
	int exit_code;
	status_section_fn *status_sections[STATUS_SECTION_ROOF];
	status_section_fn *status_setup_lines;	/* status_set_setup_lines() */
	struct event *shutdown_deadline;
	/* Called once when shutdown begins, while the IKE sockets are still
	 * open (the connection layer sends its Deletes unless leave_state). */
	void (*shutdown_hook)(struct pluto *p);
};

/* Create the loop and the signal events.  False with D on failure. */
bool server_init(struct pluto *p, const struct pluto_options *opts,
		 struct diag *d);
/* Run until server_shutdown(); returns the exit code. */
int server_run(struct pluto *p);
/*
 * Begin an orderly shutdown: stop reading IKE sockets and the control
 * socket, then leave the loop once pending replies have been written.
 * Safe to call more than once.
 */
void server_shutdown(struct pluto *p, const char *why);
/* Free the loop and everything registered with it. */
void server_free(struct pluto *p);

#endif
