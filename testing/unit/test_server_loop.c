/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pluto's loop (server_run): the log lines of one turn reach the log
 * file in one write(), and before the loop waits again, including lines
 * from callbacks that other callbacks of the same turn activated (each
 * write() is a system call, tens of microseconds under UML).
 */
#include <event2/event.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "log.h"
#include "server.h"

static struct pluto_options opts;
static struct pluto p;

/* The log file: a stream whose writes are counted and kept. */
static unsigned writes;
static char written[256];
static size_t written_len;

static ssize_t count_write(void *cookie, const char *buf, size_t n)
{
	writes++;
	if (written_len + n < sizeof(written)) {
		memcpy(written + written_len, buf, n);
		written_len += n;
	}
	return (ssize_t)n;
}

static struct event *activated_later;
static unsigned writes_before_wait;
static char text_before_wait[sizeof(written)];

static void first_cb(evutil_socket_t fd, short what, void *arg)
{
	llog("first");
	event_active(activated_later, EV_TIMEOUT, 0);
}

static void second_cb(evutil_socket_t fd, short what, void *arg)
{
	llog("second");
}

static void later_cb(evutil_socket_t fd, short what, void *arg)
{
	llog("activated by the first");
}

/* Runs in a later turn: what was written while the loop waited for it. */
static void after_wait_cb(evutil_socket_t fd, short what, void *arg)
{
	writes_before_wait = writes;
	memcpy(text_before_wait, written, sizeof(written));
	event_base_loopexit(p.base, NULL);
}

static void test_one_write_per_turn_before_the_wait(void **state)
{
	char *argv[] = { "pluto", NULL };
	struct diag d;
	cookie_io_functions_t io = { .write = count_write };
	FILE *f = fopencookie(NULL, "w", io);

	assert_non_null(f);
	assert_int_equal(setvbuf(f, NULL, _IOFBF, 4096), 0);
	assert_true(pluto_options_parse(1, argv, &opts, &d));
	assert_true(server_init(&p, &opts, &d));
	log_set_file(f, false);

	struct timeval now = { 0, 0 }, soon = { 0, 30 * 1000 };
	struct event *first = evtimer_new(p.base, first_cb, NULL);
	struct event *second = evtimer_new(p.base, second_cb, NULL);
	struct event *after = evtimer_new(p.base, after_wait_cb, NULL);
	activated_later = event_new(p.base, -1, 0, later_cb, NULL);
	assert_true(first && second && after && activated_later);
	evtimer_add(first, &now);
	evtimer_add(second, &now);
	evtimer_add(after, &soon);

	server_run(&p);
	assert_int_equal(writes_before_wait, 1);
	assert_string_equal(text_before_wait, "first\nsecond\nactivated by the first\n");

	event_free(first);
	event_free(second);
	event_free(after);
	event_free(activated_later);
	server_free(&p);
	log_set_file(NULL, false);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_write_per_turn_before_the_wait),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
