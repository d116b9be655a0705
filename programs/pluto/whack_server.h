/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket, RUNDIR/pluto.ctl: root only (mode 0600 and the
 * peer's SO_PEERCRED uid), one request per connection, a reply streamed
 * as lines and ended by a status code (lib/libswan/whack_msg.h).
 *
 * Verbs are dispatched through a table.  This layer implements the
 * verbs that need no connection code (ping, status skeleton, shutdown,
 * listen); the connection layer plugs its verbs in with
 * whack_server_register().  A verb nobody registered answers
 * "connection layer not loaded" with WHACK_RC_INTERNAL_ERROR.
 */
#ifndef PLUTO_WHACK_SERVER_H
#define PLUTO_WHACK_SERVER_H

#include <stdbool.h>

#include "diag.h"
#include "whack_msg.h"

struct pluto;
struct whack_server;
struct whack_ctx;

/* A handler returns a final status, or WHACK_PENDING when it will call
 * whack_finish() later (e.g. when an exchange completes). */
#define WHACK_PENDING (-1)
typedef int whack_handler_fn(struct pluto *p, struct whack_ctx *w,
			     const struct whack_request *req);

struct whack_server *whack_server_open(struct pluto *p, const char *path,
				       struct diag *d);
/* Stop accepting; replies in progress are still written.  Unlinks PATH. */
void whack_server_close(struct whack_server *ws);
void whack_server_free(struct whack_server *ws);
/* No client is being answered. */
bool whack_server_idle(const struct whack_server *ws);

/* Install (or replace) the handler for VERB. */
void whack_server_register(struct whack_server *ws, enum whack_verb verb,
			   whack_handler_fn *fn);

/* Send one output line (longer lines are cut at WHACK_LINE_MAX).  A
 * client that went away is not an error: the line is dropped. */
void whack_printf(struct whack_ctx *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* End a WHACK_PENDING reply with RC; W is invalid afterwards. */
void whack_finish(struct whack_ctx *w, int rc);
/* The client disconnected; a pending handler may stop early. */
bool whack_gone(const struct whack_ctx *w);

/* Set by the pluto/main layer; ctx callbacks reach it through this. */
struct pluto *whack_pluto(const struct whack_ctx *w);

#endif
