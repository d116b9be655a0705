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
 * aborted when its state goes.
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
#define SPI_AB	0x3001
#define SPI_BA	0x3002
#define ABORT_WAIT_MS	3000

static struct sockaddr_in sin4(const char *addr, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };

	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
		fatal("bad address %s", addr);
	return sin;
}

static struct sockaddr_in6 sin6(const char *addr, int port)
{
	struct sockaddr_in6 sin = { .sin6_family = AF_INET6, .sin6_port = htons(port) };

	if (inet_pton(AF_INET6, addr, &sin.sin6_addr) != 1)
		fatal("bad address %s", addr);
	return sin;
}

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

/* connect() from namespace "a"; 0 or the errno. */
static int tcp_connect(int fd)
{
	struct sockaddr_in sin = sin4(B4, PORT);

	return connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 ? 0 : errno;
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

static void add_policy(const char *ns, const char *src, const char *dst, const char *dir)
{
	run("ip -n %s xfrm policy add src %s/32 dst %s/32 dir %s "
	    "tmpl src %s dst %s proto esp mode transport", ns, src, dst, dir, src, dst);
}

static void setup_ipsec(void)
{
	const char *k1 = "0x1111111111111111111111111111111111111111";
	const char *k2 = "0x2222222222222222222222222222222222222222";

	add_state(NS_A, A4, B4, SPI_AB, k1);
	add_state(NS_A, B4, A4, SPI_BA, k2);
	add_state(NS_B, A4, B4, SPI_AB, k1);
	add_state(NS_B, B4, A4, SPI_BA, k2);
	add_policy(NS_A, A4, B4, "out");
	add_policy(NS_A, B4, A4, "in");
	add_policy(NS_B, B4, A4, "out");
	add_policy(NS_B, A4, B4, "in");
}

static void without_ipsec(int listener)
{
	struct sockaddr_in6 b6 = sin6(B6, PORT);
	struct sockaddr_in b4 = sin4(B4, PORT), lo = sin4("127.0.0.1", PORT);
	int fd, err, val = -1, two = 2;
	socklen_t len = sizeof(val);

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	err = getsockopt(fd, IPPROTO_IP, IP_XFRM_REQUIRED, &val, &len) == 0 ? 0 : errno;
	check(err == 0 && val == 0, "getsockopt(IP_XFRM_REQUIRED) on a fresh socket is 0 (errno %d, value %d)",
	      err, val);
	err = setsockopt(fd, IPPROTO_IP, IP_XFRM_REQUIRED, &two, sizeof(two)) == 0 ? 0 : errno;
	check(err == EINVAL, "setsockopt(IP_XFRM_REQUIRED, 2) is refused with EINVAL (errno %d)", err);
	close(fd);

	fd = make_socket(AF_INET, SOCK_STREAM, true);
	err = tcp_connect(fd);
	check(err == ENOKEY, "a required TCP connect in clear fails with ENOKEY (errno %d: %s)",
	      err, strerror(err));
	close(fd);

	fd = make_socket(AF_INET, SOCK_DGRAM, true);
	err = sendto(fd, "x", 1, 0, (struct sockaddr *)&b4, sizeof(b4)) == 1 ? 0 : errno;
	check(err == ENOKEY, "a required UDP send in clear fails with ENOKEY (errno %d)", err);
	err = sendto(fd, "x", 1, 0, (struct sockaddr *)&lo, sizeof(lo)) == 1 ? 0 : errno;
	check(err == 0, "a required UDP send over loopback works (errno %d)", err);
	close(fd);

	fd = make_socket(AF_INET6, SOCK_DGRAM, true);
	err = sendto(fd, "x", 1, 0, (struct sockaddr *)&b6, sizeof(b6)) == 1 ? 0 : errno;
	check(err == ENOKEY, "a required IPv6 UDP send in clear fails with ENOKEY (errno %d)", err);
	close(fd);

	/* The same connection without the option works. */
	fd = make_socket(AF_INET, SOCK_STREAM, false);
	err = tcp_connect(fd);
	check(err == 0, "a TCP connect without the option works in clear (errno %d)", err);
	if (err == 0)
		close(accept_one(listener));
	close(fd);
}

/* A protected connection, then its protection goes: DELETE_CMD. */
static void loses_protection(int listener, bool required, const char *what,
			     const char *delete_cmd)
{
	long long before;
	int fd, peer, err;

	fd = make_socket(AF_INET, SOCK_STREAM, required);
	err = tcp_connect(fd);
	if (!check(err == 0, "%s: TCP connect over ESP works (errno %d)", what, err)) {
		close(fd);
		return;
	}
	peer = accept_one(listener);
	before = sa_packets(NS_A, SPI_AB);
	check(exchange(fd, peer) && exchange(peer, fd), "%s: data flows both ways", what);
	check(sa_packets(NS_A, SPI_AB) > before, "%s: through the outbound state (%lld -> %lld packets)",
	      what, before, sa_packets(NS_A, SPI_AB));

	run("%s", delete_cmd);
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
}

int main(void)
{
	struct sockaddr_in any = sin4("0.0.0.0", PORT);
	int listener, one = 1;

	setup_namespaces();

	/* The listener lives in "b", the test in "a": a socket keeps the
	 * namespace it was created in. */
	netns_enter(NS_B);
	listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listener < 0 ||
	    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(listener, (struct sockaddr *)&any, sizeof(any)) != 0 ||
	    listen(listener, 8) != 0)
		fatal("listener: %s", strerror(errno));
	netns_enter(NS_A);

	without_ipsec(listener);

	setup_ipsec();
	loses_protection(listener, false, "without the option, state deleted",
			 "ip -n " NS_A " xfrm state delete src " A4 " dst " B4 " proto esp spi 0x3001");
	run("ip -n " NS_A " xfrm state flush && ip -n " NS_A " xfrm policy flush");
	run("ip -n " NS_B " xfrm state flush && ip -n " NS_B " xfrm policy flush");
	setup_ipsec();
	loses_protection(listener, true, "required, state deleted",
			 "ip -n " NS_A " xfrm state delete src " A4 " dst " B4 " proto esp spi 0x3001");
	run("ip -n " NS_A " xfrm state flush && ip -n " NS_A " xfrm policy flush");
	run("ip -n " NS_B " xfrm state flush && ip -n " NS_B " xfrm policy flush");
	setup_ipsec();
	loses_protection(listener, true, "required, policy deleted",
			 "ip -n " NS_A " xfrm policy delete src " A4 "/32 dst " B4 "/32 dir out");

	close(listener);
	(void)system("ip netns del " NS_A "; ip netns del " NS_B);
	return checks_done();
}
