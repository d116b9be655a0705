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
 * Then the refusals, and the sysctl that is the probe.  The rounds run
 * again over IPv6 (fd00:de::1 -> fd00:de::2, their own SAs and NAT-T
 * socket): 6.1 has ESP in UDP over IPv6 (esp6.c, xfrm6_udp_encap_rcv),
 * and the series reports its form from esp6_input_done2().
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
#define A6		"fd00:de::1"
#define B6		"fd00:de::2"
#define REQID		9
#define NATT_PORT	4500
#define KEY		"0x4242424242424242424242424242424242424242"
#define PING_LOG	"/tmp/xs-dual-ping.log"
#define PINGS		10

/* One address family's rounds: addresses, a's outbound (b's inbound)
 * SPI, b's outbound SPI, and the prefix of the checks' names. */
struct fam {
	const char *a, *b;
	uint32_t spi_ab, spi_ba;
	const char *prefix;
};

static const struct fam ipv4 = { A4, B4, 0x3000, 0x4000, "" };
static const struct fam ipv6 = { A6, B6, 0x3001, 0x4001, "IPv6 " };

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

/* Whether the address in X is ADDR (compared as far as ADDR's family's
 * addresses go). */
static bool addr_is(const xfrm_address_t *x, const char *addr)
{
	xfrm_address_t want;
	int family = xfrm_addr_parse(&want, addr);

	return memcmp(x, &want, family == AF_INET6 ? sizeof(want.a6) : sizeof(want.a4)) == 0;
}

static void check_change(const struct fam *f, const char *what,
			 const struct xfrm_user_encap_change *c, int encap_type, uint16_t port)
{
	check(c->id.family == addr_family(f->b) && c->id.proto == IPPROTO_ESP &&
	      addr_is(&c->id.daddr, f->b) && ntohl(c->id.spi) == f->spi_ab,
	      "%s: names b's inbound SA 0x%x (family %u)", what, ntohl(c->id.spi), c->id.family);
	check(addr_is(&c->saddr, f->a), "%s: source is %s", what, f->a);
	check(c->reqid == REQID, "%s: reqid %u", what, c->reqid);
	check(c->encap_type == encap_type, "%s: encap_type %u (want %d)", what,
	      c->encap_type, encap_type);
	check(ntohs(c->sport) == port && ntohs(c->dport) == port,
	      "%s: ports %u -> %u (want %u)", what, ntohs(c->sport), ntohs(c->dport), port);
}

/* a's outbound SA, replaced by one of the given form; ping; results. */
static void round_trip(struct mnl_socket *nl_a, struct mnl_socket *listen_b,
		       const struct fam *f, const char *form, bool encap, uint32_t oseq,
		       int want_changes, int want_type, uint16_t want_port)
{
	struct sa_opts out = {
		.src = f->a, .dst = f->b, .spi = f->spi_ab, .encap = encap, .oseq = oseq,
	};
	struct xfrm_user_encap_change got[8];
	long long mismatch, proto_error;
	int tx, rx, n, err;
	char what[64];
	pid_t ping;

	snprintf(what, sizeof(what), "%s%s", f->prefix, form);
	xfrm_sa_del(nl_a, f->b, f->spi_ab);
	err = new_sa(nl_a, &out);
	if (err)
		fatal("%s: a's outbound SA: %s", what, strerror(-err));

	mismatch = xfrm_stat("XfrmInStateMismatch");	/* in b, where main() is */
	proto_error = xfrm_stat("XfrmInStateProtoError");
	ping = ping_start(NS_A, f->b, PINGS, "0.05", PING_LOG);
	ping_finish(ping, PING_LOG, &tx, &rx);
	check(tx == PINGS && rx == PINGS, "%s: every ping answered (%d sent, %d answered)",
	      what, tx, rx);
	check(xfrm_stat("XfrmInStateMismatch") == mismatch,
	      "%s: XfrmInStateMismatch unchanged (%+lld)", what,
	      xfrm_stat("XfrmInStateMismatch") - mismatch);
	/* what ESP's input refuses after the SA was found */
	check(xfrm_stat("XfrmInStateProtoError") == proto_error,
	      "%s: XfrmInStateProtoError unchanged (%+lld)", what,
	      xfrm_stat("XfrmInStateProtoError") - proto_error);
	n = drain(listen_b, got, 8);
	if (check(n == want_changes, "%s: %d XFRM_MSG_ENCAP_CHANGE (want %d)", what, n,
		  want_changes) && n == 1)
		check_change(f, what, &got[0], want_type, want_port);
}

/* The three rounds over F: b's inbound SA (flagged) is there already. */
static void rounds(struct mnl_socket *nl_a, struct mnl_socket *listen_b, const struct fam *f)
{
	round_trip(nl_a, listen_b, f, "udp", true, 0, 0, 0, 0);
	round_trip(nl_a, listen_b, f, "plain", false, 100, 1, 0, 0);
	round_trip(nl_a, listen_b, f, "udp again", true, 200, 1, UDP_ENCAP_ESPINUDP, NATT_PORT);
}

/* b answers F's pings in plain ESP; a takes them with a plain SA. */
static void setup_answers(const struct fam *f)
{
	run("ip -n " NS_B " xfrm state add src %s dst %s proto esp spi 0x%x "
	    "reqid %d mode transport aead 'rfc4106(gcm(aes))' " KEY " 128",
	    f->b, f->a, f->spi_ba, REQID);
	run("ip -n " NS_A " xfrm state add src %s dst %s proto esp spi 0x%x "
	    "reqid %d mode transport replay-window 32 aead 'rfc4106(gcm(aes))' " KEY " 128",
	    f->b, f->a, f->spi_ba, REQID);
}

static void setup(void)
{
	static const char policy[] = "ip -n %s xfrm policy add src %s dst %s dir out "
		"tmpl src %s dst %s proto esp reqid %u mode transport";

	netns_veth_esp_pair(NS_A, A4, NS_B, B4, REQID);
	setup_answers(&ipv4);
	/* The IPv6 pair: policies as netns_veth_esp_pair() sets for IPv4. */
	netns_addr(NS_A, "va", A6 "/64");
	netns_addr(NS_B, "vb", B6 "/64");
	run(policy, NS_A, A6, B6, A6, B6, REQID);
	run(policy, NS_B, B6, A6, B6, A6, REQID);
	setup_answers(&ipv6);
}

/* b's NAT-T socket for FAMILY on port 4500 (the IPv6 one IPv6 only). */
static int natt_socket(int family)
{
	struct sockaddr_storage ss;
	socklen_t len = sockaddr_parse(&ss, family == AF_INET6 ? "::" : "0.0.0.0", NATT_PORT);
	int encap = UDP_ENCAP_ESPINUDP, one = 1;
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 ||
	    (family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) != 0) ||
	    bind(fd, (struct sockaddr *)&ss, len) != 0 ||
	    setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &encap, sizeof(encap)) != 0)
		fatal("NAT-T socket (family %d) in " NS_B ": %s", family, strerror(errno));
	return fd;
}

/* b's inbound SA from F's a, UDP-encapsulated, taking plain ESP too. */
static void inbound_any_encap(struct mnl_socket *nl_b, const struct fam *f)
{
	const struct sa_opts in = {
		.src = f->a, .dst = f->b, .spi = f->spi_ab, .encap = true,
		.xflags = XFRM_SA_XFLAG_ANY_ENCAP, .replay_window = 32,
	};
	int err = new_sa(nl_b, &in);

	if (err)
		fatal("b's inbound SA %s -> %s with XFRM_SA_XFLAG_ANY_ENCAP: %s", f->a, f->b,
		      strerror(-err));
}

int main(void)
{
	struct sa_opts bad = {
		.src = A4, .dst = B4, .spi = 0x3100,
		.xflags = XFRM_SA_XFLAG_ANY_ENCAP, .replay_window = 32,
	};
	struct mnl_socket *nl_a, *nl_b, *listen_b;
	int udp, udp6, err;
	struct xfrm_user_encap_change got[8];

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	setup();

	netns_enter(NS_A);
	nl_a = xfrm_open();

	netns_enter(NS_B);
	nl_b = xfrm_open();
	listen_b = xfrm_listen(XFRMNLGRP_MAPPING);
	udp = natt_socket(AF_INET);
	udp6 = natt_socket(AF_INET6);

	/* The probe, and a short report interval for the test. */
	check(sysctl_write("net/core/xfrm_dual_encap_interval_ms", "100"),
	      "probe: net.core.xfrm_dual_encap_interval_ms exists");

	/* Refusals: the flag needs UDP encapsulation and an inbound SA. */
	err = new_sa(nl_b, &bad);
	check(err == -EINVAL, "refused: flag without XFRMA_ENCAP answers -EINVAL (%d)", err);
	bad.encap = true;
	bad.dir = XFRM_SA_DIR_OUT;
	bad.replay_window = 0;
	err = new_sa(nl_b, &bad);
	check(err == -EINVAL, "refused: flag on an outbound SA answers -EINVAL (%d)", err);
	xfrm_sa_del(nl_b, B4, bad.spi);

	inbound_any_encap(nl_b, &ipv4);
	inbound_any_encap(nl_b, &ipv6);
	drain(listen_b, got, 8);

	rounds(nl_a, listen_b, &ipv4);
	rounds(nl_a, listen_b, &ipv6);

	close(udp6);
	close(udp);
	mnl_socket_close(listen_b);
	mnl_socket_close(nl_b);
	mnl_socket_close(nl_a);
	netns_veth_pair_del(NS_A, NS_B);
	return checks_done();
}
