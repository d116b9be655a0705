/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A diagnostic: what a parser or checker says when input is bad.
 *
 * Functions that validate hostile input (config files, packets, netlink)
 * take a `struct diag *` and return false after filling it with one line
 * that says what was wrong and, where it helps, what to do.  Callers add
 * context (file:line, payload name) with diag_prefix().
 */
#ifndef XSWAN_DIAG_H
#define XSWAN_DIAG_H

#include <stdbool.h>

struct diag {
	char msg[320];
};

/* Fill D from a printf format; always returns false, for `return diag(...)`. */
bool diag(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Put "PREFIX: " in front of what D already says. */
void diag_prefix(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
