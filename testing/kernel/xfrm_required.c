/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for encryption-required sockets (kernel/patches, "xfrm:
 * encryption-required sockets"): IP_XFRM_REQUIRED / IPV6_XFRM_REQUIRED.
 *
 * Two namespaces joined by a veth pair: client "a" (192.0.2.1,
 * fd00:6c::1) and server "b" (192.0.2.2, fd00:6c::2).  Without IPsec a
 * required socket's TCP connect and UDP send fail with ENOKEY, while
 * loopback and sockets without the option are unaffected.  With
 * transport-mode ESP between the two, a required TCP connection works
 * and its packets go through the states; when the client's outbound
 * state is deleted, the next send aborts the connection with
 * ECONNABORTED, and the same happens to a second connection when the
 * outbound policy is deleted.  A connection without the option is not
 * aborted when its state goes.  The TCP cases run over IPv4 and again
 * over IPv6 (IPV6_XFRM_REQUIRED, states and policies between the IPv6
 * addresses).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "selftest.h"

#ifndef IP_XFRM_REQUIRED
#define IP_XFRM_REQUIRED	72
#endif
#ifndef IPV6_XFRM_REQUIRED
#define IPV6_XFRM_REQUIRED	102
#endif

#define NS_A	"xs-req-a"
#define NS_B	"xs-req-b"
#define A4	"192.0.2.1"
#define B4	"192.0.2.2"
#define A6	"fd00:6c::1"
#define B6	"fd00:6c::2"
#define PORT	5001
#define ABORT_WAIT_MS	3000

/* One address family's addresses, SPIs and listener in "b". */
struct fam {
	const char *name;
	int family;
	const char *a, *b;
	const char *plen;	/* host prefix */
	unsigned int spi_ab, spi_ba;
	int listener;
};

static struct fam ipv4 = { "IPv4", AF_INET, A4, B4, "32", 0x3001, 0x3002, -1 };
static struct fam ipv6 = { "IPv6", AF_INET6, A6, B6, "128", 0x3003, 0x3004, -1 };

static int make_socket(int family, int type, bool required)
{
	int level = family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	int opt = family == AF_INET ? IP_XFRM_REQUIRED : IPV6_XFRM_REQUIRED;
	struct timeval tv = { .tv_sec = 3 };
	int one = 1;
	int fd = socket(family, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		fatal("socket: %s", strerror(errno));
	/* a connect() that cannot succeed gives up in time */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0)
		fatal("SO_SNDTIMEO: %s", strerror(errno));
	if (required && setsockopt(fd, level, opt, &one, sizeof(one)) != 0)
		fatal("setsockopt(XFRM_REQUIRED): %s", strerror(errno));
	return fd;
}

/* connect() from namespace "a" to F's "b"; 0 or the errno. */
static int tcp_connect(int fd, const struct fam *f)
{
	struct sockaddr_storage ss;
	socklen_t len = sockaddr_parse(&ss, f->b, PORT);

	return connect(fd, (struct sockaddr *)&ss, len) == 0 ? 0 : errno;
}

/* A listening TCP socket on F's any-address in the current namespace. */
static int tcp_listener(const struct fam *f)
{
	struct sockaddr_storage ss;
	socklen_t len = sockaddr_parse(&ss, f->family == AF_INET6 ? "::" : "0.0.0.0", PORT);
	int fd = socket(f->family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	/* The IPv6 one leaves IPv4 to the other. */
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    (f->family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0) ||
	    bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 8) != 0)
		fatal("%s listener: %s", f->name, strerror(errno));
	return fd;
}

/* Accept one connection and echo what it sent, so the client knows its
 * bytes went through; returns the accepted socket. */
static int accept_one(int listener)
{
	struct pollfd p = { .fd = listener, .events = POLLIN };
	int fd;

	if (poll(&p, 1, 3000) != 1)
		fatal("no connection to accept");
	fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		fatal("accept: %s", strerror(errno));
	return fd;
}

/* Send a message one way and read it on the other side. */
static bool exchange(int from, int to)
{
	char buf[16];
	struct pollfd p = { .fd = to, .events = POLLIN };

	if (send(from, "ping", 4, MSG_NOSIGNAL) != 4)
		return false;
	if (poll(&p, 1, 3000) != 1)
		return false;
	return recv(to, buf, sizeof(buf), 0) == 4 && memcmp(buf, "ping", 4) == 0;
}

/* Send once, then wait for the connection's pending error; returns it
 * (0 if none came within ms). */
static int send_and_wait_error(int fd, int ms)
{
	long long deadline = now_ms() + ms;
	socklen_t len;
	int err = 0;

	(void)send(fd, "data", 4, MSG_NOSIGNAL | MSG_DONTWAIT);
	while (now_ms() < deadline) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 50) == 1 && (p.revents & (POLLERR | POLLHUP))) {
			len = sizeof(err);
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
				fatal("SO_ERROR: %s", strerror(errno));
			if (err != 0)
				return err;
			/* the error was taken already: read it from recv() */
			if (recv(fd, (char[4]){0}, 4, MSG_DONTWAIT) < 0 && errno != EAGAIN)
				return errno;
		}
	}
	return 0;
}

static int tcp_state(int fd)
{
	struct tcp_info info;
	socklen_t len = sizeof(info);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
		fatal("TCP_INFO: %s", strerror(errno));
	return info.tcpi_state;
}

static long long sa_packets(const char *ns, unsigned int spi)
{
	char cmd[256], out[64];
	long long value = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "ip -n %s -s xfrm state list spi 0x%x | "
		 "sed -n 's/.*(bytes), \\([0-9]*\\)(packets).*/\\1/p'", ns, spi);
	p = popen(cmd, "r");
	if (p == NULL)
		fatal("popen");
	if (fgets(out, sizeof(out), p) == NULL || sscanf(out, "%lld", &value) != 1)
		value = -1;
	pclose(p);
	return value;
}

static void setup_namespaces(void)
{
	(void)system("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null");
	run("ip netns add " NS_A " && ip netns add " NS_B);
	run("ip link add va netns " NS_A " type veth peer name vb netns " NS_B);
	run("ip -n " NS_A " link set lo up && ip -n " NS_B " link set lo up");
	run("ip -n " NS_A " addr add " A4 "/24 dev va && ip -n " NS_A " addr add " A6 "/64 dev va nodad");
	run("ip -n " NS_B " addr add " B4 "/24 dev vb && ip -n " NS_B " addr add " B6 "/64 dev vb nodad");
	run("ip -n " NS_A " link set va up && ip -n " NS_B " link set vb up");
}

static void add_state(const char *ns, const char *src, const char *dst, unsigned int spi,
		      const char *key)
{
	run("ip -n %s xfrm state add src %s dst %s proto esp spi 0x%x mode transport "
	    "aead 'rfc4106(gcm(aes))' %s 128", ns, src, dst, spi, key);
}

static void add_policy(const char *ns, const struct fam *f, const char *src, const char *dst,
		       const char *dir)
{
	run("ip -n %s xfrm policy add src %s/%s dst %s/%s dir %s "
	    "tmpl src %s dst %s proto esp mode transport", ns, src, f->plen, dst, f->plen,
	    dir, src, dst);
}

static void setup_ipsec(const struct fam *f)
{
	const char *k1 = "0x1111111111111111111111111111111111111111";
	const char *k2 = "0x2222222222222222222222222222222222222222";

	add_state(NS_A, f->a, f->b, f->spi_ab, k1);
	add_state(NS_A, f->b, f->a, f->spi_ba, k2);
	add_state(NS_B, f->a, f->b, f->spi_ab, k1);
	add_state(NS_B, f->b, f->a, f->spi_ba, k2);
	add_policy(NS_A, f, f->a, f->b, "out");
	add_policy(NS_A, f, f->b, f->a, "in");
	add_policy(NS_B, f, f->b, f->a, "out");
	add_policy(NS_B, f, f->a, f->b, "in");
}

static void flush_ipsec(void)
{
	run("ip -n " NS_A " xfrm state flush && ip -n " NS_A " xfrm policy flush");
	run("ip -n " NS_B " xfrm state flush && ip -n " NS_B " xfrm policy flush");
}

/* The option itself, and TCP over F in the clear: a required connect
 * fails with ENOKEY, one without the option works. */
static void tcp_in_clear(const struct fam *f)
{
	int level = f->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	int opt = f->family == AF_INET ? IP_XFRM_REQUIRED : IPV6_XFRM_REQUIRED;
	const char *opt_name = f->family == AF_INET ? "IP_XFRM_REQUIRED" : "IPV6_XFRM_REQUIRED";
	int fd, err, val = -1, two = 2;
	socklen_t len = sizeof(val);

	fd = socket(f->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	err = getsockopt(fd, level, opt, &val, &len) == 0 ? 0 : errno;
	check(err == 0 && val == 0, "getsockopt(%s) on a fresh socket is 0 (errno %d, value %d)",
	      opt_name, err, val);
	err = setsockopt(fd, level, opt, &two, sizeof(two)) == 0 ? 0 : errno;
	check(err == EINVAL, "setsockopt(%s, 2) is refused with EINVAL (errno %d)", opt_name, err);
	close(fd);

	fd = make_socket(f->family, SOCK_STREAM, true);
	err = tcp_connect(fd, f);
	check(err == ENOKEY, "%s: a required TCP connect in clear fails with ENOKEY (errno %d: %s)",
	      f->name, err, strerror(err));
	close(fd);

	fd = make_socket(f->family, SOCK_STREAM, false);
	err = tcp_connect(fd, f);
	check(err == 0, "%s: a TCP connect without the option works in clear (errno %d)",
	      f->name, err);
	if (err == 0)
		close(accept_one(f->listener));
	close(fd);
}

static void udp_in_clear(void)
{
	struct sockaddr_storage b4, b6, lo;
	socklen_t b4_len = sockaddr_parse(&b4, B4, PORT), b6_len = sockaddr_parse(&b6, B6, PORT);
	socklen_t lo_len = sockaddr_parse(&lo, "127.0.0.1", PORT);
	int fd, err;

	fd = make_socket(AF_INET, SOCK_DGRAM, true);
	err = sendto(fd, "x", 1, 0, (struct sockaddr *)&b4, b4_len) == 1 ? 0 : errno;
	check(err == ENOKEY, "a required UDP send in clear fails with ENOKEY (errno %d)", err);
	err = sendto(fd, "x", 1, 0, (struct sockaddr *)&lo, lo_len) == 1 ? 0 : errno;
	check(err == 0, "a required UDP send over loopback works (errno %d)", err);
	close(fd);

	fd = make_socket(AF_INET6, SOCK_DGRAM, true);
	err = sendto(fd, "x", 1, 0, (struct sockaddr *)&b6, b6_len) == 1 ? 0 : errno;
	check(err == ENOKEY, "a required IPv6 UDP send in clear fails with ENOKEY (errno %d)", err);
	close(fd);
}

/* What takes a connection's protection away. */
enum loss { STATE_DELETED, POLICY_DELETED };

static void remove_protection(const struct fam *f, enum loss loss)
{
	if (loss == STATE_DELETED)
		run("ip -n " NS_A " xfrm state delete src %s dst %s proto esp spi 0x%x",
		    f->a, f->b, f->spi_ab);
	else
		run("ip -n " NS_A " xfrm policy delete src %s/%s dst %s/%s dir out",
		    f->a, f->plen, f->b, f->plen);
}

/* A protected connection over F, then its protection goes (LOSS). */
static void loses_protection(const struct fam *f, bool required, enum loss loss)
{
	char what[128];
	long long before;
	int fd, peer, err;

	snprintf(what, sizeof(what), "%s, %s, %s deleted", f->name,
		 required ? "required" : "without the option",
		 loss == STATE_DELETED ? "state" : "policy");
	setup_ipsec(f);
	fd = make_socket(f->family, SOCK_STREAM, required);
	err = tcp_connect(fd, f);
	if (!check(err == 0, "%s: TCP connect over ESP works (errno %d)", what, err)) {
		close(fd);
		flush_ipsec();
		return;
	}
	peer = accept_one(f->listener);
	before = sa_packets(NS_A, f->spi_ab);
	check(exchange(fd, peer) && exchange(peer, fd), "%s: data flows both ways", what);
	check(sa_packets(NS_A, f->spi_ab) > before,
	      "%s: through the outbound state (%lld -> %lld packets)",
	      what, before, sa_packets(NS_A, f->spi_ab));

	remove_protection(f, loss);
	err = send_and_wait_error(fd, required ? ABORT_WAIT_MS : 1000);
	if (required) {
		check(err == ECONNABORTED, "%s: the next send aborts the connection with ECONNABORTED (%d: %s)",
		      what, err, strerror(err));
		check(tcp_state(fd) == TCP_CLOSE, "%s: the connection is closed (state %d)", what,
		      tcp_state(fd));
	} else {
		check(err == 0 && tcp_state(fd) == TCP_ESTABLISHED,
		      "%s: without the option the connection is not aborted (error %d, state %d)",
		      what, err, tcp_state(fd));
	}
	close(peer);
	close(fd);
	flush_ipsec();
}

int main(void)
{
	static struct fam *const fams[] = { &ipv4, &ipv6 };
	size_t i;

	setup_namespaces();

	/* The listeners live in "b", the test in "a": a socket keeps the
	 * namespace it was created in. */
	netns_enter(NS_B);
	ipv4.listener = tcp_listener(&ipv4);
	ipv6.listener = tcp_listener(&ipv6);
	netns_enter(NS_A);

	for (i = 0; i < sizeof(fams) / sizeof(fams[0]); i++)
		tcp_in_clear(fams[i]);
	udp_in_clear();

	for (i = 0; i < sizeof(fams) / sizeof(fams[0]); i++) {
		loses_protection(fams[i], false, STATE_DELETED);
		loses_protection(fams[i], true, STATE_DELETED);
		loses_protection(fams[i], true, POLICY_DELETED);
	}

	close(ipv6.listener);
	close(ipv4.listener);
	(void)system("ip netns del " NS_A "; ip netns del " NS_B);
	return checks_done();
}
