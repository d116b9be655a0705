/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An append-only stdio stream that writes into a shared mapping of its
 * file instead of calling write(2).
 *
 * Why: pluto's install journal (programs/pluto/kernel_xfrm_journal.c)
 * flushes a line before each kernel change so that the next instance
 * finds it after a crash, and under UML each write() is a system call of
 * 60-85 us, one per tunnel per end.  A flushed line here is a memcpy()
 * into the page cache: in the file for any reader at once, and still
 * there if the process dies the next moment (not after a power loss,
 * which the journal's tmpfs does not outlive anyway).
 *
 * The file grows in steps reserved with fallocate(), so a full file
 * system fails the write (ENOSPC; ferror() is set, and glibc's fflush()
 * may still return 0, so check ferror()) instead of killing the process
 * with SIGBUS at the first store into a page it cannot have.
 * Where fallocate() is not supported the stream falls back to write().
 * Until the stream is closed the file ends in zero bytes after what was
 * written; fclose() cuts them off.  Readers stop at the first zero byte.
 */
#ifndef XSWAN_MAPPED_FILE_H
#define XSWAN_MAPPED_FILE_H

#include <stdio.h>

/* Create (O_TRUNC, O_NOFOLLOW, mode 0600) and open PATH; NULL and errno
 * on failure. */
FILE *mapped_file_create(const char *path);

#endif
