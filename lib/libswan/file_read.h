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

/*
 * The one copy of PATH in a growing list of file names (what config and
 * secrets entries point at for their FILE:LINE); NULL when out of memory.
 * *FILES, *NR and *CAP start as NULL, 0, 0; the caller frees each name
 * and the array.
 */
const char *file_names_intern(char ***files, size_t *nr, size_t *cap, const char *path);

#endif
