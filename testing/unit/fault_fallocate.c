/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>

#include "fault_fallocate.h"

int fallocate_errno;

int __real_fallocate(int fd, int mode, off_t offset, off_t len);
int __wrap_fallocate(int fd, int mode, off_t offset, off_t len);

int __wrap_fallocate(int fd, int mode, off_t offset, off_t len)
{
	if (fallocate_errno != 0) {
		errno = fallocate_errno;
		return -1;
	}
	return __real_fallocate(fd, mode, offset, len);
}
