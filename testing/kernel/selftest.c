/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the kernel selftests; see selftest.h. */
#include <arpa/inet.h>
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

/* Read the answers to request SEQ on NL.  NLMSG_ERROR (an ACK, or the
 * error) ends them and its error field is returned; with DUMP, so does
 * NLMSG_DONE, which returns 1 (errors are never positive).  Every other
 * answer goes to CB. */
static int read_answers(struct mnl_socket *nl, uint32_t seq, bool dump,
			xfrm_msg_cb cb, void *data)
{
	char buf[NL_BUF_SIZE];
	uint32_t portid = mnl_socket_get_portid(nl);

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		const struct nlmsghdr *r = (const struct nlmsghdr *)buf;

		if (n < 0)
			fatal("netlink receive: %s", strerror(errno));
		for (; mnl_nlmsg_ok(r, (int)n); r = mnl_nlmsg_next(r, (int *)&n)) {
			if (r->nlmsg_seq != seq || r->nlmsg_pid != portid)
				continue;
			if (dump && r->nlmsg_type == NLMSG_DONE)
				return 1;
			if (r->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(r);

				if (r->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
					fatal("short NLMSG_ERROR");
				return e->error;
			}
			cb(r, data);
		}
	}
}

/* Where xfrm_request() keeps the first answer that is not the ACK. */
struct first_reply {
	void *reply;
	size_t len;
	bool copied;
};

static void copy_first_reply(const struct nlmsghdr *r, void *data)
{
	struct first_reply *f = data;

	if (f->reply == NULL || f->copied)
		return;
	memcpy(f->reply, r, r->nlmsg_len < f->len ? r->nlmsg_len : f->len);
	f->copied = true;
}

int xfrm_request(struct mnl_socket *nl, struct nlmsghdr *nlh,
		 void *reply, size_t reply_len)
{
	static uint32_t seq = 1;
	struct first_reply f = { .reply = reply, .len = reply_len };

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		fatal("netlink send: %s", strerror(errno));
	/* An ACK after the reply ends the exchange. */
	return read_answers(nl, seq, false, copy_first_reply, &f);
}

int xfrm_dump(struct mnl_socket *nl, uint16_t type, xfrm_msg_cb cb, void *data)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	return xfrm_dump_msg(nl, nlh, cb, data);
}

/* xfrm_dump_msg() counts what it passes on. */
struct counted_cb {
	xfrm_msg_cb cb;
	void *data;
	int count;
};

static void count_and_pass(const struct nlmsghdr *r, void *data)
{
	struct counted_cb *c = data;

	c->cb(r, c->data);
	c->count++;
}

int xfrm_dump_msg(struct mnl_socket *nl, struct nlmsghdr *req, xfrm_msg_cb cb, void *data)
{
	static uint32_t seq = 0x10000;
	struct counted_cb c = { .cb = cb, .data = data };
	int end;

	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req->nlmsg_seq = ++seq;
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		fatal("netlink send: %s", strerror(errno));
	end = read_answers(nl, seq, true, count_and_pass, &c);
	return end == 1 ? c.count : end;
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

void xfrm_lft_infinite(struct xfrm_lifetime_cfg *lft)
{
	lft->soft_byte_limit = XFRM_INF;
	lft->hard_byte_limit = XFRM_INF;
	lft->soft_packet_limit = XFRM_INF;
	lft->hard_packet_limit = XFRM_INF;
}

int addr_family(const char *addr)
{
	return strchr(addr, ':') != NULL ? AF_INET6 : AF_INET;
}

int xfrm_addr_parse(xfrm_address_t *a, const char *addr)
{
	int family = addr_family(addr);

	memset(a, 0, sizeof(*a));
	if (inet_pton(family, addr, a) != 1)
		fatal("not an IP address: %s", addr);
	return family;
}

void xfrm_selector_v4(struct xfrm_selector *sel, const char *src, const char *dst,
		      uint8_t prefixlen, uint8_t proto)
{
	memset(sel, 0, sizeof(*sel));
	xfrm_addr_parse(&sel->saddr, src);
	sel->family = xfrm_addr_parse(&sel->daddr, dst);
	sel->prefixlen_s = prefixlen;
	sel->prefixlen_d = prefixlen;
	sel->proto = proto;
}

struct nlmsghdr *xfrm_sa_msg_noalg(char *buf, uint16_t type, const struct sa_spec *s)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_usersa_info *sa;

	nlh->nlmsg_type = type;
	sa = mnl_nlmsg_put_extra_header(nlh, sizeof(*sa));
	memset(sa, 0, sizeof(*sa));
	xfrm_addr_parse(&sa->saddr, s->src);
	sa->family = xfrm_addr_parse(&sa->id.daddr, s->dst);
	sa->id.spi = htonl(s->spi);
	sa->id.proto = IPPROTO_ESP;
	sa->mode = s->mode;
	sa->reqid = s->reqid;
	sa->replay_window = s->replay_window;
	xfrm_lft_infinite(&sa->lft);
	return nlh;
}

struct nlmsghdr *xfrm_sa_msg(char *buf, uint16_t type, const struct sa_spec *s)
{
	struct nlmsghdr *nlh = xfrm_sa_msg_noalg(buf, type, s);
	struct {
		struct xfrm_algo_aead alg;
		unsigned char key[20];	/* AES-128 key and 4-byte salt */
	} aead;

	memset(&aead, 0, sizeof(aead));
	strcpy(aead.alg.alg_name, "rfc4106(gcm(aes))");
	aead.alg.alg_key_len = sizeof(aead.key) * 8;
	aead.alg.alg_icv_len = 128;
	memset(aead.key, s->key_byte, sizeof(aead.key));
	mnl_attr_put(nlh, XFRMA_ALG_AEAD, sizeof(aead), &aead);
	return nlh;
}

int xfrm_sa_put(struct mnl_socket *nl, uint16_t type, const struct sa_spec *s)
{
	char buf[NL_BUF_SIZE];

	return xfrm_request(nl, xfrm_sa_msg(buf, type, s), NULL, 0);
}

struct nlmsghdr *xfrm_sa_id_msg(char *buf, uint16_t type, const char *dst, uint32_t spi)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_usersa_id *id;

	nlh->nlmsg_type = type;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	memset(id, 0, sizeof(*id));
	id->family = xfrm_addr_parse(&id->daddr, dst);
	id->spi = htonl(spi);
	id->proto = IPPROTO_ESP;
	return nlh;
}

int xfrm_sa_get(struct mnl_socket *nl, const char *dst, uint32_t spi,
		void *reply, size_t reply_len)
{
	char buf[NL_BUF_SIZE];
	const struct nlmsghdr *r = reply;
	int err;

	memset(reply, 0, reply_len);
	err = xfrm_request(nl, xfrm_sa_id_msg(buf, XFRM_MSG_GETSA, dst, spi),
			   reply, reply_len);
	if (err)
		return err;
	/* xfrm_request() copies at most REPLY_LEN bytes: a longer answer
	 * would leave its attributes cut. */
	if (r->nlmsg_type != XFRM_MSG_NEWSA || r->nlmsg_len > reply_len ||
	    r->nlmsg_len < mnl_nlmsg_size(sizeof(struct xfrm_usersa_info)))
		return -EPROTO;
	return 0;
}

int xfrm_sa_del(struct mnl_socket *nl, const char *dst, uint32_t spi)
{
	char buf[NL_BUF_SIZE];

	return xfrm_request(nl, xfrm_sa_id_msg(buf, XFRM_MSG_DELSA, dst, spi), NULL, 0);
}

struct nlmsghdr *xfrm_policy_msg(char *buf, uint16_t type, const struct policy_spec *ps)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_userpolicy_info *p;
	struct xfrm_user_tmpl t;

	nlh->nlmsg_type = type;
	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));
	memset(p, 0, sizeof(*p));
	xfrm_selector_v4(&p->sel, ps->sel_src, ps->sel_dst, ps->prefixlen, ps->proto);
	xfrm_lft_infinite(&p->lft);
	p->priority = 1000;
	p->dir = ps->dir;
	p->action = XFRM_POLICY_ALLOW;

	memset(&t, 0, sizeof(t));
	xfrm_addr_parse(&t.saddr, ps->tmpl_src);
	t.family = xfrm_addr_parse(&t.id.daddr, ps->tmpl_dst);
	t.id.proto = IPPROTO_ESP;
	t.reqid = ps->reqid;
	t.mode = ps->mode;
	t.aalgos = t.ealgos = t.calgos = ~0u;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	return nlh;
}

int xfrm_policy_put(struct mnl_socket *nl, uint16_t type, const struct policy_spec *p)
{
	char buf[NL_BUF_SIZE];

	return xfrm_request(nl, xfrm_policy_msg(buf, type, p), NULL, 0);
}

int xfrm_collect(struct mnl_socket *nl, uint16_t type, const char *name,
		 void *out, size_t size, int max, int timeout_ms, bool first_only)
{
	long long deadline = now_ms() + timeout_ms;
	char buf[NL_BUF_SIZE];
	int count = 0;

	for (;;) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(nl), .events = POLLIN };
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		long long left = deadline - now_ms();
		ssize_t n;

		if (poll(&pfd, 1, left > 0 ? (int)left : 0) <= 0)
			return count;
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			fatal("listener receive: %s", strerror(errno));
		for (; mnl_nlmsg_ok(nlh, (int)n); nlh = mnl_nlmsg_next(nlh, (int *)&n)) {
			if (nlh->nlmsg_type != type)
				continue;
			if (nlh->nlmsg_len < mnl_nlmsg_size(size)) {
				if (name)
					check(false, "%s too short (%u)", name, nlh->nlmsg_len);
				continue;
			}
			if (count < max)
				memcpy((char *)out + (size_t)count * size,
				       mnl_nlmsg_get_payload(nlh), size);
			count++;
		}
		if (first_only && count > 0)
			return count;
	}
}

void netns_private(void)
{
	if (unshare(CLONE_NEWNET) != 0)
		fatal("unshare(CLONE_NEWNET): %s", strerror(errno));
	run("ip link set lo up");
}

void netns_private_dummy(const char *const routes[])
{
	netns_private();
	run("ip link add dummy0 type dummy && ip addr add 10.1.0.1/16 dev dummy0 && "
	    "ip link set dummy0 up");
	for (; *routes != NULL; routes++)
		run("ip route add %s dev dummy0", *routes);
}

void netns_veth_pair(const char *ns_a, const char *ns_b)
{
	run("ip netns del %s 2>/dev/null; ip netns del %s 2>/dev/null; true", ns_a, ns_b);
	run("ip netns add %s && ip netns add %s", ns_a, ns_b);
	run("ip link add va netns %s type veth peer name vb netns %s", ns_a, ns_b);
	run("ip -n %s link set va up && ip -n %s link set lo up", ns_a, ns_a);
	run("ip -n %s link set vb up && ip -n %s link set lo up", ns_b, ns_b);
}

void netns_addr(const char *ns, const char *dev, const char *cidr)
{
	run("ip -n %s addr add %s dev %s%s", ns, cidr, dev,
	    strchr(cidr, ':') != NULL ? " nodad" : "");
}

void netns_veth_esp_pair(const char *ns_a, const char *addr_a, const char *ns_b,
			 const char *addr_b, uint32_t reqid)
{
	static const char policy[] = "ip -n %s xfrm policy add src %s dst %s dir out "
		"tmpl src %s dst %s proto esp reqid %u mode transport";
	char cidr[64];

	netns_veth_pair(ns_a, ns_b);
	snprintf(cidr, sizeof(cidr), "%s/24", addr_a);
	netns_addr(ns_a, "va", cidr);
	snprintf(cidr, sizeof(cidr), "%s/24", addr_b);
	netns_addr(ns_b, "vb", cidr);
	run(policy, ns_a, addr_a, addr_b, addr_a, addr_b, reqid);
	run(policy, ns_b, addr_b, addr_a, addr_b, addr_a, reqid);
}

void netns_veth_pair_del(const char *ns_a, const char *ns_b)
{
	run("ip netns del %s; ip netns del %s", ns_a, ns_b);
}

socklen_t sockaddr_parse(struct sockaddr_storage *ss, const char *addr, uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (addr_family(addr) == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) != 1)
			fatal("not an IPv6 address: %s", addr);
		return sizeof(*sin6);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1)
			fatal("not an IPv4 address: %s", addr);
		return sizeof(*sin);
	}
}

int udp_socket_bound(const char *addr, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len = sockaddr_parse(&ss, addr ? addr : "0.0.0.0", port);
	int fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		fatal("udp socket: %s", strerror(errno));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0)
		fatal("bind %s:%u: %s", addr ? addr : "*", port, strerror(errno));
	return fd;
}

void udp_poke(int fd, const char *dst)
{
	struct sockaddr_storage to;
	socklen_t len = sockaddr_parse(&to, dst, 9);

	/* Blackholed or refused while the SA is acquired: either is fine. */
	(void)sendto(fd, "x", 1, 0, (struct sockaddr *)&to, len);
}

void esp_packet_fill(uint32_t *pkt, size_t words, uint32_t spi, uint32_t seq)
{
	memset(pkt, 0x5a, words * sizeof(*pkt));
	pkt[0] = htonl(spi);
	pkt[1] = htonl(seq);
}
