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
	const struct sa_spec s = {
		.src = o->src, .dst = o->dst, .spi = o->spi, .mode = XFRM_MODE_TRANSPORT,
		.reqid = REQID, .replay_window = o->replay_window, .key_byte = 0x42,
	};
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = xfrm_sa_msg(buf, XFRM_MSG_NEWSA, &s);

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

/* Every XFRM_MSG_ENCAP_CHANGE queued on the listener.  Reports are sent
 * while the packet is received, before its ping is answered, so once
 * ping has finished they are all there: no waiting. */
static int drain(struct mnl_socket *nl, struct xfrm_user_encap_change *out, int max)
{
	return xfrm_collect(nl, XFRM_MSG_ENCAP_CHANGE, "XFRM_MSG_ENCAP_CHANGE", out,
			    sizeof(*out), max, 0, false);
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

	xfrm_sa_del(nl_a, B4, SPI_AB);
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
	netns_veth_esp_pair(NS_A, A4, NS_B, B4, REQID);
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
	int encap = UDP_ENCAP_ESPINUDP, udp, err;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(NATT_PORT) };
	struct xfrm_user_encap_change got[8];

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	setup();

	netns_enter(NS_A);
	nl_a = xfrm_open();

	netns_enter(NS_B);
	nl_b = xfrm_open();
	listen_b = xfrm_listen(XFRMNLGRP_MAPPING);
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
	xfrm_sa_del(nl_b, B4, SPI_AB + 1);

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
	netns_veth_pair_del(NS_A, NS_B);
	return checks_done();
}
