/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pluto: parse options, read config setup, take the pid lock, fork,
 * open the IKE and control sockets, drop capabilities, run the loop.
 * Each step is one call; the order is the point of this file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capabilities.h"
#include "fd_limit.h"
#include "connections.h"
#include "iface_udp.h"
#include "log.h"
#include "log_syslog.h"
#include "pidfile.h"
#include "pluto_config.h"
#include "pluto_exit.h"
#include "pluto_options.h"
#include "server.h"
#include "state.h"
#include "whack_server.h"
#include "whack_verbs.h"
#include "xswan_version.h"

/* config setup values are used only where the command line said nothing. */
static bool apply_setup(struct pluto_options *o, const struct pluto_setup *s,
			struct diag *d)
{
	if (o->logfile == NULL && !o->stderrlog && s->logfile[0] != '\0')
		o->logfile = s->logfile;
	if (s->nssdir[0] != '\0' && strcmp(o->nssdir, XSWAN_NSSDIR) == 0)
		o->nssdir = s->nssdir;
	if (!o->debug_set && s->plutodebug[0] != '\0') {
		const char *bad;
		if (!log_parse_debug(s->plutodebug, &o->debug, &bad))
			return diag(d, "plutodebug=%s: unknown class '%s'", s->plutodebug, bad);
	}
	if (o->nr_listen == 0 && s->listen[0] != '\0')
		o->listen[o->nr_listen++] = s->listen;
	return true;
}

static bool read_config(struct pluto_options *o, struct pluto_setup *s)
{
	struct diag d;

	switch (pluto_config_read_setup(o->config_file, s, &d)) {
	case PLUTO_CONFIG_OK:
		if (!apply_setup(o, s, &d)) {
			fprintf(stderr, "pluto: ERROR: %s: %s\n", o->config_file, d.msg);
			return false;
		}
		return true;
	case PLUTO_CONFIG_NO_PARSER:
		/* Not fatal: the command line carries everything pluto needs. */
		if (o->config_explicit || access(o->config_file, F_OK) == 0)
			fprintf(stderr, "pluto: WARNING: %s; using command-line options only\n",
				d.msg);
		return true;
	case PLUTO_CONFIG_ERROR:
		break;
	}
	fprintf(stderr, "pluto: ERROR: %s\n", d.msg);
	return false;
}

static bool setup_logging(const struct pluto_options *o)
{
	if (o->logfile != NULL) {
		FILE *f = fopen(o->logfile, "ae");
		if (f == NULL) {
			fprintf(stderr, "pluto: ERROR: cannot open logfile %s: %s\n",
				o->logfile, strerror(errno));
			return false;
		}
		/* Lines are flushed once per event-loop turn (server.c): room
		 * for a busy turn's worth.  glibc ignores the size unless it
		 * is given the buffer (with NULL it took st_blksize, 1 KiB on
		 * the test guests' file system: 91 of setup-rate's 170 log
		 * writes were full 1 KiB buffers). */
		static char log_buffer[1 << 16];
		setvbuf(f, log_buffer, _IOFBF, sizeof(log_buffer));
		log_set_file(f, !o->log_no_time);
	} else if (o->stderrlog) {
		log_set_file(NULL, false);
	} else {
		FILE *f = log_syslog_open("pluto");
		if (f == NULL) {
			fprintf(stderr, "pluto: ERROR: cannot log to syslog\n");
			return false;
		}
		log_set_file(f, false);
	}
	log_set_debug(o->debug);
	return true;
}

/*
 * Fork into the background.  The parent stays until the child says it
 * is ready (a byte on a pipe) or dies, so `pluto` returning 0 means the
 * control socket is up, and a failure's exit code reaches the caller.
 * Returns the write end of the pipe in the child.
 */
static int daemonize(const struct pluto_options *o)
{
	int pipefd[2];

	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		fprintf(stderr, "pluto: ERROR: pipe: %s\n", strerror(errno));
		exit(PLUTO_EXIT_FORK_FAIL);
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "pluto: ERROR: fork: %s\n", strerror(errno));
		exit(PLUTO_EXIT_FORK_FAIL);
	}
	if (pid > 0) {
		char c;
		int status;
		close(pipefd[1]);
		ssize_t n;
		do
			n = read(pipefd[0], &c, 1);
		while (n < 0 && errno == EINTR);
		if (n == 1)
			_exit(PLUTO_EXIT_OK);
		if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
			_exit(WEXITSTATUS(status));
		_exit(PLUTO_EXIT_FAIL);
	}
	close(pipefd[0]);
	setsid();
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (!o->stderrlog)
			dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	return pipefd[1];
}

int main(int argc, char *argv[])
{
	static struct pluto_options o;	/* outlives the loop; apply_setup points into s */
	static struct pluto_setup setup;
	static struct pluto p;
	struct diag d;
	int ready = -1;
	int rc;

	if (!pluto_options_parse(argc, argv, &o, &d)) {
		fprintf(stderr, "pluto: ERROR: %s\n", d.msg);
		return PLUTO_EXIT_FAIL;
	}
	switch (o.action) {
	case PLUTO_HELP:
		pluto_usage(argv[0]);
		return PLUTO_EXIT_OK;
	case PLUTO_VERSION:
		printf("xswan pluto %s\n", XSWAN_VERSION);
		return PLUTO_EXIT_OK;
	case PLUTO_CHECKCONFIG:
		if (pluto_config_check(o.config_file, &d) != PLUTO_CONFIG_OK) {
			fprintf(stderr, "pluto: ERROR: %s\n", d.msg);
			return PLUTO_EXIT_FAIL;
		}
		printf("%s: OK\n", o.config_file);
		return PLUTO_EXIT_OK;
	case PLUTO_RUN:
		break;
	}
	if (!read_config(&o, &setup))
		return PLUTO_EXIT_FAIL;

	int pidfd = pidfile_lock(o.rundir, o.pid_path, &d);
	if (pidfd < 0) {
		fprintf(stderr, "pluto: ERROR: %s\n", d.msg);
		return PLUTO_EXIT_LOCK_FAIL;
	}
	if (!o.nofork)
		ready = daemonize(&o);
	if (!setup_logging(&o)) {
		rc = PLUTO_EXIT_FAIL;
		goto out;
	}
	llog("xswan pluto %s starting, pid %d", XSWAN_VERSION, (int)getpid());
	rlim_t files_before, files;
	if (!fd_limit_raise(&files_before, &files, &d))
		llog("WARNING: %s; keeping the limit on open files", d.msg);
	else if (files != files_before)
		ldbg(DBG_BASE, "limit on open files raised from %llu to %llu",
		     (unsigned long long)files_before, (unsigned long long)files);
	if (!pidfile_write(pidfd, getpid(), &d)) {
		llog("ERROR: %s", d.msg);
		rc = PLUTO_EXIT_LOCK_FAIL;
		goto out;
	}
	if (!server_init(&p, &o, &d)) {
		llog("ERROR: %s", d.msg);
		rc = PLUTO_EXIT_FAIL;
		goto out;
	}
	/*
	 * Kernel backend, crypto and connection layer start here, in this
	 * order, once merged: the backend first (ifaces_set_bypass() before
	 * any IKE socket opens), the connection layer last (it registers
	 * its whack verbs with whack_server_register() and its status
	 * sections with status_set_section()).
	 */
	if (!ike_daemon_init(&p, &d)) {
		llog("ERROR: %s", d.msg);
		rc = PLUTO_EXIT_FAIL;
		goto out;
	}
	/* The control socket before the IKE sockets: should the latter run
	 * out of descriptors, the administrator can still ask what is up. */
	p.whack = whack_server_open(&p, o.ctl_path, &d);
	if (p.whack == NULL) {
		llog("ERROR: control socket: %s", d.msg);
		rc = PLUTO_EXIT_SOCKET_FAIL;
		goto out;
	}
	if (ifaces_listen(p.ifaces, NULL) == 0)
		llog("WARNING: no IKE socket is open; 'ipsec whack --listen' retries");
	whack_verbs_register_frame(p.whack);
	if (!connections_init(&p, &d)) {
		llog("ERROR: %s", d.msg);
		rc = PLUTO_EXIT_FAIL;
		goto out;
	}
	if (!capabilities_drop(&d)) {
		llog("ERROR: %s", d.msg);
		rc = PLUTO_EXIT_FAIL;
		goto out;
	}
	llog("listening on %s", o.ctl_path);
	if (ready >= 0) {
		if (write(ready, "1", 1) != 1)
			llog("WARNING: could not tell the parent process pluto is ready");
		close(ready);
		ready = -1;
	}
	connections_start(&p);
	rc = server_run(&p);
	connections_shutdown(&p);
	ike_daemon_shutdown(&p);
	llog("pluto exiting");
out:
	server_free(&p);
	pidfile_release(pidfd, o.pid_path);
	return rc;
}
