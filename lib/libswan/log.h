/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging for pluto and its libraries: one line per call, to a file or
 * stderr.  Debug lines are grouped into classes that `plutodebug=` turns
 * on.  Never pass key material, nonces' secrets or PSKs to these.
 */
#ifndef XSWAN_LOG_H
#define XSWAN_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum debug_class {
	DBG_BASE = 1 << 0,	/* plutodebug=base: state changes, decisions */
	DBG_CONTROL = 1 << 1,	/* whack, config */
	DBG_KERNEL = 1 << 2,	/* netlink to and from the kernel */
	DBG_EMITTING = 1 << 3,	/* payloads built */
	DBG_PARSING = 1 << 4,	/* payloads parsed */
	DBG_CRYPT = 1 << 5,	/* algorithm choices (never keys) */
	DBG_ALL = 0x3f,
};

/* Where lines go; NULL means stderr.  Timestamps are added when a file. */
void log_set_file(FILE *f, bool timestamps);
void log_set_debug(unsigned classes);
unsigned log_debug_classes(void);
/* Parse "base,kernel" / "all" / "none"; false on an unknown class name. */
bool log_parse_debug(const char *spec, unsigned *classes, const char **bad);

/*
 * Batching.  By default every line is flushed (one write() each).  A
 * daemon with an event loop calls log_defer_flush(hook): lines then stay
 * in the FILE's buffer, the first line after a flush calls HOOK once
 * (pluto's does nothing: its loop calls log_flush() before each wait),
 * and log_flush() writes them all.  Under UML a write() costs tens of
 * microseconds: pluto logs ~8 lines per tunnel.  NULL restores
 * line-at-a-time.
 */
typedef void log_pending_fn(void);
void log_defer_flush(log_pending_fn *hook);
void log_flush(void);

void llog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ldbg_(unsigned cls, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define ldbg(cls, ...) \
	do { if (log_debug_classes() & (cls)) ldbg_((cls), __VA_ARGS__); } while (0)

#endif
