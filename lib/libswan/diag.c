/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

bool diag(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return false;
}

void diag_prefix(struct diag *d, const char *fmt, ...)
{
	char prefix[sizeof(d->msg)], old[sizeof(d->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, d->msg, sizeof(old));
	snprintf(d->msg, sizeof(d->msg), "%s: %s", prefix, old);
}
