/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * whack: send one request to pluto's control socket and print the reply
 * lines as they arrive.  The exit status is pluto's final status code;
 * failures of whack itself (no pluto, refused, garbled reply) exit with
 * Libreswan's RC_WHACK_PROBLEM, 33.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "whack_msg.h"
#include "whack_options.h"
#include "xswan_version.h"

static int problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int problem(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "whack: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return WHACK_RC_WHACK_PROBLEM;
}

static int connect_pluto(const char *path, int *fd)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	*fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (*fd < 0)
		return problem("socket: %s", strerror(errno));
	if (connect(*fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int e = errno;
		close(*fd);
		if (e == ENOENT || e == ECONNREFUSED)
			return problem("Pluto is not running (no \"%s\")", path);
		return problem("cannot connect to \"%s\": %s", path, strerror(e));
	}
	return 0;
}

static bool write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Print frames until the end frame; its code is the exit status. */
static int read_reply(int fd)
{
	uint8_t in[2 * WHACK_FRAME_MAX];
	size_t have = 0;

	for (;;) {
		struct whack_frame f;
		struct diag d;
		size_t used;

		switch (whack_frame_decode(BYTES(in, have), &f, &used, &d)) {
		case WHACK_FRAME_BAD:
			return problem("garbled reply from pluto: %s", d.msg);
		case WHACK_FRAME_OK:
			if (f.type == WHACK_FRAME_END)
				return f.rc;
			fwrite(f.line.ptr, 1, f.line.len, stdout);
			fputc('\n', stdout);
			fflush(stdout);
			memmove(in, in + used, have - used);
			have -= used;
			continue;
		case WHACK_FRAME_NEED_MORE:
			break;
		}
		ssize_t n = read(fd, in + have, sizeof(in) - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return problem("reading from pluto: %s", strerror(errno));
		if (n == 0)
			return problem("pluto closed the connection without a final status");
		have += (size_t)n;
	}
}

int main(int argc, char *argv[])
{
	struct whack_options o;
	struct diag d;
	uint8_t msg[WHACK_REQUEST_MAX];
	struct buf b = BUF(msg, sizeof(msg));
	int fd;

	if (!whack_options_parse(argc, argv, &o, &d))
		return problem("%s", d.msg);
	switch (o.action) {
	case WHACK_SHOW_HELP:
		whack_usage(argv[0]);
		return 0;
	case WHACK_SHOW_VERSION:
		printf("xswan whack %s\n", XSWAN_VERSION);
		return 0;
	case WHACK_SEND:
		break;
	}
	if (!whack_request_encode(&o.req, &b, &d))
		return problem("%s", d.msg);
	int rc = connect_pluto(o.ctlsocket, &fd);
	if (rc != 0)
		return rc;
	/* pluto may refuse us (not root) and close before reading what we
	 * send; a write then fails with EPIPE instead of killing whack, and
	 * the refusal it wrote first is still there to read. */
	signal(SIGPIPE, SIG_IGN);
	if (!write_all(fd, b.ptr, b.len) && errno != EPIPE && errno != ECONNRESET) {
		int e = errno;
		close(fd);
		return problem("sending to pluto: %s", strerror(e));
	}
	/* One request per connection: tell pluto nothing more is coming. */
	shutdown(fd, SHUT_WR);
	rc = read_reply(fd);
	close(fd);
	return rc;
}
