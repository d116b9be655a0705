/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for activate-on-receipt rekeying (kernel/patches/0004).
 *
 * Two namespaces joined by a veth pair, "a" (192.0.2.1) and "b"
 * (192.0.2.2), with ESP transport SAs both ways and a steady ping from a
 * to b.  a rekeys first: it installs its new inbound SA and its new
 * outbound SA on standby (XFRMA_SA_ACTIVATE), then b installs its new
 * pair and moves its own traffic to it.  The first reply that
 * authenticates on a's new inbound SA must switch a's output to the new
 * SA: not one ping lost (a standby SA used too early would be dropped by
 * b, which does not have it yet), exactly one XFRM_MSG_ACTIVATESA with
 * the right fields, the old SA no longer used.  Done once on a clean
 * link and once with 200 ms delay and reordering (netem) both ways.
 * Then the other ways to activate (timeout, request), deleting a standby
 * SA, the probe, and the refusals.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xfrm.h>

#include "selftest.h"

#define NS_A		"xs-aor-a"
#define NS_B		"xs-aor-b"
#define A4		"192.0.2.1"
#define B4		"192.0.2.2"
#define REQID		7
#define KEY		"0x4242424242424242424242424242424242424242"
#define PING_LOG	"/tmp/xs-aor-ping.log"

/* SPIs of one rekey round R: a->b old and new, b->a old and new. */
#define SPI_AB(r, new)	(0x1000u + 16u * (r) + (new))
#define SPI_BA(r, new)	(0x2000u + 16u * (r) + (new))

/* ip xfrm state add, in namespace NS, for an ESP transport SA. */
static void ip_sa_add(const char *ns, const char *src, const char *dst, uint32_t spi)
{
	run("ip -n %s xfrm state add src %s dst %s proto esp spi 0x%x reqid %d "
	    "mode transport replay-window 32 aead 'rfc4106(gcm(aes))' " KEY " 128",
	    ns, src, dst, spi, REQID);
}

static void ip_sa_del(const char *ns, const char *src, const char *dst, uint32_t spi)
{
	run("ip -n %s xfrm state del src %s dst %s proto esp spi 0x%x", ns, src, dst, spi);
}

/* NEWSA a->b for SPI on standby until IN_SPI (b->a) authenticates. */
static int new_standby(struct mnl_socket *nl, uint32_t spi, uint32_t in_spi,
		       uint32_t timeout_ms, uint32_t flags, uint16_t type)
{
	const struct sa_spec s = {
		.src = A4, .dst = B4, .spi = spi, .mode = XFRM_MODE_TRANSPORT,
		.reqid = REQID, .key_byte = 0x42,
	};
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = xfrm_sa_msg(buf, type, &s);
	struct xfrm_user_sa_activate act;

	memset(&act, 0, sizeof(act));
	act.in_spi = htonl(in_spi);
	act.timeout_ms = timeout_ms;
	act.flags = flags;
	mnl_attr_put(nlh, XFRMA_SA_ACTIVATE, sizeof(act), &act);
	return xfrm_request(nl, nlh, NULL, 0);
}

/* XFRM_MSG_ACTIVATESA request for the a->b SA SPI. */
static int activate_request(struct mnl_socket *nl, uint32_t spi)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_user_activate *ua;

	nlh->nlmsg_type = XFRM_MSG_ACTIVATESA;
	ua = mnl_nlmsg_put_extra_header(nlh, sizeof(*ua));
	memset(ua, 0, sizeof(*ua));
	inet_pton(AF_INET, B4, &ua->daddr.a4);
	ua->spi = htonl(spi);
	ua->family = AF_INET;
	ua->proto = IPPROTO_ESP;
	return xfrm_request(nl, nlh, NULL, 0);
}

struct sa_view {
	int err;		/* 0, or -errno from GETSA */
	unsigned long long packets;
	bool standby;		/* XFRMA_SA_ACTIVATE present */
};

static struct sa_view get_sa(struct mnl_socket *nl, const char *dst, uint32_t spi)
{
	char reply[8192];
	const struct nlmsghdr *r = (const struct nlmsghdr *)reply;
	const struct xfrm_usersa_info *info;
	struct sa_view v = { 0 };

	v.err = xfrm_sa_get(nl, dst, spi, reply, sizeof(reply));
	if (v.err)
		return v;
	info = mnl_nlmsg_get_payload(r);
	v.packets = info->curlft.packets;
	v.standby = xfrm_attr(r, sizeof(*info), XFRMA_SA_ACTIVATE) != NULL;
	return v;
}

/* Poll until the a->b SA SPI has sent AT_LEAST packets; the last count. */
static unsigned long long wait_packets(struct mnl_socket *nl, uint32_t spi,
				       unsigned long long at_least, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct sa_view v;

	for (;;) {
		v = get_sa(nl, B4, spi);
		if (v.err == 0 && v.packets >= at_least)
			return v.packets;
		if (now_ms() >= deadline)
			return v.err ? 0 : v.packets;
		usleep(10 * 1000);
	}
}

/* The member of XFRMNLGRP_ACTIVATE.  Requests go through another
 * socket: xfrm_request() skips (and so loses) what it does not wait for,
 * and a request's own notification arrives before its answer. */
static struct mnl_socket *listener;

/* A UDP socket in a connected to b: it keeps its route, with the XFRM
 * bundle, until the bundle goes stale, so it shows whether activation
 * made cached bundles stale.  b has a socket bound to the port. */
static int udp_connected;
#define UDP_PORT	5555

static void udp_send(int count)
{
	int i;

	for (i = 0; i < count; i++)
		send(udp_connected, "x", 1, 0);	/* errors do not matter */
}

/* Every XFRM_MSG_ACTIVATESA that arrives within TIMEOUT_MS, stopping
 * after the first if FIRST_ONLY. */
static int collect(struct xfrm_user_activate *out, int max, int timeout_ms, bool first_only)
{
	return xfrm_collect(listener, XFRM_MSG_ACTIVATESA, "XFRM_MSG_ACTIVATESA", out,
			    sizeof(*out), max, timeout_ms, first_only);
}

static bool addr_is(const xfrm_address_t *a, const char *text)
{
	struct in_addr want;

	inet_pton(AF_INET, text, &want);
	return a->a4 == want.s_addr;
}

static void check_event(const char *what, const struct xfrm_user_activate *e,
			uint32_t spi, uint32_t in_spi, uint32_t old_spi,
			uint32_t retired, uint8_t reason)
{
	check(e->family == AF_INET && e->proto == IPPROTO_ESP,
	      "%s: family %u proto %u", what, e->family, e->proto);
	check(addr_is(&e->daddr, B4) && addr_is(&e->saddr, A4),
	      "%s: addresses " A4 " -> " B4, what);
	check(ntohl(e->spi) == spi, "%s: spi 0x%x (want 0x%x)", what, ntohl(e->spi), spi);
	check(ntohl(e->in_spi) == in_spi, "%s: in_spi 0x%x (want 0x%x)", what,
	      ntohl(e->in_spi), in_spi);
	check(ntohl(e->old_spi) == old_spi, "%s: old_spi 0x%x (want 0x%x)", what,
	      ntohl(e->old_spi), old_spi);
	check(e->retired == retired, "%s: retired %u (want %u)", what, e->retired, retired);
	check(e->reqid == REQID, "%s: reqid %u", what, e->reqid);
	check(e->reason == reason, "%s: reason %u (want %u)", what, e->reason, reason);
}

static void setup(void)
{
	/* ESP between the two hosts, both ways; inbound is allowed anyway. */
	netns_veth_esp_pair(NS_A, A4, NS_B, B4, REQID);
}

/* One rekey of a's outbound SA while a pings b; see the top comment. */
static void rekey(struct mnl_socket *nl, int r, const char *what)
{
	struct xfrm_user_activate ev[8];
	unsigned long long old_before, old_after, new_count;
	int transmitted, received, n, err;
	struct sa_view v;
	pid_t ping;

	run("ip -n " NS_A " xfrm state flush && ip -n " NS_B " xfrm state flush");
	ip_sa_add(NS_A, A4, B4, SPI_AB(r, 0));
	ip_sa_add(NS_B, A4, B4, SPI_AB(r, 0));
	ip_sa_add(NS_B, B4, A4, SPI_BA(r, 0));
	ip_sa_add(NS_A, B4, A4, SPI_BA(r, 0));
	collect(ev, 8, 0, false);	/* nothing from earlier rounds */

	{
		struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(UDP_PORT) };

		inet_pton(AF_INET, B4, &sin.sin_addr);
		udp_connected = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (udp_connected < 0 ||
		    connect(udp_connected, (struct sockaddr *)&sin, sizeof(sin)) != 0)
			fatal("UDP socket in " NS_A ": %s", strerror(errno));
	}

	/* 100 pings, 30 ms apart: about three seconds of steady traffic. */
	ping = ping_start(NS_A, B4, 100, "0.03", PING_LOG);
	old_before = wait_packets(nl, SPI_AB(r, 0), 5, 3000);
	if (!check(old_before >= 5, "%s: ping flows through the old SA (%llu packets)",
		   what, old_before))
		goto out;

	/* a: the new pair, outbound on standby for its inbound SA. */
	ip_sa_add(NS_A, B4, A4, SPI_BA(r, 1));
	err = new_standby(nl, SPI_AB(r, 1), SPI_BA(r, 1), 20000, 0, XFRM_MSG_NEWSA);
	if (!check(err == 0, "%s: NEWSA with XFRMA_SA_ACTIVATE (%d)", what, err))
		goto out;
	v = get_sa(nl, B4, SPI_AB(r, 1));
	check(v.err == 0 && v.standby, "%s: GETSA shows the new SA on standby", what);

	/* Until b switches, a keeps sending on the old SA. */
	old_after = wait_packets(nl, SPI_AB(r, 0), old_before + 8, 3000);
	v = get_sa(nl, B4, SPI_AB(r, 1));
	check(old_after >= old_before + 8 && v.err == 0 && v.packets == 0,
	      "%s: standby SA unused while the old one carries the ping (%llu vs %llu)",
	      what, v.packets, old_after - old_before);

	udp_send(3);	/* caches a bundle on the old SA, after the standby's insertion */

	/* b: new inbound, new outbound, old outbound gone: b switched. */
	ip_sa_add(NS_B, A4, B4, SPI_AB(r, 1));
	ip_sa_add(NS_B, B4, A4, SPI_BA(r, 1));
	ip_sa_del(NS_B, B4, A4, SPI_BA(r, 0));

	n = collect(ev, 8, 5000, true);
	if (check(n == 1, "%s: XFRM_MSG_ACTIVATESA arrives", what))
		check_event(what, &ev[0], SPI_AB(r, 1), SPI_BA(r, 1), SPI_AB(r, 0), 1,
			    XFRM_ACTIVATE_PACKET);

	/* a now sends on the new SA only. */
	new_count = wait_packets(nl, SPI_AB(r, 1), 5, 3000);
	old_before = get_sa(nl, B4, SPI_AB(r, 0)).packets;
	udp_send(5);	/* through a bundle cached before the activation */
	wait_packets(nl, SPI_AB(r, 1), new_count + 10, 3000);
	old_after = get_sa(nl, B4, SPI_AB(r, 0)).packets;
	v = get_sa(nl, B4, SPI_AB(r, 1));
	check(new_count >= 5 && v.packets >= new_count + 10 && old_after == old_before,
	      "%s: ping and a connected socket moved to the new SA (new %llu, old %llu then %llu)",
	      what, v.packets, old_before, old_after);
	check(v.err == 0 && !v.standby, "%s: GETSA no longer shows standby", what);

out:
	ping_finish(ping, PING_LOG, &transmitted, &received);
	check(transmitted > 0 && received == transmitted,
	      "%s: no ping lost (%d sent, %d answered)", what, transmitted, received);
	n = collect(ev, 8, 200, false);
	check(n == 0, "%s: no second XFRM_MSG_ACTIVATESA (%d)", what, n);
	close(udp_connected);
}

/* Activation without a packet: the timeout, a request, a deletion. */
static void other_ways(struct mnl_socket *nl)
{
	struct xfrm_user_activate ev[8];
	long long start, took;
	int n, err;

	run("ip -n " NS_A " xfrm state flush");
	ip_sa_add(NS_A, A4, B4, SPI_AB(8, 0));
	ip_sa_add(NS_A, B4, A4, SPI_BA(8, 1));
	collect(ev, 8, 0, false);

	/* Timeout: nothing arrives on the inbound SA for 400 ms. */
	start = now_ms();
	err = new_standby(nl, SPI_AB(8, 1), SPI_BA(8, 1), 400, 0, XFRM_MSG_NEWSA);
	check(err == 0, "timeout: NEWSA on standby (%d)", err);
	n = collect(ev, 8, 3000, true);
	took = now_ms() - start;
	if (check(n == 1, "timeout: XFRM_MSG_ACTIVATESA arrives"))
		check_event("timeout", &ev[0], SPI_AB(8, 1), SPI_BA(8, 1), SPI_AB(8, 0), 1,
			    XFRM_ACTIVATE_TIMEOUT);
	check(took >= 390 && took < 2000, "timeout: after %lld ms (timeout 400)", took);
	check(!get_sa(nl, B4, SPI_AB(8, 1)).standby, "timeout: no longer on standby");

	/* Request: XFRM_MSG_ACTIVATESA from userland, once. */
	ip_sa_add(NS_A, B4, A4, SPI_BA(8, 2));
	err = new_standby(nl, SPI_AB(8, 2), SPI_BA(8, 2), 60000, 0, XFRM_MSG_NEWSA);
	check(err == 0, "request: NEWSA on standby (%d)", err);
	err = activate_request(nl, SPI_AB(8, 2));
	check(err == 0, "request: XFRM_MSG_ACTIVATESA answers 0 (%d)", err);
	n = collect(ev, 8, 1000, true);
	if (check(n == 1, "request: XFRM_MSG_ACTIVATESA arrives"))
		check_event("request", &ev[0], SPI_AB(8, 2), SPI_BA(8, 2), SPI_AB(8, 1), 1,
			    XFRM_ACTIVATE_REQUEST);
	err = activate_request(nl, SPI_AB(8, 2));
	check(err == -EALREADY, "request: a second request answers -EALREADY (%d)", err);
	err = activate_request(nl, SPI_AB(8, 0));
	check(err == -EINVAL, "request: an SA never on standby answers -EINVAL (%d)", err);

	/* A deleted standby SA activates nothing, also after its timeout. */
	ip_sa_add(NS_A, B4, A4, SPI_BA(8, 3));
	err = new_standby(nl, SPI_AB(8, 3), SPI_BA(8, 3), 1000, 0, XFRM_MSG_NEWSA);
	check(err == 0, "delete: NEWSA on standby (%d)", err);
	/* Through netlink at once: well before the timeout, unlike ip(8). */
	err = xfrm_sa_del(nl, B4, SPI_AB(8, 3));
	check(err == 0, "delete: DELSA (%d)", err);
	n = collect(ev, 8, 1500, false);
	check(n == 0, "delete: no XFRM_MSG_ACTIVATESA after deleting the standby SA (%d)", n);

	/* The inbound SA deleted first: the timeout still activates. */
	ip_sa_add(NS_A, B4, A4, SPI_BA(8, 4));
	err = new_standby(nl, SPI_AB(8, 4), SPI_BA(8, 4), 300, 0, XFRM_MSG_NEWSA);
	check(err == 0, "inbound gone: NEWSA on standby (%d)", err);
	ip_sa_del(NS_A, B4, A4, SPI_BA(8, 4));
	n = collect(ev, 8, 3000, true);
	check(n == 1 && ev[0].reason == XFRM_ACTIVATE_TIMEOUT && ntohl(ev[0].spi) == SPI_AB(8, 4),
	      "inbound gone: activated by the timeout (%d)", n);

	/* Refusals, each without leaving an SA behind. */
	err = new_standby(nl, SPI_AB(8, 5), 0xdeadbeef, 300, 0, XFRM_MSG_NEWSA);
	check(err == -ESRCH, "refused: no such inbound SA answers -ESRCH (%d)", err);
	check(get_sa(nl, B4, SPI_AB(8, 5)).err == -ESRCH, "refused: no SA was left behind");
	ip_sa_add(NS_A, B4, A4, SPI_BA(8, 5));
	err = new_standby(nl, SPI_AB(8, 5), SPI_BA(8, 5), 60000, 0, XFRM_MSG_NEWSA);
	check(err == 0, "busy: NEWSA on standby (%d)", err);
	err = new_standby(nl, SPI_AB(8, 7), SPI_BA(8, 5), 60000, 0, XFRM_MSG_NEWSA);
	check(err == -EBUSY, "refused: a second standby SA for one inbound SA answers -EBUSY (%d)",
	      err);
	ip_sa_add(NS_A, B4, A4, SPI_BA(8, 6));
	err = new_standby(nl, SPI_AB(8, 6), SPI_BA(8, 6), 0, 0, XFRM_MSG_NEWSA);
	check(err == -EINVAL, "refused: timeout 0 answers -EINVAL (%d)", err);
	err = new_standby(nl, SPI_AB(8, 6), SPI_BA(8, 6), 300, 1, XFRM_MSG_NEWSA);
	check(err == -EINVAL, "refused: unknown flags answer -EINVAL (%d)", err);
	err = new_standby(nl, SPI_AB(8, 6), SPI_BA(8, 6), 300, 0, XFRM_MSG_UPDSA);
	check(err == -EINVAL, "refused: UPDSA answers -EINVAL (%d)", err);
	check(get_sa(nl, B4, SPI_AB(8, 6)).err == -ESRCH, "refused: no SA was left behind");
	collect(ev, 8, 0, false);
}

int main(void)
{
	struct mnl_socket *nl;
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	setup();
	/* b's end of the connected UDP socket: open for the whole test. */
	netns_enter(NS_B);
	(void)udp_socket_bound(NULL, UDP_PORT);
	netns_enter(NS_A);
	nl = xfrm_open();
	listener = xfrm_listen(XFRMNLGRP_ACTIVATE);

	/* The probe: a request for an SA that does not exist. */
	err = activate_request(nl, 0xdeadbeef);
	check(err == -ESRCH, "probe: XFRM_MSG_ACTIVATESA for no SA answers -ESRCH (%d)", err);

	rekey(nl, 0, "steady");
	run("ip netns exec " NS_A " tc qdisc add dev va root netem delay 200ms reorder 25%% 50%%");
	run("ip netns exec " NS_B " tc qdisc add dev vb root netem delay 200ms reorder 25%% 50%%");
	rekey(nl, 1, "netem");
	run("ip netns exec " NS_A " tc qdisc del dev va root");
	run("ip netns exec " NS_B " tc qdisc del dev vb root");
	other_ways(nl);

	mnl_socket_close(listener);
	mnl_socket_close(nl);
	netns_veth_pair_del(NS_A, NS_B);
	return checks_done();
}
