/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The verbs the daemon frame answers by itself: ping, status, shutdown,
 * listen.  Everything else belongs to the connection layer, which
 * registers its handlers after this (see whack_server.h).
 */
#ifndef PLUTO_WHACK_VERBS_H
#define PLUTO_WHACK_VERBS_H

struct whack_server;

void whack_verbs_register_frame(struct whack_server *ws);

#endif
