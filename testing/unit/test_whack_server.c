/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket in process: the handler table, streamed lines,
 * final status, the "connection layer not loaded" default, and the
 * WHACK_PENDING contract the connection layer relies on (finish later;
 * a client that left meanwhile is noticed and nothing is touched after
 * it is gone).  Run under ASan, so a use-after-free or a leak fails.
 */
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "server.h"
#include "whack_server.h"

static struct pluto_options opts;
static struct pluto p;
static char dir[64], ctl[100];
static struct whack_ctx *pending;
static int pending_calls;

static int setup(void **state)
{
	char *argv[] = { "pluto", "--rundir", dir, NULL };
	struct diag d;

	snprintf(dir, sizeof(dir), "/tmp/xswan-wsrv-XXXXXX");
	if (mkdtemp(dir) == NULL || !pluto_options_parse(3, argv, &opts, &d) ||
	    !server_init(&p, &opts, &d))
		return -1;
	snprintf(ctl, sizeof(ctl), "%s/pluto.ctl", dir);
	p.whack = whack_server_open(&p, ctl, &d);
	return p.whack != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	server_free(&p);
	rmdir(dir);
	return 0;
}

static void pump_once(void)
{
	struct timespec ts = { 0, 2 * 1000000L };

	event_base_loop(p.base, EVLOOP_NONBLOCK);
	nanosleep(&ts, NULL);
}

static int connect_send(enum whack_verb verb, const char *name)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct whack_request req = { .verb = verb };
	uint8_t wire[WHACK_REQUEST_MAX];
	struct buf b = BUF(wire, sizeof(wire));
	struct diag d;

	snprintf(req.name, sizeof(req.name), "%s", name);
	assert_true(whack_request_encode(&req, &b, &d));
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", ctl);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(write(fd, b.ptr, b.len), (ssize_t)b.len);
	return fd;
}

struct reply {
	unsigned lines;
	size_t longest;
	char first[WHACK_LINE_MAX + 1];
	int rc;		/* -1 until the end frame */
};

/* Pump the loop and read FD until the end frame (or 5 s). */
static void collect(int fd, struct reply *r)
{
	static uint8_t in[1 << 16];
	size_t have = 0;

	memset(r, 0, sizeof(*r));
	r->rc = -1;
	for (int i = 0; i < 2500 && r->rc < 0; i++) {
		pump_once();
		ssize_t n = read(fd, in + have, sizeof(in) - have);
		if (n > 0)
			have += (size_t)n;
		for (;;) {
			struct whack_frame f;
			struct diag d;
			size_t used;
			enum whack_frame_result res = whack_frame_decode(BYTES(in, have), &f, &used, &d);
			if (res == WHACK_FRAME_BAD)
				fail_msg("bad frame: %s", d.msg);
			if (res == WHACK_FRAME_NEED_MORE)
				break;
			if (f.type == WHACK_FRAME_END) {
				r->rc = f.rc;
			} else {
				if (r->lines++ == 0)
					memcpy(r->first, f.line.ptr, f.line.len);
				if (f.line.len > r->longest)
					r->longest = f.line.len;
			}
			memmove(in, in + used, have - used);
			have -= used;
		}
	}
}

static int h_lines(struct pluto *pl, struct whack_ctx *w, const struct whack_request *req)
{
	for (int i = 0; i < 5000; i++)
		whack_printf(w, "line %d of a long status for %s", i, req->name);
	return WHACK_RC_UNKNOWN_NAME;
}

static int h_long_line(struct pluto *pl, struct whack_ctx *w, const struct whack_request *req)
{
	char big[3000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	whack_printf(w, "%s", big);
	return WHACK_RC_OK;
}

static int h_pending(struct pluto *pl, struct whack_ctx *w, const struct whack_request *req)
{
	pending = w;
	pending_calls++;
	whack_printf(w, "initiating %s", req->name);
	return WHACK_PENDING;
}

static void test_streamed_lines_and_status(void **state)
{
	struct reply r;

	whack_server_register(p.whack, WHACK_TRAFFICSTATUS, h_lines);
	whack_server_register(p.whack, WHACK_ADD, h_lines);
	int fd = connect_send(WHACK_ADD, "west");
	collect(fd, &r);
	close(fd);
	assert_int_equal(r.rc, WHACK_RC_UNKNOWN_NAME);
	assert_int_equal(r.lines, 5000);
	assert_string_equal(r.first, "line 0 of a long status for west");
	for (int i = 0; i < 100 && !whack_server_idle(p.whack); i++)
		pump_once();
	assert_true(whack_server_idle(p.whack));
}

static void test_long_line_cut(void **state)
{
	struct reply r;

	whack_server_register(p.whack, WHACK_BRIEFSTATUS, h_long_line);
	int fd = connect_send(WHACK_BRIEFSTATUS, "");
	collect(fd, &r);
	close(fd);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.longest, WHACK_LINE_MAX);
}

static void test_unregistered_verb(void **state)
{
	struct reply r;
	int fd = connect_send(WHACK_ROUTE, "east");

	collect(fd, &r);
	close(fd);
	assert_int_equal(r.rc, WHACK_RC_INTERNAL_ERROR);
	assert_string_equal(r.first, "connection layer not loaded: cannot route east");
}

static void test_pending_finished_later(void **state)
{
	struct reply r;

	whack_server_register(p.whack, WHACK_INITIATE, h_pending);
	pending = NULL;
	int fd = connect_send(WHACK_INITIATE, "west");
	for (int i = 0; i < 2500 && pending == NULL; i++)
		pump_once();
	assert_non_null(pending);
	assert_false(whack_server_idle(p.whack));
	assert_false(whack_gone(pending));
	/* ... the exchange completes ... */
	whack_printf(pending, "established Child SA");
	whack_finish(pending, WHACK_RC_OK);
	pending = NULL;
	collect(fd, &r);
	close(fd);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.lines, 2);
	assert_string_equal(r.first, "initiating west");
}

/* whack half-closes after its request: the pending answer still goes out. */
static void test_pending_after_half_close(void **state)
{
	struct reply r;

	whack_server_register(p.whack, WHACK_INITIATE, h_pending);
	pending = NULL;
	int fd = connect_send(WHACK_INITIATE, "west");
	assert_int_equal(shutdown(fd, SHUT_WR), 0);
	for (int i = 0; i < 2500 && pending == NULL; i++)
		pump_once();
	assert_non_null(pending);
	for (int i = 0; i < 50; i++)
		pump_once();	/* let the server see the EOF */
	assert_false(whack_gone(pending));
	whack_printf(pending, "established Child SA");
	whack_finish(pending, WHACK_RC_OK);
	pending = NULL;
	collect(fd, &r);
	close(fd);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.lines, 2);
}

static void test_pending_client_gone(void **state)
{
	pending = NULL;
	int fd = connect_send(WHACK_INITIATE, "west");
	for (int i = 0; i < 2500 && pending == NULL; i++)
		pump_once();
	assert_non_null(pending);
	close(fd);
	for (int i = 0; i < 2500 && !whack_gone(pending); i++)
		pump_once();
	assert_true(whack_gone(pending));
	whack_printf(pending, "nobody reads this");	/* dropped, not a crash */
	assert_false(whack_server_idle(p.whack));
	whack_finish(pending, WHACK_RC_OK);
	pending = NULL;
	assert_true(whack_server_idle(p.whack));
}

static void test_socket_mode(void **state)
{
	struct stat st;

	assert_int_equal(stat(ctl, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_close_unlinks(void **state)
{
	whack_server_close(p.whack);
	assert_int_equal(access(ctl, F_OK), -1);
	whack_server_close(p.whack);	/* twice is harmless */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_socket_mode),
		cmocka_unit_test(test_streamed_lines_and_status),
		cmocka_unit_test(test_long_line_cut),
		cmocka_unit_test(test_unregistered_verb),
		cmocka_unit_test(test_pending_finished_later),
		cmocka_unit_test(test_pending_after_half_close),
		cmocka_unit_test(test_pending_client_gone),
		cmocka_unit_test(test_close_unlinks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
