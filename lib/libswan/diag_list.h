/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A list of diagnostics, for loaders that keep going after an error
 * (ipsec.conf: a bad conn is skipped, the others load).  Each entry is
 * one line, already prefixed with "file:line: " by whoever added it.
 * Notes are things worth telling the administrator that are not
 * errors ("keyword ignored").
 */
#ifndef XSWAN_DIAG_LIST_H
#define XSWAN_DIAG_LIST_H

#include <stdbool.h>
#include <stddef.h>

enum diag_level {
	DIAG_ERROR,
	DIAG_NOTE,
};

struct diag_item {
	enum diag_level level;
	char *msg;
};

struct diag_list {
	struct diag_item *items;
	size_t count;
	size_t cap;
	size_t errors;		/* how many items are DIAG_ERROR */
	bool lost;		/* an item could not be stored (no memory) */
};

/* L may be NULL: the item is dropped. */
void diag_list_add(struct diag_list *l, enum diag_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* First item of LEVEL whose text contains NEEDLE, or NULL; for tests. */
const char *diag_list_find(const struct diag_list *l, enum diag_level level, const char *needle);
void diag_list_free(struct diag_list *l);

#endif
