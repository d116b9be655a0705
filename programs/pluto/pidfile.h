/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RUNDIR/pluto.pid: holds our pid and an flock() for as long as pluto
 * runs.  The lock, not the file's existence, decides whether another
 * pluto is running, so a file left by a crash never blocks a restart.
 */
#ifndef PLUTO_PIDFILE_H
#define PLUTO_PIDFILE_H

#include <stdbool.h>
#include <sys/types.h>

#include "diag.h"

/* Create RUNDIR if needed, open and lock PATH; the fd, or -1 with D
 * ("pluto is already running (pid N)" when another holds the lock). */
int pidfile_lock(const char *rundir, const char *path, struct diag *d);
/* Replace the file's contents with PID (after a fork, the child's). */
bool pidfile_write(int fd, pid_t pid, struct diag *d);
/* Remove PATH, then release the lock. */
void pidfile_release(int fd, const char *path);

#endif
