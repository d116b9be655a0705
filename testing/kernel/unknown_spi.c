/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for the unknown-SPI notification (kernel/patches/0002).
 *
 * Two namespaces joined by a veth pair: "a" (192.0.2.1, fd00:5::1) sends
 * ESP for SPIs that "b" (192.0.2.2, fd00:5::2) has no SA for, plain over
 * a raw socket, in UDP (port 4500, UDP_ENCAP_ESPINUDP) and in TCP
 * (RFC 8229, the espintcp ULP).  In "b" a listener on
 * XFRMNLGRP_UNKNOWN_SPI must receive exactly one XFRM_MSG_UNKNOWN_SPI
 * per (peer, SPI) per interval with the right fields, the namespace
 * budget must hold, and with nobody listening nothing may be sent
 * (XfrmInUnknownSpiNotify and ...Suppressed stay put while
 * XfrmInNoStates moves).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/udp.h>
#include <linux/xfrm.h>

#include "selftest.h"

#define NS_A		"xs-uspi-a"
#define NS_B		"xs-uspi-b"
#define A4		"192.0.2.1"
#define B4		"192.0.2.2"
#define A6		"fd00:5::1"
#define B6		"fd00:5::2"
#define NATT_PORT	4500
#define A_UDP_PORT	40000
#define INTERVAL_MS	300

#ifndef TCP_ENCAP_ESPINTCP
#define TCP_ENCAP_ESPINTCP 7
#endif

struct counters {
	long long nostates, notify, suppressed;
};

static struct counters counters_now(void)
{
	struct counters c = {
		.nostates = xfrm_stat("XfrmInNoStates"),
		.notify = xfrm_stat("XfrmInUnknownSpiNotify"),
		.suppressed = xfrm_stat("XfrmInUnknownSpiSuppressed"),
	};
	return c;
}

/* Wait until B has dropped N more packets for want of a state and, while
 * someone listens, has decided about each (notified or suppressed: both
 * counters move after the notification is queued). */
static struct counters counters_after(const struct counters *before, long long n,
				      bool listening)
{
	long long deadline = now_ms() + 3000;
	struct counters c;

	for (;;) {
		c = counters_now();
		if (c.nostates >= before->nostates + n &&
		    (!listening || c.notify + c.suppressed >= before->notify + before->suppressed + n))
			return c;
		if (now_ms() >= deadline)
			return c;
		usleep(10 * 1000);
	}
}

static void send_raw4(int fd, uint32_t spi, uint32_t seq)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint32_t pkt[8];

	esp_packet_fill(pkt, 8, spi, seq);
	inet_pton(AF_INET, B4, &to.sin_addr);
	if (sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		fatal("raw sendto: %s", strerror(errno));
}

static void send_raw6(int fd, uint32_t spi, uint32_t seq)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	uint32_t pkt[8];

	esp_packet_fill(pkt, 8, spi, seq);
	inet_pton(AF_INET6, B6, &to.sin6_addr);
	if (sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		fatal("raw6 sendto: %s", strerror(errno));
}

static void send_udp(int fd, uint32_t spi, uint32_t seq)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(NATT_PORT) };
	uint32_t pkt[8];

	esp_packet_fill(pkt, 8, spi, seq);
	inet_pton(AF_INET, B4, &to.sin_addr);
	if (sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		fatal("udp sendto: %s", strerror(errno));
}

/* Every XFRM_MSG_UNKNOWN_SPI waiting on the listener, without blocking
 * (the caller has already waited for the kernel to process the packets,
 * and notifications are queued before the counters move). */
static int drain(struct mnl_socket *nl, struct xfrm_user_unknown_spi *out, int max)
{
	return xfrm_collect(nl, XFRM_MSG_UNKNOWN_SPI, "XFRM_MSG_UNKNOWN_SPI", out,
			    sizeof(*out), max, 0, false);
}

static bool addr_is(const xfrm_address_t *a, int family, const char *text)
{
	xfrm_address_t want;

	memset(&want, 0, sizeof(want));
	inet_pton(family, text, &want);
	return memcmp(a, &want, family == AF_INET ? 4 : 16) == 0;
}

static void check_fields(const char *what, const struct xfrm_user_unknown_spi *m,
			 int family, uint32_t spi, uint32_t seq, unsigned int ifindex,
			 int encap, uint16_t sport, uint16_t dport)
{
	const char *src = family == AF_INET ? A4 : A6;
	const char *dst = family == AF_INET ? B4 : B6;

	check(m->family == family, "%s: family %u", what, m->family);
	check(addr_is(&m->saddr, family, src), "%s: saddr is %s", what, src);
	check(addr_is(&m->daddr, family, dst), "%s: daddr is %s", what, dst);
	check(m->spi == htonl(spi), "%s: spi 0x%08x", what, ntohl(m->spi));
	check(m->seq == htonl(seq), "%s: seq %u", what, ntohl(m->seq));
	check(m->proto == IPPROTO_ESP, "%s: proto %u", what, m->proto);
	check(m->ifindex == ifindex, "%s: ifindex %u (want %u)", what, m->ifindex, ifindex);
	check(m->mark == 0, "%s: mark %u", what, m->mark);
	check(m->encap_type == encap, "%s: encap_type %u (want %d)", what, m->encap_type, encap);
	check(ntohs(m->encap_sport) == sport, "%s: encap_sport %u (want %u)", what,
	      ntohs(m->encap_sport), sport);
	check(ntohs(m->encap_dport) == dport, "%s: encap_dport %u (want %u)", what,
	      ntohs(m->encap_dport), dport);
}

static void setup(void)
{
	static const struct {
		const char *ns, *dev, *cidr;
	} addrs[] = {
		{ NS_A, "va", A4 "/24" }, { NS_A, "va", A6 "/64" },
		{ NS_B, "vb", B4 "/24" }, { NS_B, "vb", B6 "/64" },
	};
	size_t i;

	netns_veth_pair(NS_A, NS_B);
	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++)
		netns_addr(addrs[i].ns, addrs[i].dev, addrs[i].cidr);
}

int main(void)
{
	struct xfrm_user_unknown_spi got[16];
	struct counters before, after;
	struct mnl_socket *nl;
	int raw4, raw6, udp_a, udp_b, tcp_listen, tcp_a, tcp_b;
	int one = 1, encap = UDP_ENCAP_ESPINUDP, group = XFRMNLGRP_UNKNOWN_SPI;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t slen = sizeof(sin);
	unsigned int ifindex;
	uint16_t tcp_sport;
	char interval[16];
	int n, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	setup();

	/* The sending side. */
	netns_enter(NS_A);
	raw4 = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ESP);
	raw6 = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ESP);
	udp_a = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	tcp_a = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (raw4 < 0 || raw6 < 0 || udp_a < 0 || tcp_a < 0)
		fatal("sockets in " NS_A ": %s", strerror(errno));
	sin.sin_port = htons(A_UDP_PORT);
	if (bind(udp_a, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		fatal("bind udp in " NS_A ": %s", strerror(errno));

	/* The receiving side: a NAT-T socket, an RFC 8229 listener, the
	 * notification listener, and a short interval for the test. */
	netns_enter(NS_B);
	ifindex = if_nametoindex("vb");
	if (ifindex == 0)
		fatal("no vb in " NS_B);
	udp_b = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	tcp_listen = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (udp_b < 0 || tcp_listen < 0)
		fatal("sockets in " NS_B ": %s", strerror(errno));
	sin.sin_port = htons(NATT_PORT);
	setsockopt(tcp_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(udp_b, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    setsockopt(udp_b, IPPROTO_UDP, UDP_ENCAP, &encap, sizeof(encap)) != 0 ||
	    bind(tcp_listen, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(tcp_listen, 1) != 0)
		fatal("NAT-T sockets in " NS_B ": %s", strerror(errno));

	snprintf(interval, sizeof(interval), "%d", INTERVAL_MS);
	if (!check(sysctl_write("net/core/xfrm_unknown_spi_interval_ms", interval) &&
		   sysctl_write("net/core/xfrm_unknown_spi_limit", "10"),
		   "sysctls xfrm_unknown_spi_interval_ms and _limit exist and take values"))
		return checks_done();

	nl = xfrm_open();
	if (!check(setsockopt(mnl_socket_get_fd(nl), SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
			      &group, sizeof(group)) == 0, "join XFRMNLGRP_UNKNOWN_SPI"))
		return checks_done();

	/* 1. The namespace budget, first while the namespace's window is
	 * fresh (it starts empty when the namespace is created): with a
	 * long interval and limit 2, five fresh SPIs give exactly two. */
	sysctl_write("net/core/xfrm_unknown_spi_interval_ms", "60000");
	sysctl_write("net/core/xfrm_unknown_spi_limit", "2");
	before = counters_now();
	for (i = 0; i < 5; i++)
		send_raw4(raw4, 0xbeef0000 + (uint32_t)i, 1);
	after = counters_after(&before, 5, true);
	n = drain(nl, got, 16);
	check(n == 2, "budget: 2 notifications for 5 fresh SPIs under limit 2 (%d)", n);
	check(after.notify - before.notify == 2 && after.suppressed - before.suppressed == 3,
	      "budget: counters say %lld sent, %lld suppressed (want 2, 3)",
	      after.notify - before.notify, after.suppressed - before.suppressed);
	sysctl_write("net/core/xfrm_unknown_spi_limit", "10");
	sysctl_write("net/core/xfrm_unknown_spi_interval_ms", interval);

	/* 2. Plain ESP over IPv4: five packets, one notification. */
	before = counters_now();
	for (i = 1; i <= 5; i++)
		send_raw4(raw4, 0xdead0001, (uint32_t)i);
	after = counters_after(&before, 5, true);
	check(after.nostates - before.nostates == 5, "plain: 5 packets dropped as XfrmInNoStates (%lld)",
	      after.nostates - before.nostates);
	check(after.notify - before.notify == 1, "plain: XfrmInUnknownSpiNotify +1 (%lld)",
	      after.notify - before.notify);
	check(after.suppressed - before.suppressed == 4, "plain: XfrmInUnknownSpiSuppressed +4 (%lld)",
	      after.suppressed - before.suppressed);
	n = drain(nl, got, 16);
	if (check(n == 1, "plain: exactly one XFRM_MSG_UNKNOWN_SPI (%d)", n))
		check_fields("plain", &got[0], AF_INET, 0xdead0001, 1, ifindex, 0, 0, 0);

	/* 3. The same peer and SPI under steady traffic for 2.5 intervals:
	 * notifications recur, never closer together than the interval. */
	{
		long long start = now_ms(), at[16];
		int seq = 100, total = 0, k;

		before = counters_now();
		while (now_ms() - start < INTERVAL_MS * 5 / 2) {
			send_raw4(raw4, 0xdead0001, (uint32_t)seq++);
			counters_after(&before, seq - 100, true);
			n = drain(nl, got, 16);
			for (k = 0; k < n && total < 16; k++)
				at[total++] = now_ms();
			usleep(20 * 1000);	/* paces the sender; no result is awaited */
		}
		after = counters_now();
		check(total >= 2 && total <= 3, "repeat: %d notifications in %d ms at interval %d ms",
		      total, INTERVAL_MS * 5 / 2, INTERVAL_MS);
		for (k = 1; k < total; k++)
			check(at[k] - at[k - 1] >= INTERVAL_MS - 30 &&
			      at[k] - at[k - 1] <= INTERVAL_MS + 150,
			      "repeat: notification %d came %lld ms after the previous one",
			      k + 1, at[k] - at[k - 1]);
		check(after.notify - before.notify == total,
		      "repeat: XfrmInUnknownSpiNotify counts what arrived (%lld)",
		      after.notify - before.notify);
		check(after.suppressed - before.suppressed == (seq - 100) - total,
		      "repeat: the other %d packets count as suppressed (%lld)",
		      (seq - 100) - total, after.suppressed - before.suppressed);
	}

	/* 4. ESP in UDP: encapsulation and ports are reported. */
	before = counters_now();
	send_udp(udp_a, 0xdead0002, 7);
	after = counters_after(&before, 1, true);
	n = drain(nl, got, 16);
	if (check(n == 1, "udp: exactly one XFRM_MSG_UNKNOWN_SPI (%d)", n))
		check_fields("udp", &got[0], AF_INET, 0xdead0002, 7, ifindex,
			     UDP_ENCAP_ESPINUDP, A_UDP_PORT, NATT_PORT);

	/* 5. ESP in TCP (RFC 8229): "IKETCP", then the espintcp ULP. */
	inet_pton(AF_INET, B4, &sin.sin_addr);
	sin.sin_port = htons(NATT_PORT);
	if (connect(tcp_a, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		fatal("connect to %s:%d: %s", B4, NATT_PORT, strerror(errno));
	tcp_b = accept(tcp_listen, NULL, NULL);
	if (tcp_b < 0)
		fatal("accept: %s", strerror(errno));
	if (getsockname(tcp_a, (struct sockaddr *)&sin, &slen) != 0)
		fatal("getsockname: %s", strerror(errno));
	tcp_sport = ntohs(sin.sin_port);
	{
		char prefix[6];
		unsigned char frame[2 + 32];
		uint32_t body[8];

		if (write(tcp_a, "IKETCP", 6) != 6 ||
		    recv(tcp_b, prefix, sizeof(prefix), MSG_WAITALL) != 6 ||
		    memcmp(prefix, "IKETCP", 6) != 0)
			fatal("RFC 8229 prefix exchange failed");
		if (setsockopt(tcp_b, IPPROTO_TCP, TCP_ULP, "espintcp", 8) != 0)
			fatal("TCP_ULP espintcp: %s", strerror(errno));
		esp_packet_fill(body, 8, 0xdead0003, 9);
		frame[0] = 0;
		frame[1] = sizeof(frame);	/* the length counts itself */
		memcpy(frame + 2, body, sizeof(body));
		before = counters_now();
		if (write(tcp_a, frame, sizeof(frame)) != (ssize_t)sizeof(frame))
			fatal("write ESP-in-TCP frame: %s", strerror(errno));
	}
	after = counters_after(&before, 1, true);
	n = drain(nl, got, 16);
	if (check(n == 1, "tcp: exactly one XFRM_MSG_UNKNOWN_SPI (%d)", n))
		check_fields("tcp", &got[0], AF_INET, 0xdead0003, 9, ifindex,
			     TCP_ENCAP_ESPINTCP, tcp_sport, NATT_PORT);

	/* 6. Plain ESP over IPv6. */
	before = counters_now();
	send_raw6(raw6, 0xdead0004, 11);
	after = counters_after(&before, 1, true);
	n = drain(nl, got, 16);
	if (check(n == 1, "ipv6: exactly one XFRM_MSG_UNKNOWN_SPI (%d)", n))
		check_fields("ipv6", &got[0], AF_INET6, 0xdead0004, 11, ifindex, 0, 0, 0);

	/* 7. Nobody listening: nothing is built, sent or suppressed. */
	if (setsockopt(mnl_socket_get_fd(nl), SOL_NETLINK, NETLINK_DROP_MEMBERSHIP,
		       &group, sizeof(group)) != 0)
		fatal("leave group: %s", strerror(errno));
	before = counters_now();
	for (i = 0; i < 5; i++)
		send_raw4(raw4, 0xcafe0000 + (uint32_t)i, 1);
	after = counters_after(&before, 5, false);
	check(before.notify >= 0 && before.suppressed >= 0,
	      "no listener: the counters exist in /proc/net/xfrm_stat");
	check(after.nostates - before.nostates == 5, "no listener: 5 packets dropped (%lld)",
	      after.nostates - before.nostates);
	check(after.notify == before.notify && after.suppressed == before.suppressed,
	      "no listener: no notification sent or suppressed (notify %+lld, suppressed %+lld)",
	      after.notify - before.notify, after.suppressed - before.suppressed);
	n = drain(nl, got, 16);
	check(n == 0, "no listener: nothing queued (%d)", n);

	close(tcp_a);
	close(tcp_b);
	mnl_socket_close(nl);
	netns_veth_pair_del(NS_A, NS_B);
	return checks_done();
}
