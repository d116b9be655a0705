/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The unknown-SPI notification in pluto, without a kernel or a daemon:
 *  - the decision (unknown_spi_policy.c): what we have with the peer ->
 *    initiate, liveness check or nothing; only ESP; one action per peer
 *    per interval; a full table forgets the peer acted on longest ago;
 *  - the message reader (kernel_xfrm_ext.c): a crafted
 *    XFRM_MSG_UNKNOWN_SPI, good and hostile, through the event socket's
 *    datagram walker to the handler;
 *  - the probe: the sysctl file exists or not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/udp.h>

#include "kernel_xfrm.h"
#include "unknown_spi_policy.h"

static struct ip_address addr(const char *text)
{
	struct ip_address a;
	struct diag d;

	assert_true(ip_address_parse(text, &a, &d));
	return a;
}

/* ---- the decision ---- */

static void decide_by_state(void **state)
{
	struct unknown_spi_limiter l;
	struct ip_address p1 = addr("192.1.2.45"), p2 = addr("192.1.2.46"),
			  p3 = addr("2001:db8:1:2::45"), p4 = addr("192.1.2.47");
	struct unknown_spi_verdict v;

	unknown_spi_limiter_init(&l, 0);
	assert_int_equal(l.interval_ms, UNKNOWN_SPI_PEER_INTERVAL_MS);
	v = unknown_spi_decide(&l, IPPROTO_ESP, &p1, UNKNOWN_SPI_PEER_IDLE, 1000);
	assert_int_equal(v.action, UNKNOWN_SPI_INITIATE);
	assert_non_null(strstr(v.why, "no IKE SA"));
	v = unknown_spi_decide(&l, IPPROTO_ESP, &p2, UNKNOWN_SPI_PEER_ESTABLISHED, 1000);
	assert_int_equal(v.action, UNKNOWN_SPI_LIVENESS);
	v = unknown_spi_decide(&l, IPPROTO_ESP, &p3, UNKNOWN_SPI_PEER_NEGOTIATING, 1000);
	assert_int_equal(v.action, UNKNOWN_SPI_IGNORE);
	v = unknown_spi_decide(&l, IPPROTO_ESP, &p4, UNKNOWN_SPI_PEER_UNKNOWN, 1000);
	assert_int_equal(v.action, UNKNOWN_SPI_IGNORE);
	assert_non_null(strstr(v.why, "no connection"));
	/* Not ESP: pluto has no AH or IPComp SAs to recover. */
	v = unknown_spi_decide(&l, IPPROTO_AH, &p3, UNKNOWN_SPI_PEER_IDLE, 1000);
	assert_int_equal(v.action, UNKNOWN_SPI_IGNORE);
	v = unknown_spi_decide(&l, IPPROTO_COMP, &p3, UNKNOWN_SPI_PEER_ESTABLISHED, 1000);
	assert_int_equal(v.action, UNKNOWN_SPI_IGNORE);
	/* A state value from nowhere is refused, not indexed. */
	v = unknown_spi_decide(&l, IPPROTO_ESP, &p3, (enum unknown_spi_peer)99, 1000);
	assert_int_equal(v.action, UNKNOWN_SPI_IGNORE);
	/* None of the ignored ones used up p3's turn. */
	v = unknown_spi_decide(&l, IPPROTO_ESP, &p3, UNKNOWN_SPI_PEER_IDLE, 1000);
	assert_int_equal(v.action, UNKNOWN_SPI_INITIATE);
}

static void decide_rate_limit(void **state)
{
	struct unknown_spi_limiter l;
	struct ip_address p1 = addr("192.1.2.45"), p2 = addr("192.1.2.23");
	struct unknown_spi_verdict v;

	unknown_spi_limiter_init(&l, 5000);
	assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &p1, UNKNOWN_SPI_PEER_IDLE, 0).action,
			 UNKNOWN_SPI_INITIATE);
	/* The same peer within the interval, whatever its state now. */
	v = unknown_spi_decide(&l, IPPROTO_ESP, &p1, UNKNOWN_SPI_PEER_IDLE, 4999);
	assert_int_equal(v.action, UNKNOWN_SPI_IGNORE);
	assert_non_null(strstr(v.why, "within the interval"));
	assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &p1, UNKNOWN_SPI_PEER_ESTABLISHED,
					    100).action, UNKNOWN_SPI_IGNORE);
	/* Another peer is not held back by the first. */
	assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &p2, UNKNOWN_SPI_PEER_ESTABLISHED,
					    100).action, UNKNOWN_SPI_LIVENESS);
	/* After the interval (counted from the action, not from the
	 * ignored reports), the peer gets a turn again. */
	assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &p1, UNKNOWN_SPI_PEER_ESTABLISHED,
					    5000).action, UNKNOWN_SPI_LIVENESS);
	assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &p1, UNKNOWN_SPI_PEER_IDLE,
					    9999).action, UNKNOWN_SPI_IGNORE);
	assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &p1, UNKNOWN_SPI_PEER_IDLE,
					    10000).action, UNKNOWN_SPI_INITIATE);
}

static void decide_table_full(void **state)
{
	struct unknown_spi_limiter l;
	struct ip_address peers[UNKNOWN_SPI_PEERS + 1];
	char text[32];

	unknown_spi_limiter_init(&l, 60000);
	for (unsigned i = 0; i <= UNKNOWN_SPI_PEERS; i++) {
		snprintf(text, sizeof(text), "10.0.%u.%u", i / 256, i % 256);
		peers[i] = addr(text);
	}
	/* Fill the table: peer i acted on at time 100 + i. */
	for (unsigned i = 0; i < UNKNOWN_SPI_PEERS; i++)
		assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &peers[i],
						    UNKNOWN_SPI_PEER_IDLE, 100 + i).action,
				 UNKNOWN_SPI_INITIATE);
	/* All still limited. */
	for (unsigned i = 0; i < UNKNOWN_SPI_PEERS; i++)
		assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &peers[i],
						    UNKNOWN_SPI_PEER_IDLE, 1000).action,
				 UNKNOWN_SPI_IGNORE);
	/* One more peer takes the slot of peer 0, the oldest... */
	assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &peers[UNKNOWN_SPI_PEERS],
					    UNKNOWN_SPI_PEER_IDLE, 1000).action,
			 UNKNOWN_SPI_INITIATE);
	/* ...which is forgotten (acted on again), while peer 1 is not. */
	assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &peers[1],
					    UNKNOWN_SPI_PEER_IDLE, 1001).action,
			 UNKNOWN_SPI_IGNORE);
	assert_int_equal(unknown_spi_decide(&l, IPPROTO_ESP, &peers[0],
					    UNKNOWN_SPI_PEER_IDLE, 1001).action,
			 UNKNOWN_SPI_INITIATE);
}

/* ---- the message ---- */

struct msgbuf {
	alignas(8) uint8_t buf[1024];
	size_t len;
	struct xfrm_user_unknown_spi *us;
};

static void unknown_spi_msg(struct msgbuf *m, int family)
{
	struct nlmsghdr *nlh;

	memset(m, 0, sizeof(*m));
	nlh = mnl_nlmsg_put_header(m->buf);
	nlh->nlmsg_type = XFRM_MSG_UNKNOWN_SPI;
	m->us = mnl_nlmsg_put_extra_header(nlh, sizeof(*m->us));
	m->us->family = (uint16_t)family;
	if (family == AF_INET6) {
		assert_int_equal(inet_pton(AF_INET6, "2001:db8:1:2::45", &m->us->saddr.a6), 1);
		assert_int_equal(inet_pton(AF_INET6, "2001:db8:1:2::23", &m->us->daddr.a6), 1);
	} else {
		assert_int_equal(inet_pton(AF_INET, "192.1.2.45", &m->us->saddr.a4), 1);
		assert_int_equal(inet_pton(AF_INET, "192.1.2.23", &m->us->daddr.a4), 1);
	}
	m->us->spi = htonl(0xc0ffee01);
	m->us->seq = htonl(77);
	m->us->ifindex = 3;
	m->us->proto = IPPROTO_ESP;
	m->len = nlh->nlmsg_len;
}

struct seen {
	unsigned calls;
	struct kernel_unknown_spi last;
};

static void on_unknown_spi(void *ctx, const struct kernel_unknown_spi *u)
{
	struct seen *s = ctx;

	s->calls++;
	s->last = *u;
}

static bool feed(struct msgbuf *m, struct seen *s, struct diag *d)
{
	struct kernel_event_handlers h = { .ctx = s, .unknown_spi = on_unknown_spi };

	return xfrm_process_datagram(&h, m->buf, m->len, d);
}

static void message_good(void **state)
{
	struct msgbuf m;
	struct seen s = { 0 };
	struct diag d;

	unknown_spi_msg(&m, AF_INET);
	assert_true(feed(&m, &s, &d));
	assert_int_equal(s.calls, 1);
	{
		struct ip_address want = addr("192.1.2.45"), us = addr("192.1.2.23");
		assert_true(ip_address_eq(&s.last.src, &want));
		assert_true(ip_address_eq(&s.last.dst, &us));
	}
	assert_int_equal(s.last.spi, 0xc0ffee01);
	assert_int_equal(s.last.seq, 77);
	assert_int_equal(s.last.proto, IPPROTO_ESP);
	assert_int_equal(s.last.ifindex, 3);
	assert_int_equal(s.last.encap, KERNEL_ENCAP_NONE);
	assert_int_equal(s.last.encap_sport, 0);

	/* IPv6, ESP in UDP from a NATed port. */
	unknown_spi_msg(&m, AF_INET6);
	m.us->encap_type = UDP_ENCAP_ESPINUDP;
	m.us->encap_sport = htons(4501);
	m.us->encap_dport = htons(4500);
	assert_true(feed(&m, &s, &d));
	assert_int_equal(s.calls, 2);
	{
		struct ip_address want = addr("2001:db8:1:2::45");
		assert_true(ip_address_eq(&s.last.src, &want));
	}
	assert_int_equal(s.last.encap, KERNEL_ENCAP_ESPINUDP);
	assert_int_equal(s.last.encap_sport, 4501);
	assert_int_equal(s.last.encap_dport, 4500);

	/* Without a handler the message is read and dropped. */
	{
		struct kernel_event_handlers none = { 0 };
		assert_true(xfrm_process_datagram(&none, m.buf, m.len, &d));
	}
}

static void message_hostile(void **state)
{
	struct msgbuf m;
	struct seen s = { 0 };
	struct diag d;

	unknown_spi_msg(&m, AF_UNIX);
	assert_false(feed(&m, &s, &d));
	assert_non_null(strstr(d.msg, "family"));

	unknown_spi_msg(&m, AF_INET);
	m.us->proto = IPPROTO_UDP;
	assert_false(feed(&m, &s, &d));
	assert_non_null(strstr(d.msg, "protocol 17"));

	unknown_spi_msg(&m, AF_INET);
	m.us->encap_type = 99;
	assert_false(feed(&m, &s, &d));
	assert_non_null(strstr(d.msg, "encapsulation 99"));

	/* Shorter than its fixed part: the header says so and so does the
	 * datagram. */
	unknown_spi_msg(&m, AF_INET);
	((struct nlmsghdr *)m.buf)->nlmsg_len = (uint32_t)(sizeof(struct nlmsghdr) + 8);
	m.len = sizeof(struct nlmsghdr) + 8;
	assert_false(feed(&m, &s, &d));
	/* A header that claims more than the datagram holds. */
	unknown_spi_msg(&m, AF_INET);
	m.len -= 8;
	assert_false(feed(&m, &s, &d));
	assert_int_equal(s.calls, 0);
}

/* ---- the probe ---- */

static void probe(void **state)
{
	char path[] = "/tmp/test_unknown_spi.XXXXXX";
	struct kernel_feature f;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "1000\n", 5), 5);
	close(fd);
	xfrm_probe_unknown_spi(path, &f);
	assert_true(f.present);
	assert_non_null(strstr(f.reason, "(1000 ms)"));
	unlink(path);
	xfrm_probe_unknown_spi(path, &f);
	assert_false(f.present);
	assert_non_null(strstr(f.reason, "without the unknown-SPI notification"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decide_by_state),
		cmocka_unit_test(decide_rate_limit),
		cmocka_unit_test(decide_table_full),
		cmocka_unit_test(message_good),
		cmocka_unit_test(message_hostile),
		cmocka_unit_test(probe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
