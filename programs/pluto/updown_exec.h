/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running updown scripts (updown.c builds what to run).
 *
 * With an event base (the daemon) scripts run one at a time in the
 * order they were asked for, in the background of the event loop: an
 * IKE responder answers without waiting for routes to be set up (a
 * script may take a second on a slow machine, and the peer would
 * retransmit), and a hung script never stops the loop; each is killed
 * at its deadline.  Without one (unit tests, shutdown) a script runs to
 * completion before updown_run() returns.  Output goes to the log.
 */
#ifndef PLUTO_UPDOWN_EXEC_H
#define PLUTO_UPDOWN_EXEC_H

#include <stdbool.h>

struct event_base;

#define UPDOWN_ENV_MAX 48

/* One script run; updown_exec() takes ownership of every string. */
struct updown_job {
	char *cmd;			/* for /bin/sh -c */
	char *who;			/* log prefix: "name" #2: updown up-client */
	unsigned nvars;
	char *vars[UPDOWN_ENV_MAX];	/* "PLUTO_X=value" */
	/* private */
	struct updown_job *next;
	int pid, fd;
	unsigned long long deadline_ms;
	struct event *ev_read, *ev_timer;
	char out[1024];
	unsigned out_used;
};

/* Run JOB after the ones before it.  WAIT (or no event base): now,
 * returning the script's success; else queued, true once queued. */
bool updown_exec(struct updown_job *job, bool wait);
/* NULL: synchronous from now on (what updown_flush() leaves behind). */
void updown_set_event_base(struct event_base *base);
/* Finish the running script and every queued one, synchronously
 * (a whack verb whose answer must come after them: `ipsec down`). */
void updown_wait(void);
/* The same at shutdown, and synchronous mode from then on. */
void updown_flush(void);
/* 0: the default, 30 s. */
void updown_set_timeout_ms(unsigned ms);

#endif
