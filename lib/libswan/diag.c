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
	char old[sizeof(d->msg)];
	va_list ap;
	int n;

	memcpy(old, d->msg, sizeof(old));
	va_start(ap, fmt);
	n = vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(d->msg) - 2)
		return;	/* the prefix alone fills it; keep what fits */
	size_t used = (size_t)n;
	size_t room = sizeof(d->msg) - used;
	size_t len = strnlen(old, sizeof(old) - 1);

	d->msg[used] = ':';
	d->msg[used + 1] = ' ';
	if (len > room - 3)
		len = room - 3;
	memcpy(d->msg + used + 2, old, len);
	d->msg[used + 2 + len] = '\0';
}
