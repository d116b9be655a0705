/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running updown scripts: spawning, reading their output into the log,
 * the deadline, and the queue that keeps them in order (updown_exec.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "log.h"
#include "updown_exec.h"

#define UPDOWN_TIMEOUT_MS 30000u
#define REAP_POLL_MS 50

static unsigned timeout_ms = UPDOWN_TIMEOUT_MS;
static struct event_base *loop_base;
static struct updown_job *queue_head, *queue_tail;	/* head: the one running */

void updown_set_timeout_ms(unsigned ms)
{
	timeout_ms = ms != 0 ? ms : UPDOWN_TIMEOUT_MS;
}

static unsigned long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

static void job_free(struct updown_job *job)
{
	for (unsigned i = 0; i < job->nvars; i++) {
		/* the PLUTO_* values are not secret, but tidy anyway */
		free(job->vars[i]);
	}
	free(job->cmd);
	free(job->who);
	free(job);
}

/* Start /bin/sh -c CMD with pluto's environment (without any PLUTO_*
 * of its own) plus the job's, stdin from /dev/null, stdout and stderr
 * into a pipe, in a process group of its own (a timeout kills the whole
 * script).  posix_spawn, not fork: glibc starts the child without
 * copying pluto's address space.  0 or an errno value. */
static int job_spawn(struct updown_job *job)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int pipefd[2];
	size_t n = 0, k = 0;
	int err;

	while (environ[n] != NULL)
		n++;
	char **envp = calloc(n + job->nvars + 1, sizeof(*envp));
	if (envp == NULL)
		return ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "PLUTO_", 6) != 0)
			envp[k++] = environ[i];
	for (unsigned i = 0; i < job->nvars; i++)
		envp[k++] = job->vars[i];
	envp[k] = NULL;
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		err = errno;
		free(envp);
		return err;
	}
	char *const argv[] = { (char *)"sh", (char *)"-c", job->cmd, NULL };
	err = posix_spawn_file_actions_init(&fa);
	if (err == 0 && (err = posix_spawnattr_init(&attr)) != 0)
		posix_spawn_file_actions_destroy(&fa);
	if (err == 0) {
		err = posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
		if (err == 0)
			err = posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
		if (err == 0)
			err = posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDERR_FILENO);
		if (err == 0)
			err = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
		if (err == 0)
			err = posix_spawnattr_setpgroup(&attr, 0);
		pid_t pid;
		if (err == 0)
			err = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, envp);
		if (err == 0)
			job->pid = pid;
		posix_spawnattr_destroy(&attr);
		posix_spawn_file_actions_destroy(&fa);
	}
	free(envp);
	close(pipefd[1]);
	if (err != 0) {
		close(pipefd[0]);
		return err;
	}
	job->fd = pipefd[0];
	job->deadline_ms = now_ms() + timeout_ms;
	return 0;
}

/* Log the complete lines in the job's buffer; with FLUSH, the rest too. */
static void log_lines(struct updown_job *job, bool flush)
{
	char *start = job->out, *nl;

	while ((nl = memchr(start, '\n', job->out_used - (unsigned)(start - job->out))) != NULL) {
		*nl = '\0';
		llog("%s: %s", job->who, start);
		start = nl + 1;
	}
	job->out_used -= (unsigned)(start - job->out);
	memmove(job->out, start, job->out_used);
	if (job->out_used > 0 && (flush || job->out_used == sizeof(job->out) - 1)) {
		job->out[job->out_used] = '\0';
		llog("%s: %s", job->who, job->out);
		job->out_used = 0;
	}
}

/* Read what is there; false at end of output (or an error). */
static bool read_some(struct updown_job *job)
{
	ssize_t n;

	do
		n = read(job->fd, job->out + job->out_used, sizeof(job->out) - 1 - job->out_used);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return false;
	job->out_used += (unsigned)n;
	log_lines(job, false);
	return true;
}

/* The script's verdict once it has exited (or been killed). */
static bool job_verdict(struct updown_job *job, int status, bool killed)
{
	if (killed) {
		llog("%s: did not finish within %u ms; killed it", job->who, timeout_ms);
		return false;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (WIFEXITED(status))
		llog("%s: command exited with status %d", job->who, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		llog("%s: command killed by signal %d", job->who, WTERMSIG(status));
	return false;
}

static int wait_blocking(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* Synchronously: read to the end or the deadline, then reap. */
static bool job_finish_sync(struct updown_job *job)
{
	bool killed = false;

	for (;;) {
		unsigned long long now = now_ms();
		if (now >= job->deadline_ms) {
			killed = true;
			break;
		}
		struct pollfd pfd = { .fd = job->fd, .events = POLLIN };
		int r = poll(&pfd, 1, (int)(job->deadline_ms - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			killed = true;
			break;
		}
		if (r < 0 || !read_some(job))
			break;
	}
	log_lines(job, true);
	close(job->fd);
	job->fd = -1;
	if (killed)
		kill(-job->pid, SIGKILL);
	return job_verdict(job, wait_blocking(job->pid), killed);
}

static void start_next(void);

/* Queued mode: the running job is done; on to the next. */
static void job_done_async(struct updown_job *job, int status, bool killed)
{
	job_verdict(job, status, killed);
	if (job->ev_read != NULL)
		event_free(job->ev_read);
	if (job->ev_timer != NULL)
		event_free(job->ev_timer);
	if (job->fd >= 0)
		close(job->fd);
	queue_head = job->next;
	if (queue_head == NULL)
		queue_tail = NULL;
	job_free(job);
	start_next();
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct updown_job *job = arg;
	int status = 0;

	(void)fd;
	(void)what;
	/* Output ended: has the script exited? */
	if (job->fd < 0) {
		pid_t r = waitpid(job->pid, &status, WNOHANG);
		if (r == job->pid || (r < 0 && errno != EINTR)) {
			job_done_async(job, status, false);
			return;
		}
	}
	if (now_ms() >= job->deadline_ms) {
		kill(-job->pid, SIGKILL);
		log_lines(job, true);
		job_done_async(job, wait_blocking(job->pid), true);
		return;
	}
	struct timeval tv = { 0, REAP_POLL_MS * 1000 };
	if (job->fd >= 0) {
		unsigned long long left = job->deadline_ms - now_ms();
		tv = (struct timeval){ (time_t)(left / 1000), (suseconds_t)(left % 1000) * 1000 };
	}
	evtimer_add(job->ev_timer, &tv);
}

static void read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct updown_job *job = arg;

	(void)fd;
	(void)what;
	if (read_some(job))
		return;
	/* End of output: stop reading, reap as soon as it has exited. */
	log_lines(job, true);
	event_free(job->ev_read);
	job->ev_read = NULL;
	close(job->fd);
	job->fd = -1;
	evtimer_del(job->ev_timer);
	timer_cb(-1, 0, job);
}

static void start_next(void)
{
	while (queue_head != NULL) {
		struct updown_job *job = queue_head;
		int err = job_spawn(job);
		if (err == 0) {
			job->ev_read = event_new(loop_base, job->fd, EV_READ | EV_PERSIST, read_cb, job);
			job->ev_timer = evtimer_new(loop_base, timer_cb, job);
			if (job->ev_read != NULL && job->ev_timer != NULL &&
			    event_add(job->ev_read, NULL) == 0) {
				struct timeval tv = { (time_t)(timeout_ms / 1000),
						      (suseconds_t)(timeout_ms % 1000) * 1000 };
				evtimer_add(job->ev_timer, &tv);
				return;
			}
			/* No events: finish it here rather than lose it. */
			if (job->ev_read != NULL)
				event_free(job->ev_read);
			if (job->ev_timer != NULL)
				event_free(job->ev_timer);
			job->ev_read = job->ev_timer = NULL;
			job_finish_sync(job);
		} else {
			llog("%s: cannot start /bin/sh: %s", job->who, strerror(err));
		}
		queue_head = job->next;
		if (queue_head == NULL)
			queue_tail = NULL;
		job_free(job);
	}
}

/* Run JOB to completion now. */
static bool run_sync(struct updown_job *job)
{
	int err = job_spawn(job);
	bool ok = false;

	if (err == 0)
		ok = job_finish_sync(job);
	else
		llog("%s: cannot start /bin/sh: %s", job->who, strerror(err));
	job_free(job);
	return ok;
}

/* Finish the running script and every queued one, here and now. */
static void drain_sync(void)
{
	struct updown_job *job = queue_head;

	/* The running one: carry on reading it here, without the loop. */
	if (job != NULL) {
		if (job->ev_read != NULL)
			event_free(job->ev_read);
		if (job->ev_timer != NULL)
			event_free(job->ev_timer);
		job->ev_read = job->ev_timer = NULL;
		if (job->fd >= 0) {
			job_finish_sync(job);
		} else {
			bool killed = false;
			int status = 0;
			while (waitpid(job->pid, &status, WNOHANG) == 0) {
				if (now_ms() >= job->deadline_ms) {
					kill(-job->pid, SIGKILL);
					status = wait_blocking(job->pid);
					killed = true;
					break;
				}
				poll(NULL, 0, REAP_POLL_MS);
			}
			job_verdict(job, status, killed);
		}
		queue_head = job->next;
		job_free(job);
	}
	/* The rest, one after the other. */
	while (queue_head != NULL) {
		job = queue_head;
		queue_head = job->next;
		run_sync(job);
	}
	queue_tail = NULL;
}

bool updown_exec(struct updown_job *job, bool wait)
{
	job->next = NULL;
	job->fd = -1;
	job->out_used = 0;
	job->ev_read = job->ev_timer = NULL;
	if (loop_base == NULL || wait) {
		/* In order: whatever was asked for before runs first. */
		drain_sync();
		return run_sync(job);
	}
	bool idle = queue_head == NULL;
	if (queue_tail != NULL)
		queue_tail->next = job;
	else
		queue_head = job;
	queue_tail = job;
	if (idle)
		start_next();
	return true;
}

void updown_set_event_base(struct event_base *base)
{
	loop_base = base;
}

void updown_wait(void)
{
	drain_sync();
}

void updown_flush(void)
{
	drain_sync();
	loop_base = NULL;
}
