/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_read.h"

bool read_regular_file(const char *path, size_t max, char **text, size_t *len, struct diag *d)
{
	*text = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO must not hang before fstat() says no. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return diag(d, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return diag(d, "not a regular file");
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return diag(d, "larger than %zu bytes", max);
	}
	size_t size = (size_t)st.st_size, got = 0;
	char *buf = malloc(size + 1);
	if (buf == NULL) {
		close(fd);
		return diag(d, "out of memory");
	}
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* the file shrank: use what is there */
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*text = buf;
	*len = got;
	return true;
}

const char *file_names_intern(char ***files, size_t *nr, size_t *cap, const char *path)
{
	for (size_t i = 0; i < *nr; i++) {
		if (strcmp((*files)[i], path) == 0)
			return (*files)[i];
	}
	if (*nr == *cap) {
		size_t ncap = *cap == 0 ? 4 : *cap * 2;
		char **grown = realloc(*files, ncap * sizeof(*grown));
		if (grown == NULL)
			return NULL;
		*files = grown;
		*cap = ncap;
	}
	char *copy = strdup(path);
	if (copy == NULL)
		return NULL;
	(*files)[(*nr)++] = copy;
	return copy;
}
