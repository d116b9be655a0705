/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <event2/event.h>
#include <signal.h>
#include <string.h>

#include "clock.h"
#include "iface_udp.h"
#include "log.h"
#include "server.h"
#include "whack_server.h"

/* However long pending whack replies take, shutdown ends after this. */
#define SHUTDOWN_GRACE_SECONDS 5

/* The log's lines of one loop turn go out in one write(), which
 * server_run() makes before it waits again (log.h). */
static void log_pending_until_the_wait(void)
{
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct pluto *p = arg;

	if (sig == SIGHUP) {
		/* Libreswan rereads nothing on SIGHUP either; whack
		 * --rereadsecrets and --listen are the ways to reload. */
		llog("SIGHUP ignored: use 'ipsec rereadsecrets' or 'ipsec whack --listen'");
		return;
	}
	server_shutdown(p, sig == SIGTERM ? "SIGTERM" : "SIGINT");
}

bool server_init(struct pluto *p, const struct pluto_options *opts,
		 struct diag *d)
{
	memset(p, 0, sizeof(*p));
	p->opts = opts;
	p->base = event_base_new();
	if (p->base == NULL)
		return diag(d, "cannot create the event loop");
	log_defer_flush(log_pending_until_the_wait);
	/* A whack or a peer that goes away mid-write must not kill pluto. */
	signal(SIGPIPE, SIG_IGN);
	p->sig_term = evsignal_new(p->base, SIGTERM, on_signal, p);
	p->sig_int = evsignal_new(p->base, SIGINT, on_signal, p);
	p->sig_hup = evsignal_new(p->base, SIGHUP, on_signal, p);
	if (p->sig_term == NULL || p->sig_int == NULL || p->sig_hup == NULL ||
	    evsignal_add(p->sig_term, NULL) < 0 || evsignal_add(p->sig_int, NULL) < 0 ||
	    evsignal_add(p->sig_hup, NULL) < 0)
		return diag(d, "cannot install signal handlers");
	p->ifaces = ifaces_new(p);
	if (p->ifaces == NULL)
		return diag(d, "out of memory");
	status_set_section(p, STATUS_INTERFACES, status_interfaces);
	status_set_section(p, STATUS_SETUP, status_setup);
	return true;
}

static void deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct pluto *p = arg;

	llog("shutdown: whack replies still pending after %d seconds; exiting anyway",
	     SHUTDOWN_GRACE_SECONDS);
	event_base_loopexit(p->base, NULL);
}

void server_shutdown(struct pluto *p, const char *why)
{
	if (!p->shutting_down) {
		p->shutting_down = true;
		llog("shutting down%s%s", why != NULL ? ": " : "", why != NULL ? why : "");
		if (p->shutdown_hook != NULL)
			p->shutdown_hook(p);
		/* No new work: close the doors. */
		whack_server_close(p->whack);
		ifaces_close_all(p->ifaces);
		struct timeval tv = { SHUTDOWN_GRACE_SECONDS, 0 };
		p->shutdown_deadline = evtimer_new(p->base, deadline_cb, p);
		if (p->shutdown_deadline != NULL)
			evtimer_add(p->shutdown_deadline, &tv);
	}
	if (whack_server_idle(p->whack))
		event_base_loopexit(p->base, NULL);
}

/*
 * One turn at a time, so that the clocks are read once a turn (clock.h):
 * the cache is dropped before each wait, and the first reader after it
 * reads afresh.  The log lines of the turn before go out in one write()
 * before the wait (an event to flush them, activated by the first line,
 * ran before callbacks activated after it and cost a second write in
 * about every other turn).  event_base_loop() returns 1 when nothing is
 * left to wait for, as event_base_dispatch() would.
 */
int server_run(struct pluto *p)
{
	int rc = 0;

	clock_cache_enable(true);
	while (rc == 0 && !event_base_got_exit(p->base) && !event_base_got_break(p->base)) {
		clock_cache_new_turn();
		log_flush();
		rc = event_base_loop(p->base, EVLOOP_ONCE);
	}
	clock_cache_enable(false);
	if (rc < 0) {
		llog("ERROR: the event loop failed");
		return 1;
	}
	return p->exit_code;
}

void server_free(struct pluto *p)
{
	whack_server_free(p->whack);
	p->whack = NULL;
	ifaces_free(p->ifaces);
	p->ifaces = NULL;
	if (p->shutdown_deadline != NULL)
		event_free(p->shutdown_deadline);
	if (p->sig_term != NULL)
		event_free(p->sig_term);
	if (p->sig_int != NULL)
		event_free(p->sig_int);
	if (p->sig_hup != NULL)
		event_free(p->sig_hup);
	/* Back to a flush per line: what is logged after the loop is gone
	 * (the exit line) goes out at once. */
	log_defer_flush(NULL);
	if (p->base != NULL)
		event_base_free(p->base);
	p->base = NULL;
}
