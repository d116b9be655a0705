/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <unistd.h>

#include "iface_udp.h"
#include "log.h"
#include "server.h"
#include "status.h"
#include "whack_server.h"
#include "whack_verbs.h"
#include "xswan_version.h"

static int verb_ping(struct pluto *p, struct whack_ctx *w,
		     const struct whack_request *req)
{
	whack_printf(w, "xswan pluto %s, pid %d", XSWAN_VERSION, (int)getpid());
	return WHACK_RC_OK;
}

static int verb_status(struct pluto *p, struct whack_ctx *w,
		       const struct whack_request *req)
{
	status_print(p, w);
	return WHACK_RC_OK;
}

static int verb_shutdown(struct pluto *p, struct whack_ctx *w,
			 const struct whack_request *req)
{
	p->leave_state = (req->flags & WHACK_F_LEAVE_STATE) != 0;
	/* The reply is written before the loop exits (server_shutdown
	 * waits for the control socket to go idle). */
	server_shutdown(p, "whack --shutdown");
	return WHACK_RC_OK;
}

static int verb_listen(struct pluto *p, struct whack_ctx *w,
		       const struct whack_request *req)
{
	whack_printf(w, "listening for IKE messages");
	unsigned n = ifaces_listen(p->ifaces, w);
	if (n == 0) {
		/* Libreswan's RC_DEAF: nothing to negotiate on. */
		whack_printf(w, "no IKE socket could be opened");
		return WHACK_RC_DEAF;
	}
	return WHACK_RC_OK;
}

static const struct {
	enum whack_verb verb;
	whack_handler_fn *fn;
} frame_verbs[] = {
	{ WHACK_PING, verb_ping },
	{ WHACK_STATUS, verb_status },
	{ WHACK_SHUTDOWN, verb_shutdown },
	{ WHACK_LISTEN, verb_listen },
};

void whack_verbs_register_frame(struct whack_server *ws)
{
	for (size_t i = 0; i < sizeof(frame_verbs) / sizeof(frame_verbs[0]); i++)
		whack_server_register(ws, frame_verbs[i].verb, frame_verbs[i].fn);
}
