/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidfile.h"

int pidfile_lock(const char *rundir, const char *path, struct diag *d)
{
	if (mkdir(rundir, 0755) < 0 && errno != EEXIST) {
		diag(d, "cannot create run directory %s: %s", rundir, strerror(errno));
		return -1;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		diag(d, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		char text[24] = "";
		ssize_t n = read(fd, text, sizeof(text) - 1);
		long pid = n > 0 ? strtol(text, NULL, 10) : 0;

		close(fd);
		if (e == EWOULDBLOCK) {
			if (pid > 0)
				diag(d, "pluto is already running (pid %ld holds %s)", pid, path);
			else
				diag(d, "pluto is already running (another process holds %s)", path);
		} else {
			diag(d, "cannot lock %s: %s", path, strerror(e));
		}
		return -1;
	}
	return fd;
}

bool pidfile_write(int fd, pid_t pid, struct diag *d)
{
	char text[24];
	int n = snprintf(text, sizeof(text), "%d\n", (int)pid);

	if (ftruncate(fd, 0) < 0 || pwrite(fd, text, (size_t)n, 0) != n)
		return diag(d, "cannot write the pid file: %s", strerror(errno));
	return true;
}

void pidfile_release(int fd, const char *path)
{
	if (fd < 0)
		return;
	/* Unlink while still locked: a pluto starting now either sees our
	 * lock or a fresh file, never our stale pid. */
	unlink(path);
	close(fd);
}
