/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for policy statistics (kernel/patches/0008).
 *
 * Two namespaces joined by a veth: A (10.0.0.1) sends UDP to B
 * (10.0.0.2) through one ESP transport SA, under an out policy in A and
 * an in policy in B.  (Addresses of one namespace cannot be used: the
 * loopback device bypasses IPsec.)  After five datagrams of 100 bytes
 * have been received, the first GETPOLICY of each policy, and the policy
 * dump, say 5 packets and 5 * 128 bytes (IP header + UDP header +
 * payload); the SAs' own counters prove the datagrams went through ESP.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xfrm.h>

#include "selftest.h"

#define SPI		0x5000
#define PORT		5000
#define DATAGRAMS	5
#define PAYLOAD		100
#define IP_BYTES	(20 + 8 + PAYLOAD)
#define NS_A		"k6a-stats-a"
#define NS_B		"k6a-stats-b"

static const char src[] = "10.0.0.1", dst[] = "10.0.0.2";

static void fill_selector(struct xfrm_selector *sel)
{
	memset(sel, 0, sizeof(*sel));
	inet_pton(AF_INET, src, &sel->saddr.a4);
	inet_pton(AF_INET, dst, &sel->daddr.a4);
	sel->prefixlen_s = 32;
	sel->prefixlen_d = 32;
	sel->proto = IPPROTO_UDP;
	sel->family = AF_INET;
}

static int new_policy(struct mnl_socket *nl, uint8_t dir)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_userpolicy_info *p;
	struct xfrm_user_tmpl t;

	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));
	memset(p, 0, sizeof(*p));
	fill_selector(&p->sel);
	p->lft.soft_byte_limit = XFRM_INF;
	p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = XFRM_INF;
	p->lft.hard_packet_limit = XFRM_INF;
	p->priority = 1000;
	p->dir = dir;
	p->action = XFRM_POLICY_ALLOW;

	memset(&t, 0, sizeof(t));
	inet_pton(AF_INET, dst, &t.id.daddr.a4);
	inet_pton(AF_INET, src, &t.saddr.a4);
	t.id.proto = IPPROTO_ESP;
	t.family = AF_INET;
	t.mode = XFRM_MODE_TRANSPORT;
	t.aalgos = t.ealgos = t.calgos = ~0u;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	return xfrm_request(nl, nlh, NULL, 0);
}

static int new_sa(struct mnl_socket *nl)
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
	inet_pton(AF_INET, dst, &sa->id.daddr.a4);
	inet_pton(AF_INET, src, &sa->saddr.a4);
	sa->id.spi = htonl(SPI);
	sa->id.proto = IPPROTO_ESP;
	sa->family = AF_INET;
	sa->mode = XFRM_MODE_TRANSPORT;
	sa->replay_window = 32;
	sa->lft.soft_byte_limit = XFRM_INF;
	sa->lft.hard_byte_limit = XFRM_INF;
	sa->lft.soft_packet_limit = XFRM_INF;
	sa->lft.hard_packet_limit = XFRM_INF;

	memset(&aead, 0, sizeof(aead));
	strcpy(aead.alg.alg_name, "rfc4106(gcm(aes))");
	aead.alg.alg_key_len = sizeof(aead.key) * 8;
	aead.alg.alg_icv_len = 128;
	memset(aead.key, 0x5a, sizeof(aead.key));
	mnl_attr_put(nlh, XFRMA_ALG_AEAD, sizeof(aead), &aead);
	return xfrm_request(nl, nlh, NULL, 0);
}

/* GETPOLICY by selector and direction: -errno, else its curlft. */
static int get_policy(struct mnl_socket *nl, uint8_t dir, struct xfrm_lifetime_cur *cur)
{
	char buf[NL_BUF_SIZE], reply[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsghdr *r = (struct nlmsghdr *)reply;
	struct xfrm_userpolicy_id *id;
	int err;

	nlh->nlmsg_type = XFRM_MSG_GETPOLICY;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	memset(id, 0, sizeof(*id));
	fill_selector(&id->sel);
	id->dir = dir;
	memset(reply, 0, sizeof(reply));
	err = xfrm_request(nl, nlh, reply, sizeof(reply));
	if (err)
		return err;
	if (r->nlmsg_len < mnl_nlmsg_size(sizeof(struct xfrm_userpolicy_info)))
		return -EPROTO;
	memcpy(cur, &((struct xfrm_userpolicy_info *)mnl_nlmsg_get_payload(r))->curlft,
	       sizeof(*cur));
	return 0;
}

/* GETSA: -errno, else the SA's curlft. */
static int get_sa(struct mnl_socket *nl, struct xfrm_lifetime_cur *cur)
{
	char buf[NL_BUF_SIZE], reply[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsghdr *r = (struct nlmsghdr *)reply;
	struct xfrm_usersa_id *id;
	int err;

	nlh->nlmsg_type = XFRM_MSG_GETSA;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	memset(id, 0, sizeof(*id));
	inet_pton(AF_INET, dst, &id->daddr.a4);
	id->spi = htonl(SPI);
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	memset(reply, 0, sizeof(reply));
	err = xfrm_request(nl, nlh, reply, sizeof(reply));
	if (err)
		return err;
	if (r->nlmsg_len < mnl_nlmsg_size(sizeof(struct xfrm_usersa_info)))
		return -EPROTO;
	memcpy(cur, &((struct xfrm_usersa_info *)mnl_nlmsg_get_payload(r))->curlft,
	       sizeof(*cur));
	return 0;
}

/* Policy dump: the counters of our two policies, by direction. */
struct dumped {
	int found[2];
	struct xfrm_lifetime_cur cur[2];
};

static void dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct xfrm_userpolicy_info *p = mnl_nlmsg_get_payload(nlh);
	struct dumped *d = data;
	struct in_addr want;

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*p)))
		return;
	inet_pton(AF_INET, dst, &want);
	if (p->sel.daddr.a4 != want.s_addr || p->dir > XFRM_POLICY_OUT)
		return;
	d->found[p->dir]++;
	d->cur[p->dir] = p->curlft;
}

static int bound_udp(const char *addr, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		fatal("udp socket: %s", strerror(errno));
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		fatal("bind %s:%u: %s", addr, port, strerror(errno));
	return fd;
}

static void check_counts(const char *what, int err, const struct xfrm_lifetime_cur *c)
{
	check(err == 0 && c->packets == DATAGRAMS && c->bytes == DATAGRAMS * IP_BYTES,
	      "%s: %d packets, %d bytes (err %d, got %llu packets, %llu bytes)", what,
	      DATAGRAMS, DATAGRAMS * IP_BYTES, err, (unsigned long long)c->packets,
	      (unsigned long long)c->bytes);
}

int main(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	struct xfrm_lifetime_cur cur;
	struct dumped d;
	char payload[PAYLOAD], got[PAYLOAD + 1];
	struct mnl_socket *nl_a, *nl_b;
	int err, i, received = 0, tx, rx;

	setvbuf(stdout, NULL, _IOLBF, 0);
	run("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null; true");
	run("ip netns add " NS_A " && ip netns add " NS_B);
	run("ip link add va netns " NS_A " type veth peer name vb netns " NS_B);
	run("ip -n " NS_A " addr add %s/24 dev va && ip -n " NS_A " link set va up && "
	    "ip -n " NS_A " link set lo up", src);
	run("ip -n " NS_B " addr add %s/24 dev vb && ip -n " NS_B " link set vb up && "
	    "ip -n " NS_B " link set lo up", dst);

	netns_enter(NS_A);
	nl_a = xfrm_open();
	tx = bound_udp(src, 0);
	err = new_policy(nl_a, XFRM_POLICY_OUT);
	check(err == 0, "A: NEWPOLICY out %s -> %s udp (%d)", src, dst, err);
	err = new_sa(nl_a);
	check(err == 0, "A: NEWSA ESP transport %#x (%d)", SPI, err);

	netns_enter(NS_B);
	nl_b = xfrm_open();
	rx = bound_udp(dst, PORT);
	err = new_policy(nl_b, XFRM_POLICY_IN);
	check(err == 0, "B: NEWPOLICY in %s -> %s udp (%d)", src, dst, err);
	err = new_sa(nl_b);
	check(err == 0, "B: NEWSA ESP transport %#x (%d)", SPI, err);

	err = get_policy(nl_a, XFRM_POLICY_OUT, &cur);
	check(err == 0 && cur.packets == 0 && cur.bytes == 0,
	      "out policy starts at 0 packets, 0 bytes (err %d)", err);
	inet_pton(AF_INET, dst, &to.sin_addr);
	memset(payload, 'p', sizeof(payload));
	for (i = 0; i < DATAGRAMS; i++) {
		if (sendto(tx, payload, sizeof(payload), 0, (struct sockaddr *)&to,
			   sizeof(to)) != (ssize_t)sizeof(payload))
			fatal("sendto: %s", strerror(errno));
	}
	/* Wait for each datagram: then both policies have seen it. */
	for (i = 0; i < DATAGRAMS; i++) {
		struct pollfd pfd = { .fd = rx, .events = POLLIN };

		if (poll(&pfd, 1, 2000) <= 0)
			break;
		if (recv(rx, got, sizeof(got), 0) == PAYLOAD)
			received++;
	}
	check(received == DATAGRAMS, "%d datagrams of %d bytes received (%d)", DATAGRAMS,
	      PAYLOAD, received);

	err = get_sa(nl_a, &cur);
	check(err == 0 && cur.packets == DATAGRAMS,
	      "A's SA sent them: %d packets (err %d, got %llu)",
	      DATAGRAMS, err, (unsigned long long)cur.packets);
	err = get_sa(nl_b, &cur);
	check(err == 0 && cur.packets == DATAGRAMS,
	      "B's SA received them: %d packets (err %d, got %llu)",
	      DATAGRAMS, err, (unsigned long long)cur.packets);

	/* The first query of each policy after the traffic. */
	err = get_policy(nl_a, XFRM_POLICY_OUT, &cur);
	check_counts("first GETPOLICY out (A)", err, &cur);
	err = get_policy(nl_b, XFRM_POLICY_IN, &cur);
	check_counts("first GETPOLICY in (B)", err, &cur);

	memset(&d, 0, sizeof(d));
	err = xfrm_dump(nl_a, XFRM_MSG_GETPOLICY, dump_cb, &d);
	check(err == 1 && d.found[XFRM_POLICY_OUT] == 1, "A's policy dump lists its policy (%d)",
	      err);
	err = xfrm_dump(nl_b, XFRM_MSG_GETPOLICY, dump_cb, &d);
	check(err == 1 && d.found[XFRM_POLICY_IN] == 1, "B's policy dump lists its policy (%d)",
	      err);
	check_counts("dump, out policy", 0, &d.cur[XFRM_POLICY_OUT]);
	check_counts("dump, in policy", 0, &d.cur[XFRM_POLICY_IN]);

	close(tx);
	close(rx);
	mnl_socket_close(nl_a);
	mnl_socket_close(nl_b);
	run("ip netns del " NS_A "; ip netns del " NS_B);
	return checks_done();
}
