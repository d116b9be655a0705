/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Read a small regular file whole (config and secrets files): refuses
 * devices, FIFOs and directories (an include glob could name them) and
 * anything bigger than MAX.  The text is NUL-terminated; *LEN excludes
 * the NUL.  Callers holding secrets secure_zero() it before free().
 */
#ifndef XSWAN_FILE_READ_H
#define XSWAN_FILE_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

bool read_regular_file(const char *path, size_t max, char **text, size_t *len, struct diag *d);

#endif
