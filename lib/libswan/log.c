/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "log.h"

static FILE *log_file;
static bool log_timestamps;
static unsigned debug_classes;
static log_pending_fn *pending_hook;
static bool pending;		/* lines written since the last flush */

static const struct {
	const char *name;
	unsigned cls;
} debug_names[] = {
	{ "base", DBG_BASE },
	{ "control", DBG_CONTROL },
	{ "kernel", DBG_KERNEL },
	{ "emitting", DBG_EMITTING },
	{ "parsing", DBG_PARSING },
	{ "crypt", DBG_CRYPT },
	{ "all", DBG_ALL },
	{ "none", 0 },
};

void log_set_file(FILE *f, bool timestamps)
{
	log_file = f;
	log_timestamps = timestamps;
}

void log_defer_flush(log_pending_fn *hook)
{
	log_flush();
	pending_hook = hook;
}

void log_flush(void)
{
	if (!pending)
		return;
	fflush(log_file != NULL ? log_file : stderr);
	pending = false;
}

void log_set_debug(unsigned classes)
{
	debug_classes = classes;
}

unsigned log_debug_classes(void)
{
	return debug_classes;
}

bool log_parse_debug(const char *spec, unsigned *classes, const char **bad)
{
	static char word[32];
	unsigned acc = 0;

	while (*spec != '\0') {
		size_t n = strcspn(spec, ", \t");
		size_t i;

		if (n > 0) {
			for (i = 0; i < sizeof(debug_names) / sizeof(debug_names[0]); i++) {
				if (strlen(debug_names[i].name) == n &&
				    strncmp(debug_names[i].name, spec, n) == 0)
					break;
			}
			if (i == sizeof(debug_names) / sizeof(debug_names[0])) {
				snprintf(word, sizeof(word), "%.*s", (int)(n < 31 ? n : 31), spec);
				*bad = word;
				return false;
			}
			acc |= debug_names[i].cls;
		}
		spec += n;
		spec += strspn(spec, ", \t");
	}
	*classes = acc;
	return true;
}

__attribute__((format(printf, 2, 0)))
static void vlog_line(const char *prefix, const char *fmt, va_list ap)
{
	FILE *f = log_file != NULL ? log_file : stderr;

	if (log_timestamps) {
		/* pluto's loop reads the clock once a turn (clock.h) */
		struct timespec ts = clock_real();
		struct tm tm;
		char when[32];

		localtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof(when), "%b %d %H:%M:%S", &tm);
		fprintf(f, "%s.%06ld: ", when, ts.tv_nsec / 1000);
	}
	fputs(prefix, f);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	if (pending_hook == NULL) {
		fflush(f);
	} else if (!pending) {
		pending = true;
		pending_hook();
	}
}

void llog(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_line("", fmt, ap);
	va_end(ap);
}

void ldbg_(unsigned cls, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_line("| ", fmt, ap);
	va_end(ap);
}
