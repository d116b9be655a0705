/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>
#include <syslog.h>

#include "log_syslog.h"

struct syslog_sink {
	char line[1024];
	size_t len;
};

static void flush_line(struct syslog_sink *s)
{
	s->line[s->len] = '\0';
	/* Debug lines carry log.h's "| " prefix. */
	syslog(s->line[0] == '|' ? LOG_DEBUG : LOG_WARNING, "%s", s->line);
	s->len = 0;
}

static ssize_t sink_write(void *cookie, const char *buf, size_t size)
{
	struct syslog_sink *s = cookie;

	for (size_t i = 0; i < size; i++) {
		if (buf[i] == '\n') {
			flush_line(s);
			continue;
		}
		if (s->len == sizeof(s->line) - 1)
			flush_line(s);	/* an overlong line continues in a second one */
		s->line[s->len++] = buf[i];
	}
	return (ssize_t)size;
}

static int sink_close(void *cookie)
{
	struct syslog_sink *s = cookie;

	if (s->len > 0)
		flush_line(s);
	closelog();
	return 0;
}

FILE *log_syslog_open(const char *ident)
{
	static struct syslog_sink sink;	/* one per process, like syslog itself */
	cookie_io_functions_t io = { .write = sink_write, .close = sink_close };

	memset(&sink, 0, sizeof(sink));
	openlog(ident, LOG_PID | LOG_NDELAY, LOG_AUTHPRIV);
	return fopencookie(&sink, "w", io);
}
