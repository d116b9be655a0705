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

static int new_policy(struct mnl_socket *nl, uint8_t dir)
{
	const struct policy_spec p = {
		.sel_src = src, .sel_dst = dst, .prefixlen = 32, .proto = IPPROTO_UDP,
		.dir = dir, .tmpl_src = src, .tmpl_dst = dst, .mode = XFRM_MODE_TRANSPORT,
	};

	return xfrm_policy_put(nl, XFRM_MSG_NEWPOLICY, &p);
}

static const struct sa_spec sa = {
	.src = src, .dst = dst, .spi = SPI, .mode = XFRM_MODE_TRANSPORT,
	.replay_window = 32, .key_byte = 0x5a,
};

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
	xfrm_selector_v4(&id->sel, src, dst, 32, IPPROTO_UDP);
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
	char reply[8192];
	const struct xfrm_usersa_info *info;
	int err = xfrm_sa_get(nl, dst, SPI, reply, sizeof(reply));

	if (err)
		return err;
	info = mnl_nlmsg_get_payload((struct nlmsghdr *)reply);
	memcpy(cur, &info->curlft, sizeof(*cur));
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
	netns_veth_pair(NS_A, NS_B);
	netns_addr(NS_A, "va", "10.0.0.1/24");
	netns_addr(NS_B, "vb", "10.0.0.2/24");

	netns_enter(NS_A);
	nl_a = xfrm_open();
	tx = udp_socket_bound(src, 0);
	err = new_policy(nl_a, XFRM_POLICY_OUT);
	check(err == 0, "A: NEWPOLICY out %s -> %s udp (%d)", src, dst, err);
	err = xfrm_sa_put(nl_a, XFRM_MSG_NEWSA, &sa);
	check(err == 0, "A: NEWSA ESP transport %#x (%d)", SPI, err);

	netns_enter(NS_B);
	nl_b = xfrm_open();
	rx = udp_socket_bound(dst, PORT);
	err = new_policy(nl_b, XFRM_POLICY_IN);
	check(err == 0, "B: NEWPOLICY in %s -> %s udp (%d)", src, dst, err);
	err = xfrm_sa_put(nl_b, XFRM_MSG_NEWSA, &sa);
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
	netns_veth_pair_del(NS_A, NS_B);
	return checks_done();
}
