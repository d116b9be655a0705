/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IKE sockets, in process, on 127.0.0.1 (and ::1 when present):
 * datagrams reach the registered demux with the right local and remote
 * endpoints; on the NAT-T port the non-ESP marker is required and
 * stripped; replies leave from the socket's address and port, with the
 * marker on NAT-T.
 */
#include <arpa/inet.h>
#include <event2/event.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "iface_udp.h"
#include "server.h"

struct seen {
	unsigned calls;
	uint8_t msg[64];
	size_t len;
	struct ip_address local, remote;
	uint16_t local_port, remote_port;
	const struct iface_udp *iface;
};

static struct pluto_options opts;
static struct pluto p;
static struct seen seen;
static uint16_t ike_port, natt_port;

static unsigned bypass_calls[2];	/* [0] IPv4, [1] IPv6 */

/* Stands in for the kernel backend's per-socket bypass. */
static bool bypass(int fd, int family, struct diag *d)
{
	int type;
	socklen_t len = sizeof(type);

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_DGRAM)
		return diag(d, "not a UDP socket");
	bypass_calls[family == AF_INET6]++;
	return true;
}

static void record(void *arg, const struct iface_datagram *dg)
{
	struct seen *s = arg;

	s->calls++;
	s->len = dg->len < sizeof(s->msg) ? dg->len : sizeof(s->msg);
	memcpy(s->msg, dg->ptr, s->len);
	s->local = dg->local;
	s->remote = dg->remote;
	s->local_port = dg->local_port;
	s->remote_port = dg->remote_port;
	s->iface = dg->iface;
}

static uint16_t free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	getsockname(fd, (struct sockaddr *)&sin, &len);
	close(fd);
	return ntohs(sin.sin_port);
}

static bool have_ipv6_loopback(void)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);
	bool ok = fd >= 0 && bind(fd, (struct sockaddr *)&s6, sizeof(s6)) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

static int setup(void **state)
{
	char *argv[] = { "pluto", "--listen", "127.0.0.1", "--listen", "::1",
			 "--ikeport", "0", "--natikeport", "0", NULL };
	char ike[8], natt[8];
	struct diag d;

	ike_port = free_port();
	do
		natt_port = free_port();
	while (natt_port == ike_port);
	snprintf(ike, sizeof(ike), "%u", ike_port);
	snprintf(natt, sizeof(natt), "%u", natt_port);
	argv[6] = ike;
	argv[8] = natt;
	if (!pluto_options_parse(9, argv, &opts, &d) || !server_init(&p, &opts, &d))
		return -1;
	ifaces_set_demux(p.ifaces, record, &seen);
	ifaces_set_bypass(p.ifaces, bypass);
	unsigned want = have_ipv6_loopback() ? 4 : 2;
	return ifaces_listen(p.ifaces, NULL) == want ? 0 : -1;
}

static int teardown(void **state)
{
	server_free(&p);
	return 0;
}

/* Run the loop until the demux has been called N times (or 5 s). */
static void pump_until(unsigned n)
{
	for (int i = 0; i < 500 && seen.calls < n; i++) {
		event_base_loop(p.base, EVLOOP_NONBLOCK);
		if (seen.calls < n) {
			struct timespec ts = { 0, 10 * 1000000L };
			nanosleep(&ts, NULL);
		}
	}
	assert_int_equal(seen.calls, n);
}

static int client(int family, uint16_t *port)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	int fd = socket(family, SOCK_DGRAM, 0);

	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		len = sizeof(*s6);
	}
	assert_int_equal(bind(fd, (struct sockaddr *)&ss, len), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
	*port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
			: ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

static void send_to(int fd, int family, uint16_t port, const void *msg, size_t len)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t sl;

	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = in6addr_loopback;
		sl = sizeof(*s6);
	}
	assert_int_equal(sendto(fd, msg, len, 0, (struct sockaddr *)&ss, sl), (ssize_t)len);
}

static void check_endpoints(int family, uint16_t local_port, uint16_t remote_port)
{
	uint8_t lo[16] = { 0 };

	if (family == AF_INET) {
		lo[0] = 127; lo[3] = 1;
	} else {
		lo[15] = 1;
	}
	assert_int_equal(seen.local.family, family);
	assert_memory_equal(seen.local.bytes, lo, family == AF_INET ? 4 : 16);
	assert_int_equal(seen.remote.family, family);
	assert_memory_equal(seen.remote.bytes, lo, family == AF_INET ? 4 : 16);
	assert_int_equal(seen.local_port, local_port);
	assert_int_equal(seen.remote_port, remote_port);
	assert_int_equal(iface_udp_port(seen.iface), local_port);
}

static void exchange(int family)
{
	static const uint8_t ike[] = "IKE_SA_INIT request";
	static const uint8_t marked[] = "\0\0\0\0IKE on 4500";
	static const uint8_t no_marker[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t short3[3] = { 'a', 'b', 'c' };
	uint16_t cport;
	int fd = client(family, &cport);
	unsigned base = seen.calls;
	uint8_t reply[64];
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from);
	struct diag d;

	/* IKE port: delivered as is. */
	send_to(fd, family, ike_port, ike, sizeof(ike));
	pump_until(base + 1);
	assert_int_equal(seen.len, sizeof(ike));
	assert_memory_equal(seen.msg, ike, sizeof(ike));
	check_endpoints(family, ike_port, cport);
	assert_false(iface_udp_is_natt(seen.iface));

	/* The reply leaves from the IKE port, unmarked. */
	assert_true(iface_udp_send(seen.iface, &seen.remote, seen.remote_port,
				   (const uint8_t *)"resp", 4, &d));
	assert_int_equal(recvfrom(fd, reply, sizeof(reply), 0, (struct sockaddr *)&from, &fl), 4);
	assert_memory_equal(reply, "resp", 4);
	assert_int_equal(ntohs(((struct sockaddr_in *)&from)->sin_port), ike_port);

	/* NAT-T port: no marker is dropped; the marker is stripped. */
	send_to(fd, family, natt_port, short3, sizeof(short3));
	send_to(fd, family, natt_port, no_marker, sizeof(no_marker));
	send_to(fd, family, natt_port, marked, sizeof(marked));
	pump_until(base + 2);
	assert_int_equal(seen.len, sizeof(marked) - 4);
	assert_memory_equal(seen.msg, marked + 4, sizeof(marked) - 4);
	check_endpoints(family, natt_port, cport);
	assert_true(iface_udp_is_natt(seen.iface));

	/* The reply on NAT-T carries the marker. */
	assert_true(iface_udp_send(seen.iface, &seen.remote, seen.remote_port,
				   (const uint8_t *)"resp", 4, &d));
	fl = sizeof(from);
	assert_int_equal(recvfrom(fd, reply, sizeof(reply), 0, (struct sockaddr *)&from, &fl), 8);
	assert_memory_equal(reply, "\0\0\0\0resp", 8);
	assert_int_equal(ntohs(((struct sockaddr_in *)&from)->sin_port), natt_port);
	close(fd);
}

static void test_ipv4(void **state)
{
	exchange(AF_INET);
}

static void test_ipv6(void **state)
{
	if (!have_ipv6_loopback())
		skip();
	exchange(AF_INET6);
}

static void test_send_family_mismatch(void **state)
{
	struct ip_address v6 = { .family = AF_INET6 };
	struct diag d = { "" };

	if (seen.iface == NULL)
		skip();
	/* seen.iface is the last one used (v6 if that ran, else v4). */
	v6.family = iface_udp_address(seen.iface)->family == AF_INET ? AF_INET6 : AF_INET;
	assert_false(iface_udp_send(seen.iface, &v6, 500, (const uint8_t *)"x", 1, &d));
	assert_true(d.msg[0] != '\0');
}

static void test_listen_again_keeps_sockets(void **state)
{
	unsigned want = have_ipv6_loopback() ? 4 : 2;

	/* Nothing changed: the same sockets stay open, none added. */
	assert_int_equal(ifaces_listen(p.ifaces, NULL), want);
}

/* Every socket got the backend's bypass before it was used. */
static void test_bypass_called_per_socket(void **state)
{
	assert_int_equal(bypass_calls[0], 2);
	assert_int_equal(bypass_calls[1], have_ipv6_loopback() ? 2 : 0);
}

/* Near the open-file limit no IKE socket opens (the control socket and
 * files need descriptors too); with room again they all do. */
static void test_open_file_limit_leaves_headroom(void **state)
{
	unsigned want = have_ipv6_loopback() ? 4 : 2;
	struct rlimit old, tight;

	ifaces_close_all(p.ifaces);
	int next = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(next >= 0);
	close(next);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	/* the next socket would be the last descriptor before the reserve */
	tight = old;
	tight.rlim_cur = (rlim_t)next + IFACE_FD_RESERVE;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);
	assert_int_equal(ifaces_listen(p.ifaces, NULL), 0);
	/* what the reserve is for still opens */
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	close(fd);

	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	assert_int_equal(ifaces_listen(p.ifaces, NULL), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bypass_called_per_socket),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_send_family_mismatch),
		cmocka_unit_test(test_listen_again_keeps_sockets),
		cmocka_unit_test(test_open_file_limit_leaves_headroom),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
