/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket (see whack_server.h).  One request per connection:
 * read it (bounded size, bounded time), check it, run the verb's
 * handler, stream its lines, end with the status code, close.
 */
#include <errno.h>
#include <poll.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "server.h"
#include "whack_server.h"

/* A client that has not sent its request after this long is dropped. */
#define WHACK_READ_TIMEOUT_SECONDS 10
/* Requests served at once; more are refused rather than queued. */
#define WHACK_MAX_CLIENTS 32

enum ctx_phase {
	CTX_READING,	/* waiting for the whole request */
	CTX_HANDLING,	/* handler returned WHACK_PENDING */
	CTX_FLUSHING,	/* end frame queued; free once written */
};

struct whack_ctx {
	struct whack_ctx *next;
	struct whack_server *ws;
	struct bufferevent *bev;	/* NULL once the client is gone */
	enum ctx_phase phase;
	uid_t uid;
};

struct whack_server {
	struct pluto *pluto;
	struct evconnlistener *listener;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct whack_ctx *clients;
	unsigned nr_clients;
	whack_handler_fn *handlers[WHACK_VERB_ROOF];
};

struct pluto *whack_pluto(const struct whack_ctx *w)
{
	return w->ws->pluto;
}

bool whack_gone(const struct whack_ctx *w)
{
	return w->bev == NULL;
}

void whack_server_register(struct whack_server *ws, enum whack_verb verb,
			   whack_handler_fn *fn)
{
	if ((unsigned)verb < WHACK_VERB_ROOF)
		ws->handlers[verb] = fn;
}

bool whack_server_idle(const struct whack_server *ws)
{
	return ws == NULL || ws->clients == NULL;
}

static void ctx_free(struct whack_ctx *w)
{
	struct whack_server *ws = w->ws;

	for (struct whack_ctx **pp = &ws->clients; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	ws->nr_clients--;
	if (w->bev != NULL)
		bufferevent_free(w->bev);
	free(w);
	/* An orderly shutdown waits for the last reply to be written. */
	if (ws->clients == NULL && ws->pluto->shutting_down)
		server_shutdown(ws->pluto, NULL);
}

static void put_frames(struct whack_ctx *w, const uint8_t *p, size_t n)
{
	/* A script that reads the log once whack returns finds there
	 * what pluto logged before answering: the bufferevent writes to the
	 * socket only in a later loop turn, after this turn's log flush
	 * (server.c), so there is no need to flush per line (a write() per
	 * whack line: 200 of them for one `--initiate` of 200 connections). */
	if (w->bev != NULL && bufferevent_write(w->bev, p, n) < 0)
		ldbg(DBG_CONTROL, "whack: reply write failed; dropping the client");
}

void whack_printf(struct whack_ctx *w, const char *fmt, ...)
{
	char line[WHACK_LINE_MAX + 1];
	uint8_t frame[WHACK_FRAME_MAX];
	struct buf b = BUF(frame, sizeof(frame));
	va_list ap;
	int n;

	if (w == NULL || w->bev == NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (whack_frame_put_line(&b, line, strlen(line)))
		put_frames(w, b.ptr, b.len);
}

static void ctx_write_cb(struct bufferevent *bev, void *arg)
{
	struct whack_ctx *w = arg;

	if (w->phase == CTX_FLUSHING)
		ctx_free(w);
}

void whack_finish(struct whack_ctx *w, int rc)
{
	uint8_t frame[WHACK_FRAME_HEADER + 1];
	struct buf b = BUF(frame, sizeof(frame));

	if (rc < 0 || rc > 255)
		rc = WHACK_RC_INTERNAL_ERROR;
	w->phase = CTX_FLUSHING;
	if (w->bev == NULL) {
		ctx_free(w);
		return;
	}
	whack_frame_put_end(&b, (uint8_t)rc);
	put_frames(w, b.ptr, b.len);
	/* Nothing more to read; the write callback fires once drained. */
	bufferevent_disable(w->bev, EV_READ);
	bufferevent_set_timeouts(w->bev, NULL, NULL);
	if (evbuffer_get_length(bufferevent_get_output(w->bev)) == 0)
		ctx_free(w);
}

static void dispatch(struct whack_ctx *w, const struct whack_request *req)
{
	const struct whack_verb_info *info = whack_verb_info(req->verb);
	whack_handler_fn *fn = w->ws->handlers[req->verb];

	ldbg(DBG_CONTROL, "whack: %s%s%s from uid %u", info->name,
	     req->name[0] != '\0' ? " " : "", req->name, (unsigned)w->uid);
	if (fn == NULL) {
		whack_printf(w, "connection layer not loaded: cannot %s%s%s",
			     info->name, req->name[0] != '\0' ? " " : "", req->name);
		whack_finish(w, WHACK_RC_INTERNAL_ERROR);
		return;
	}
	w->phase = CTX_HANDLING;
	int rc = fn(w->ws->pluto, w, req);
	if (rc != WHACK_PENDING)
		whack_finish(w, rc);
}

static void ctx_read_cb(struct bufferevent *bev, void *arg)
{
	struct whack_ctx *w = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	uint8_t raw[WHACK_REQUEST_MAX];
	struct whack_request req;
	struct diag d;
	size_t have = evbuffer_get_length(in);

	if (w->phase != CTX_READING) {
		/* One request per connection; anything more is ignored. */
		evbuffer_drain(in, have);
		return;
	}
	if (have < 4)
		return;
	evbuffer_copyout(in, raw, 4);
	size_t need = whack_request_length(BYTES(raw, 4), &d);
	if (need != 0 && have > need) {
		diag(&d, "%zu bytes follow the request", have - need);
		need = 0;
	}
	if (need != 0 && have < need)
		return;		/* the rest is on its way */
	if (need == 0 || evbuffer_remove(in, raw, need) != (int)need ||
	    !whack_request_decode(BYTES(raw, need), &req, &d)) {
		llog("whack: bad request from uid %u: %s", (unsigned)w->uid, d.msg);
		whack_printf(w, "bad whack request: %s", d.msg);
		whack_finish(w, WHACK_RC_BADWHACKMESSAGE);
		return;
	}
	dispatch(w, &req);
}

static void ctx_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct whack_ctx *w = arg;

	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)))
		return;
	if (what & BEV_EVENT_TIMEOUT)
		llog("whack: client sent no complete request within %d seconds",
		     WHACK_READ_TIMEOUT_SECONDS);
	/*
	 * whack half-closes (shutdown SHUT_WR) once its request is sent.
	 * That EOF only ends reading: the answer, perhaps still pending,
	 * must go out.  A client that closed both ways has gone; a unix
	 * socket says which with POLLHUP.
	 */
	if ((what & BEV_EVENT_EOF) && !(what & (BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)) &&
	    w->phase != CTX_READING) {
		struct pollfd pfd = { .fd = bufferevent_getfd(bev), .events = POLLOUT };

		if (poll(&pfd, 1, 0) >= 0 && !(pfd.revents & (POLLHUP | POLLERR))) {
			bufferevent_disable(bev, EV_READ);
			return;
		}
	}
	bufferevent_free(w->bev);
	w->bev = NULL;
	/* A pending handler still holds W and ends it with whack_finish(). */
	if (w->phase != CTX_HANDLING)
		ctx_free(w);
}

/*
 * Tell a refused client why, without reading anything it sent.  The
 * status is Libreswan's RC_WHACK_PROBLEM, what its whack exits with
 * when it cannot connect at all: to a script, the same failure.
 */
static void refuse(int fd, const char *why)
{
	uint8_t frame[WHACK_FRAME_MAX + WHACK_FRAME_HEADER + 1];
	struct buf b = BUF(frame, sizeof(frame));

	whack_frame_put_line(&b, why, strlen(why));
	whack_frame_put_end(&b, WHACK_RC_WHACK_PROBLEM);
	if (write(fd, b.ptr, b.len) < 0)
		ldbg(DBG_CONTROL, "whack: could not tell a refused client why");
	close(fd);
}

static void accept_cb(struct evconnlistener *l, evutil_socket_t fd,
		      struct sockaddr *sa, int salen, void *arg)
{
	struct whack_server *ws = arg;
	struct ucred cred;
	socklen_t len = sizeof(cred);

	/* The socket's mode already keeps others out; this is the second
	 * lock, for a socket whose mode someone loosened. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		llog("whack: cannot read peer credentials: %s", strerror(errno));
		close(fd);
		return;
	}
	if (cred.uid != 0 && cred.uid != geteuid()) {
		llog("whack: refused a connection from uid %u (pid %d): root only",
		     (unsigned)cred.uid, (int)cred.pid);
		refuse(fd, "pluto's control socket is for root only");
		return;
	}
	if (ws->nr_clients >= WHACK_MAX_CLIENTS) {
		llog("whack: %u requests already in progress; refusing another",
		     ws->nr_clients);
		refuse(fd, "pluto is busy with other whack requests; try again");
		return;
	}
	struct whack_ctx *w = calloc(1, sizeof(*w));
	if (w == NULL) {
		close(fd);
		return;
	}
	w->bev = bufferevent_socket_new(ws->pluto->base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (w->bev == NULL) {
		close(fd);
		free(w);
		return;
	}
	w->ws = ws;
	w->uid = cred.uid;
	w->phase = CTX_READING;
	w->next = ws->clients;
	ws->clients = w;
	ws->nr_clients++;
	struct timeval tv = { WHACK_READ_TIMEOUT_SECONDS, 0 };
	bufferevent_setcb(w->bev, ctx_read_cb, ctx_write_cb, ctx_event_cb, w);
	/* Never buffer more than one request's worth of input. */
	bufferevent_setwatermark(w->bev, EV_READ, 0, WHACK_REQUEST_MAX + 1);
	bufferevent_set_timeouts(w->bev, &tv, NULL);
	bufferevent_enable(w->bev, EV_READ | EV_WRITE);
}

struct whack_server *whack_server_open(struct pluto *p, const char *path,
				       struct diag *d)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct whack_server *ws;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		diag(d, "control socket path '%s' is too long", path);
		return NULL;
	}
	ws = calloc(1, sizeof(*ws));
	if (ws == NULL) {
		diag(d, "out of memory");
		return NULL;
	}
	ws->pluto = p;
	snprintf(ws->path, sizeof(ws->path), "%s", path);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);

	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		diag(d, "socket: %s", strerror(errno));
		free(ws);
		return NULL;
	}
	/* The pidfile lock is held, so a socket left here is stale. */
	if (unlink(path) < 0 && errno != ENOENT) {
		diag(d, "cannot remove stale %s: %s", path, strerror(errno));
		goto fail;
	}
	/* Create it 0600 from the start: no window where others may connect. */
	mode_t old = umask(0177);
	int r = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (r < 0) {
		diag(d, "bind %s: %s", path, strerror(errno));
		goto fail;
	}
	if (chmod(path, 0600) < 0) {
		diag(d, "chmod 0600 %s: %s", path, strerror(errno));
		goto fail_unlink;
	}
	ws->listener = evconnlistener_new(p->base, accept_cb, ws,
					  LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC,
					  16, fd);
	if (ws->listener == NULL) {
		diag(d, "listen %s: %s", path, strerror(errno));
		goto fail_unlink;
	}
	return ws;
fail_unlink:
	unlink(path);
fail:
	close(fd);
	free(ws);
	return NULL;
}

void whack_server_close(struct whack_server *ws)
{
	if (ws == NULL || ws->listener == NULL)
		return;
	evconnlistener_free(ws->listener);
	ws->listener = NULL;
	unlink(ws->path);
}

void whack_server_free(struct whack_server *ws)
{
	if (ws == NULL)
		return;
	whack_server_close(ws);
	while (ws->clients != NULL) {
		struct whack_ctx *w = ws->clients;
		ws->clients = w->next;
		if (w->bev != NULL)
			bufferevent_free(w->bev);
		free(w);
	}
	free(ws);
}
