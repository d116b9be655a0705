/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef XSWAN_EVENT_LOOP_H
#define XSWAN_EVENT_LOOP_H

#include <event2/event.h>

/* The event base pluto (and its unit tests) run on; NULL when libevent
 * cannot make one. */
struct event_base *event_loop_new(void);

#endif
