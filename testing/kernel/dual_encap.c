/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for dual-encapsulation receive (kernel/patches/0005).
 *
 * Two namespaces joined by a veth pair, "a" (198.51.100.1) and "b"
 * (198.51.100.2), with ESP transport SAs both ways.  b's inbound SA has
 * UDP encapsulation (port 4500) and XFRM_SA_XFLAG_ANY_ENCAP.  a pings b
 * three times, replacing its outbound SA (same SPI, sequence numbers
 * going on) between the rounds: first in UDP, then plain ESP, then in
 * UDP again.  Every ping must be answered (the plain round is dropped
 * as XfrmInStateMismatch without the flag), and a listener on
 * XFRMNLGRP_MAPPING in b must get exactly one XFRM_MSG_ENCAP_CHANGE per
 * change of form, with the right fields, and none for the first round.
 * Then the refusals, and the sysctl that is the probe.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/udp.h>
#include <linux/xfrm.h>

#include "selftest.h"

#define NS_A		"xs-dual-a"
#define NS_B		"xs-dual-b"
#define A4		"198.51.100.1"
#define B4		"198.51.100.2"
#define REQID		9
#define SPI_AB		0x3000
#define SPI_BA		0x4000
#define NATT_PORT	4500
#define KEY		"0x4242424242424242424242424242424242424242"
#define PING_LOG	"/tmp/xs-dual-ping.log"
#define PINGS		10

struct sa_opts {
	const char *src, *dst;
	uint32_t spi;
	bool encap;
	uint32_t xflags;
	uint8_t dir;
	uint32_t oseq;		/* first sequence number - 1 */
	uint8_t replay_window;
};

/* NEWSA for an ESP transport SA with AES-GCM. */
static int new_sa(struct mnl_socket *nl, const struct sa_opts *o)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_usersa_info *sa;
	struct {
		struct xfrm_algo_aead alg;
		unsigned char key[20];
	} aead;

	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	sa = mnl_nlmsg_put_extra_header(nlh, sizeof(*sa));
	memset(sa, 0, sizeof(*sa));
	inet_pton(AF_INET, o->dst, &sa->id.daddr.a4);
	inet_pton(AF_INET, o->src, &sa->saddr.a4);
	sa->id.spi = htonl(o->spi);
	sa->id.proto = IPPROTO_ESP;
	sa->family = AF_INET;
	sa->mode = XFRM_MODE_TRANSPORT;
	sa->reqid = REQID;
	sa->replay_window = o->replay_window;
	sa->lft.soft_byte_limit = XFRM_INF;
	sa->lft.hard_byte_limit = XFRM_INF;
	sa->lft.soft_packet_limit = XFRM_INF;
	sa->lft.hard_packet_limit = XFRM_INF;

	memset(&aead, 0, sizeof(aead));
	strcpy(aead.alg.alg_name, "rfc4106(gcm(aes))");
	aead.alg.alg_key_len = sizeof(aead.key) * 8;
	aead.alg.alg_icv_len = 128;
	memset(aead.key, 0x42, sizeof(aead.key));
	mnl_attr_put(nlh, XFRMA_ALG_AEAD, sizeof(aead), &aead);

	if (o->encap) {
		struct xfrm_encap_tmpl encap;

		memset(&encap, 0, sizeof(encap));
		encap.encap_type = UDP_ENCAP_ESPINUDP;
		encap.encap_sport = htons(NATT_PORT);
		encap.encap_dport = htons(NATT_PORT);
		mnl_attr_put(nlh, XFRMA_ENCAP, sizeof(encap), &encap);
	}
	if (o->xflags)
		mnl_attr_put_u32(nlh, XFRMA_SA_EXTRA_FLAGS, o->xflags);
	if (o->dir)
		mnl_attr_put_u8(nlh, XFRMA_SA_DIR, o->dir);
	if (o->oseq) {
		struct xfrm_replay_state rs = { .oseq = o->oseq };

		mnl_attr_put(nlh, XFRMA_REPLAY_VAL, sizeof(rs), &rs);
	}
	return xfrm_request(nl, nlh, NULL, 0);
}

static int del_sa(struct mnl_socket *nl, const char *dst, uint32_t spi)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_usersa_id *id;

	nlh->nlmsg_type = XFRM_MSG_DELSA;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	memset(id, 0, sizeof(*id));
	inet_pton(AF_INET, dst, &id->daddr.a4);
	id->spi = htonl(spi);
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	return xfrm_request(nl, nlh, NULL, 0);
}

/* Every XFRM_MSG_ENCAP_CHANGE queued on the listener.  Reports are sent
 * while the packet is received, before its ping is answered, so once
 * ping has finished they are all there: no waiting. */
static int drain(struct mnl_socket *nl, struct xfrm_user_encap_change *out, int max)
{
	char buf[NL_BUF_SIZE];
	int count = 0;

	for (;;) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(nl), .events = POLLIN };
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		ssize_t n;

		if (poll(&pfd, 1, 0) <= 0)
			return count;
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			fatal("listener receive: %s", strerror(errno));
		for (; mnl_nlmsg_ok(nlh, (int)n); nlh = mnl_nlmsg_next(nlh, (int *)&n)) {
			if (nlh->nlmsg_type != XFRM_MSG_ENCAP_CHANGE)
				continue;
			if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*out))) {
				check(false, "XFRM_MSG_ENCAP_CHANGE too short (%u)", nlh->nlmsg_len);
				continue;
			}
			if (count < max)
				memcpy(&out[count], mnl_nlmsg_get_payload(nlh), sizeof(*out));
			count++;
		}
	}
}

static void check_change(const char *what, const struct xfrm_user_encap_change *c,
			 int encap_type, uint16_t port)
{
	struct in_addr a, b;

	inet_pton(AF_INET, A4, &a);
	inet_pton(AF_INET, B4, &b);
	check(c->id.family == AF_INET && c->id.proto == IPPROTO_ESP &&
	      c->id.daddr.a4 == b.s_addr && ntohl(c->id.spi) == SPI_AB,
	      "%s: names b's inbound SA 0x%x", what, ntohl(c->id.spi));
	check(c->saddr.a4 == a.s_addr, "%s: source is " A4, what);
	check(c->reqid == REQID, "%s: reqid %u", what, c->reqid);
	check(c->encap_type == encap_type, "%s: encap_type %u (want %d)", what,
	      c->encap_type, encap_type);
	check(ntohs(c->sport) == port && ntohs(c->dport) == port,
	      "%s: ports %u -> %u (want %u)", what, ntohs(c->sport), ntohs(c->dport), port);
}

/* a's outbound SA, replaced by one of the given form; ping; results. */
static void round_trip(struct mnl_socket *nl_a, struct mnl_socket *listen_b, const char *what,
		       bool encap, uint32_t oseq, int want_changes, int want_type,
		       uint16_t want_port)
{
	struct sa_opts out = {
		.src = A4, .dst = B4, .spi = SPI_AB, .encap = encap, .oseq = oseq,
	};
	struct xfrm_user_encap_change got[8];
	long long mismatch;
	int tx, rx, n, err;
	pid_t ping;

	del_sa(nl_a, B4, SPI_AB);
	err = new_sa(nl_a, &out);
	if (err)
		fatal("%s: a's outbound SA: %s", what, strerror(-err));

	mismatch = xfrm_stat("XfrmInStateMismatch");	/* in b, where main() is */
	ping = ping_start(NS_A, B4, PINGS, "0.05", PING_LOG);
	ping_finish(ping, PING_LOG, &tx, &rx);
	check(tx == PINGS && rx == PINGS, "%s: every ping answered (%d sent, %d answered)",
	      what, tx, rx);
	check(xfrm_stat("XfrmInStateMismatch") == mismatch,
	      "%s: XfrmInStateMismatch unchanged (%+lld)", what,
	      xfrm_stat("XfrmInStateMismatch") - mismatch);
	n = drain(listen_b, got, 8);
	if (check(n == want_changes, "%s: %d XFRM_MSG_ENCAP_CHANGE (want %d)", what, n,
		  want_changes) && n == 1)
		check_change(what, &got[0], want_type, want_port);
}

static void setup(void)
{
	run("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null; true");
	run("ip netns add " NS_A " && ip netns add " NS_B);
	run("ip link add va netns " NS_A " type veth peer name vb netns " NS_B);
	run("ip -n " NS_A " addr add " A4 "/24 dev va && ip -n " NS_B " addr add " B4 "/24 dev vb");
	run("ip -n " NS_A " link set va up && ip -n " NS_A " link set lo up");
	run("ip -n " NS_B " link set vb up && ip -n " NS_B " link set lo up");
	run("ip -n " NS_A " xfrm policy add src " A4 " dst " B4 " dir out "
	    "tmpl src " A4 " dst " B4 " proto esp reqid %d mode transport", REQID);
	run("ip -n " NS_B " xfrm policy add src " B4 " dst " A4 " dir out "
	    "tmpl src " B4 " dst " A4 " proto esp reqid %d mode transport", REQID);
	/* b answers in plain ESP; a takes it with a plain SA. */
	run("ip -n " NS_B " xfrm state add src " B4 " dst " A4 " proto esp spi 0x%x "
	    "reqid %d mode transport aead 'rfc4106(gcm(aes))' " KEY " 128", SPI_BA, REQID);
	run("ip -n " NS_A " xfrm state add src " B4 " dst " A4 " proto esp spi 0x%x "
	    "reqid %d mode transport replay-window 32 aead 'rfc4106(gcm(aes))' " KEY " 128",
	    SPI_BA, REQID);
}

int main(void)
{
	struct sa_opts in = {
		.src = A4, .dst = B4, .spi = SPI_AB, .encap = true,
		.xflags = XFRM_SA_XFLAG_ANY_ENCAP, .replay_window = 32,
	};
	struct sa_opts bad;
	struct mnl_socket *nl_a, *nl_b, *listen_b;
	int group = XFRMNLGRP_MAPPING, encap = UDP_ENCAP_ESPINUDP, udp, err;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(NATT_PORT) };
	struct xfrm_user_encap_change got[8];

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	setup();

	netns_enter(NS_A);
	nl_a = xfrm_open();

	netns_enter(NS_B);
	nl_b = xfrm_open();
	listen_b = xfrm_open();
	if (setsockopt(mnl_socket_get_fd(listen_b), SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &group, sizeof(group)) != 0)
		fatal("join XFRMNLGRP_MAPPING: %s", strerror(errno));
	udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (udp < 0 || bind(udp, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    setsockopt(udp, IPPROTO_UDP, UDP_ENCAP, &encap, sizeof(encap)) != 0)
		fatal("NAT-T socket in " NS_B ": %s", strerror(errno));

	/* The probe, and a short report interval for the test. */
	check(sysctl_write("net/core/xfrm_dual_encap_interval_ms", "100"),
	      "probe: net.core.xfrm_dual_encap_interval_ms exists");

	/* Refusals: the flag needs UDP encapsulation and an inbound SA. */
	bad = in;
	bad.spi = SPI_AB + 1;
	bad.encap = false;
	err = new_sa(nl_b, &bad);
	check(err == -EINVAL, "refused: flag without XFRMA_ENCAP answers -EINVAL (%d)", err);
	bad.encap = true;
	bad.dir = XFRM_SA_DIR_OUT;
	bad.replay_window = 0;
	err = new_sa(nl_b, &bad);
	check(err == -EINVAL, "refused: flag on an outbound SA answers -EINVAL (%d)", err);
	del_sa(nl_b, B4, SPI_AB + 1);

	err = new_sa(nl_b, &in);
	if (err)
		fatal("b's inbound SA with XFRM_SA_XFLAG_ANY_ENCAP: %s", strerror(-err));
	drain(listen_b, got, 8);

	round_trip(nl_a, listen_b, "udp", true, 0, 0, 0, 0);
	round_trip(nl_a, listen_b, "plain", false, 100, 1, 0, 0);
	round_trip(nl_a, listen_b, "udp again", true, 200, 1, UDP_ENCAP_ESPINUDP, NATT_PORT);

	close(udp);
	mnl_socket_close(listen_b);
	mnl_socket_close(nl_b);
	mnl_socket_close(nl_a);
	run("ip netns del " NS_A "; ip netns del " NS_B);
	return checks_done();
}
