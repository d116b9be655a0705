/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the kernel selftests; see selftest.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>

#include "selftest.h"

static int failures;

bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		failures++;
	return ok;
}

int checks_done(void)
{
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	printf("not ok - setup: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	printf("FAILED\n");
	exit(2);
}

void run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(cmd))
		fatal("command too long");
	if (system(cmd) != 0)
		fatal("'%s' failed", cmd);
}

void netns_enter(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fatal("open %s: %s", path, strerror(errno));
	if (setns(fd, CLONE_NEWNET) != 0)
		fatal("setns %s: %s", name, strerror(errno));
	close(fd);
}

long long xfrm_stat(const char *name)
{
	char line[256], key[128];
	long long value, found = -1;
	FILE *f = fopen("/proc/self/net/xfrm_stat", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%127s %lld", key, &value) == 2 &&
		    strcmp(key, name) == 0) {
			found = value;
			break;
		}
	}
	fclose(f);
	return found;
}

long long xfrm_stat_wait(const char *name, long long at_least, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	long long value;

	for (;;) {
		value = xfrm_stat(name);
		if (value >= at_least || now_ms() >= deadline)
			return value;
		usleep(10 * 1000);
	}
}

bool sysctl_write(const char *path, const char *value)
{
	char full[256];
	FILE *f;
	bool ok;

	snprintf(full, sizeof(full), "/proc/sys/%s", path);
	f = fopen(full, "w");
	if (f == NULL)
		return false;
	ok = fputs(value, f) >= 0;
	ok = (fclose(f) == 0) && ok;
	return ok;
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

pid_t ping_start(const char *ns, const char *dst, int count, const char *interval,
		 const char *log)
{
	pid_t pid = fork();

	if (pid < 0)
		fatal("fork: %s", strerror(errno));
	if (pid == 0) {
		char n[16];

		snprintf(n, sizeof(n), "%d", count);
		if (freopen(log, "w", stdout) == NULL)
			_exit(127);
		execlp("ip", "ip", "netns", "exec", ns, "ping", "-q", "-n",
		       "-i", interval, "-c", n, "-W", "3", dst, (char *)NULL);
		_exit(127);
	}
	return pid;
}

void ping_finish(pid_t pid, const char *log, int *transmitted, int *received)
{
	char line[256];
	FILE *f;

	*transmitted = *received = -1;
	if (waitpid(pid, NULL, 0) != pid)
		fatal("waitpid ping: %s", strerror(errno));
	f = fopen(log, "r");
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL)
		sscanf(line, "%d packets transmitted, %d received", transmitted, received);
	fclose(f);
}

struct mnl_socket *xfrm_open(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_XFRM);

	if (nl == NULL)
		fatal("NETLINK_XFRM socket: %s", strerror(errno));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		fatal("bind NETLINK_XFRM: %s", strerror(errno));
	return nl;
}

int xfrm_request(struct mnl_socket *nl, struct nlmsghdr *nlh,
		 void *reply, size_t reply_len)
{
	static uint32_t seq = 1;
	char buf[NL_BUF_SIZE];
	uint32_t portid = mnl_socket_get_portid(nl);
	bool want_reply = reply != NULL;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		fatal("netlink send: %s", strerror(errno));

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		const struct nlmsghdr *r = (const struct nlmsghdr *)buf;

		if (n < 0)
			fatal("netlink receive: %s", strerror(errno));
		for (; mnl_nlmsg_ok(r, (int)n); r = mnl_nlmsg_next(r, (int *)&n)) {
			if (r->nlmsg_seq != seq || r->nlmsg_pid != portid)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(r);

				if (r->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
					fatal("short NLMSG_ERROR");
				/* An ACK after the reply ends the exchange. */
				return e->error;
			}
			if (want_reply) {
				size_t len = r->nlmsg_len < reply_len ? r->nlmsg_len : reply_len;

				memcpy(reply, r, len);
				want_reply = false;
			}
		}
	}
}

int xfrm_dump(struct mnl_socket *nl, uint16_t type, xfrm_msg_cb cb, void *data)
{
	static uint32_t seq = 0x10000;
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	uint32_t portid = mnl_socket_get_portid(nl);
	int count = 0;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		fatal("netlink send: %s", strerror(errno));

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		const struct nlmsghdr *r = (const struct nlmsghdr *)buf;

		if (n < 0)
			fatal("netlink receive: %s", strerror(errno));
		for (; mnl_nlmsg_ok(r, (int)n); r = mnl_nlmsg_next(r, (int *)&n)) {
			if (r->nlmsg_seq != seq || r->nlmsg_pid != portid)
				continue;
			if (r->nlmsg_type == NLMSG_DONE)
				return count;
			if (r->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(r);

				if (r->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
					fatal("short NLMSG_ERROR");
				return e->error;
			}
			cb(r, data);
			count++;
		}
	}
}

struct mnl_socket *xfrm_listen(unsigned int group)
{
	struct mnl_socket *nl = xfrm_open();

	if (setsockopt(mnl_socket_get_fd(nl), SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &group, sizeof(group)) != 0)
		fatal("join XFRM group %u: %s", group, strerror(errno));
	return nl;
}

int xfrm_listen_until(struct mnl_socket *nl, int timeout_ms, xfrm_msg_cb cb,
		      void *data, const bool *done)
{
	long long deadline = now_ms() + timeout_ms;
	char buf[NL_BUF_SIZE];
	int count = 0;

	while (!(done && *done)) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(nl), .events = POLLIN };
		long long left = deadline - now_ms();
		const struct nlmsghdr *r = (const struct nlmsghdr *)buf;
		ssize_t n;

		if (poll(&pfd, 1, left > 0 ? (int)left : 0) <= 0)
			break;
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			fatal("listener receive: %s", strerror(errno));
		for (; mnl_nlmsg_ok(r, (int)n); r = mnl_nlmsg_next(r, (int *)&n)) {
			cb(r, data);
			count++;
		}
	}
	return count;
}

const struct nlattr *xfrm_attr(const struct nlmsghdr *nlh, size_t hdr_len,
			       uint16_t type)
{
	const struct nlattr *attr;

	if (nlh->nlmsg_len < mnl_nlmsg_size(hdr_len))
		return NULL;
	mnl_attr_for_each(attr, nlh, hdr_len) {
		if (mnl_attr_get_type(attr) == type)
			return attr;
	}
	return NULL;
}
