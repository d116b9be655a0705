/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the kernel selftests in testing/kernel/: check
 * reporting, XFRM netlink requests on libmnl, /proc/net/xfrm_stat
 * counters, network namespaces.  The selftests run as root inside the
 * UML guest (testing/kernel/run-selftests), never on the build host.
 */
#ifndef XSWAN_SELFTEST_H
#define XSWAN_SELFTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <libmnl/libmnl.h>

/* Netlink buffers: fixed, larger than any message the tests expect. */
#define NL_BUF_SIZE 16384

/* One check: prints "ok - what" or "not ok - what", remembers failures. */
bool check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Exit status for the whole program: 0 if every check passed. */
int checks_done(void);
/* Give up: the environment is broken, not the behaviour under test. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Run a shell command (setup only); fatal if it fails. */
void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Switch this thread to the named network namespace (/run/netns/NAME). */
void netns_enter(const char *name);

/* A counter from /proc/self/net/xfrm_stat of the current namespace, or -1
 * if this kernel does not have it. */
long long xfrm_stat(const char *name);

/* Poll a counter until it reaches AT_LEAST or TIMEOUT_MS pass; returns
 * the last value read. */
long long xfrm_stat_wait(const char *name, long long at_least, int timeout_ms);

/* Write VALUE to /proc/sys/PATH; false if the file is missing. */
bool sysctl_write(const char *path, const char *value);

/* Milliseconds on a monotonic clock. */
long long now_ms(void);

/* Start "ping -c COUNT -i INTERVAL DST" in namespace NS in the
 * background, its output to LOG; ping_finish() waits for it and reads
 * the summary (-1 each if there is none). */
pid_t ping_start(const char *ns, const char *dst, int count, const char *interval,
		 const char *log);
void ping_finish(pid_t pid, const char *log, int *transmitted, int *received);

/* An XFRM netlink socket in the current namespace. */
struct mnl_socket *xfrm_open(void);

/* Send one request and wait for its answer.  Returns 0 on success or
 * -errno from the kernel's NLMSG_ERROR.  If REPLY is given, the first
 * non-error message of the answer is copied there (REPLY_LEN bytes max). */
int xfrm_request(struct mnl_socket *nl, struct nlmsghdr *nlh,
		 void *reply, size_t reply_len);

/* Called once per message of a dump or of a notification. */
typedef void (*xfrm_msg_cb)(const struct nlmsghdr *nlh, void *data);

/* Send a dump request of TYPE (no payload) and pass every answer to CB.
 * Returns the number of messages, or -errno from the kernel. */
int xfrm_dump(struct mnl_socket *nl, uint16_t type, xfrm_msg_cb cb, void *data);

/* An XFRM netlink socket in the current namespace that listens on the
 * multicast GROUP (XFRMNLGRP_*). */
struct mnl_socket *xfrm_listen(unsigned int group);

/* Pass each message queued on the listener NL to CB until CB's DONE flag
 * (*done) is true or TIMEOUT_MS pass; with TIMEOUT_MS 0 it only drains
 * what is queued.  Returns the number of messages seen. */
int xfrm_listen_until(struct mnl_socket *nl, int timeout_ms, xfrm_msg_cb cb,
		      void *data, const bool *done);

/* The attribute TYPE in an XFRM message whose fixed header is HDR_LEN
 * bytes, or NULL. */
const struct nlattr *xfrm_attr(const struct nlmsghdr *nlh, size_t hdr_len,
			       uint16_t type);

#endif
