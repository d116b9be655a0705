/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag_list.h"

void diag_list_add(struct diag_list *l, enum diag_level level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (l == NULL)
		return;	/* the caller does not want these */
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);

	if (level == DIAG_ERROR)
		l->errors++;	/* counted even when it cannot be stored */
	if (l->count == l->cap) {
		size_t cap = l->cap == 0 ? 8 : l->cap * 2;
		struct diag_item *items = realloc(l->items, cap * sizeof(*items));
		if (items == NULL) {
			l->lost = true;
			return;
		}
		l->items = items;
		l->cap = cap;
	}
	char *msg = strdup(line);
	if (msg == NULL) {
		l->lost = true;
		return;
	}
	l->items[l->count++] = (struct diag_item){ .level = level, .msg = msg };
}

const char *diag_list_find(const struct diag_list *l, enum diag_level level, const char *needle)
{
	for (size_t i = 0; i < l->count; i++) {
		if (l->items[i].level == level && strstr(l->items[i].msg, needle) != NULL)
			return l->items[i].msg;
	}
	return NULL;
}

void diag_list_free(struct diag_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->items[i].msg);
	free(l->items);
	*l = (struct diag_list){ 0 };
}
