/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mapped_file.h"

/* The first reservation; each next one doubles it. */
#define MAPPED_FILE_STEP (64 * 1024)

struct mapped_file {
	int fd;
	char *map;		/* NULL: not mapped (yet, or write() fallback) */
	size_t len;		/* bytes written */
	size_t cap;		/* bytes reserved and mapped */
	int fallback;		/* fallocate() unsupported: plain write() */
};

static int reserve(struct mapped_file *m, size_t need)
{
	size_t cap = m->cap != 0 ? m->cap : MAPPED_FILE_STEP;

	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			errno = EFBIG;
			return -1;
		}
		cap *= 2;
	}
	if (cap > (size_t)INT64_MAX) {
		errno = EFBIG;
		return -1;
	}
	if (fallocate(m->fd, 0, 0, (off_t)cap) < 0) {
		if (errno == EOPNOTSUPP && m->map == NULL) {
			m->fallback = 1;
			return 0;
		}
		return -1;
	}
	char *map = m->map == NULL
		? mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0)
		: mremap(m->map, m->cap, cap, MREMAP_MAYMOVE);
	if (map == MAP_FAILED)
		return -1;
	m->map = map;
	m->cap = cap;
	return 0;
}

/* fopencookie(3): the number of bytes taken, 0 on error (errno says
 * which), never negative: glibc takes a negative count as a size and
 * crashes (found by test_full_file_system_fails_the_flush). */
static ssize_t mapped_write(void *cookie, const char *buf, size_t n)
{
	struct mapped_file *m = cookie;

	if (!m->fallback && m->len + n > m->cap) {
		if (m->len + n < m->len) {
			errno = EFBIG;
			return 0;
		}
		if (reserve(m, m->len + n) < 0)
			return 0;
	}
	if (m->fallback) {
		ssize_t w = write(m->fd, buf, n);

		if (w <= 0)
			return 0;
		m->len += (size_t)w;
		return w;
	}
	memcpy(m->map + m->len, buf, n);
	m->len += n;
	return (ssize_t)n;
}

static int mapped_close(void *cookie)
{
	struct mapped_file *m = cookie;
	int rc = 0;

	if (m->map != NULL && munmap(m->map, m->cap) < 0)
		rc = -1;
	/* the reserved zero bytes are no part of what was written */
	if (!m->fallback && ftruncate(m->fd, (off_t)m->len) < 0)
		rc = -1;
	if (close(m->fd) < 0)
		rc = -1;
	free(m);
	return rc;
}

FILE *mapped_file_create(const char *path)
{
	struct mapped_file *m = calloc(1, sizeof(*m));
	cookie_io_functions_t io = { .write = mapped_write, .close = mapped_close };
	FILE *f;

	if (m == NULL)
		return NULL;
	/* Ours alone: no symlink games in a shared directory. */
	m->fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (m->fd < 0) {
		free(m);
		return NULL;
	}
	f = fopencookie(m, "w", io);
	if (f == NULL) {
		int err = errno;

		close(m->fd);
		free(m);
		errno = err;
	}
	return f;
}
