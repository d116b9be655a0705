/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pluto's exit codes: Libreswan's numbers (enum pluto_exit_code), so
 * init scripts and systemd units written for it read ours the same. */
#ifndef PLUTO_EXIT_H
#define PLUTO_EXIT_H

enum pluto_exit {
	PLUTO_EXIT_OK = 0,
	PLUTO_EXIT_FAIL = 1,		/* bad option, config, anything else */
	PLUTO_EXIT_SOCKET_FAIL = 2,	/* control or IKE socket */
	PLUTO_EXIT_FORK_FAIL = 3,
	PLUTO_EXIT_KERNEL_FAIL = 5,
	PLUTO_EXIT_NSS_FAIL = 6,
	PLUTO_EXIT_LOCK_FAIL = 10,	/* rundir or pluto.pid; another pluto runs */
};

#endif
