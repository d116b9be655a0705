/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for populate-from-packet acquires (kernel/patches/0003).
 *
 * In a private namespace, one outbound tunnel policy 10.1.0.0/16 ->
 * 10.2.0.0/16 with XFRMA_POLICY_PFP (addresses from the packet): three
 * flows give three acquires whose selectors are the flows' /32 host
 * pairs; a flood of new flows is capped at max_larval outstanding larval
 * SAs and counted in XfrmAcquirePfpCapped; with max_rate the acquires per
 * second are limited and counted in XfrmAcquirePfpRateLimited.  Acquires
 * are sent from the sending process's context, so once sendto() returns
 * the kernel has decided (no waiting needed).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xfrm.h>

#include "selftest.h"

#define REQID 7

/* NEWPOLICY or UPDPOLICY for the wide policy, with PFP on addresses. */
static int put_policy(struct mnl_socket *nl, uint16_t type, uint32_t max_larval,
		      uint32_t max_rate)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_userpolicy_info *p;
	struct xfrm_user_tmpl t;
	struct xfrm_userpolicy_pfp pfp = {
		.fields = XFRM_PFP_SADDR | XFRM_PFP_DADDR,
		.max_larval = max_larval,
		.max_rate = max_rate,
	};

	nlh->nlmsg_type = type;
	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));
	memset(p, 0, sizeof(*p));
	inet_pton(AF_INET, "10.1.0.0", &p->sel.saddr.a4);
	inet_pton(AF_INET, "10.2.0.0", &p->sel.daddr.a4);
	p->sel.prefixlen_s = 16;
	p->sel.prefixlen_d = 16;
	p->sel.family = AF_INET;
	p->lft.soft_byte_limit = XFRM_INF;
	p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = XFRM_INF;
	p->lft.hard_packet_limit = XFRM_INF;
	p->priority = 1000;
	p->dir = XFRM_POLICY_OUT;
	p->action = XFRM_POLICY_ALLOW;

	memset(&t, 0, sizeof(t));
	inet_pton(AF_INET, "192.0.2.2", &t.id.daddr.a4);
	inet_pton(AF_INET, "192.0.2.1", &t.saddr.a4);
	t.id.proto = IPPROTO_ESP;
	t.family = AF_INET;
	t.reqid = REQID;
	t.mode = XFRM_MODE_TUNNEL;
	t.aalgos = t.ealgos = t.calgos = ~0u;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	mnl_attr_put(nlh, XFRMA_POLICY_PFP, sizeof(pfp), &pfp);
	return xfrm_request(nl, nlh, NULL, 0);
}

/* GETPOLICY of the wide policy: 1 if it echoes XFRMA_POLICY_PFP with the
 * fields set, 0 if not, -errno on error. */
static int policy_echoes_pfp(struct mnl_socket *nl)
{
	char buf[NL_BUF_SIZE], reply[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsghdr *r = (struct nlmsghdr *)reply;
	struct xfrm_userpolicy_id *id;
	struct nlattr *attr;
	int err, found = 0;

	nlh->nlmsg_type = XFRM_MSG_GETPOLICY;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	memset(id, 0, sizeof(*id));
	inet_pton(AF_INET, "10.1.0.0", &id->sel.saddr.a4);
	inet_pton(AF_INET, "10.2.0.0", &id->sel.daddr.a4);
	id->sel.prefixlen_s = 16;
	id->sel.prefixlen_d = 16;
	id->sel.family = AF_INET;
	id->dir = XFRM_POLICY_OUT;
	memset(reply, 0, sizeof(reply));
	err = xfrm_request(nl, nlh, reply, sizeof(reply));
	if (err)
		return err;
	if (r->nlmsg_len > sizeof(reply) ||
	    r->nlmsg_len < mnl_nlmsg_size(sizeof(struct xfrm_userpolicy_info)))
		return -EPROTO;
	mnl_attr_for_each(attr, r, sizeof(struct xfrm_userpolicy_info)) {
		if (mnl_attr_get_type(attr) == XFRMA_POLICY_PFP &&
		    mnl_attr_get_payload_len(attr) == sizeof(struct xfrm_userpolicy_pfp)) {
			const struct xfrm_userpolicy_pfp *pfp = mnl_attr_get_payload(attr);

			found = pfp->fields == (XFRM_PFP_SADDR | XFRM_PFP_DADDR);
		}
	}
	return found;
}

/* The acquires queued on the listener, without blocking. */
static int drain_acquires(struct mnl_socket *nl, struct xfrm_user_acquire *out, int max)
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
			if (nlh->nlmsg_type != XFRM_MSG_ACQUIRE ||
			    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*out)))
				continue;
			if (count < max)
				memcpy(&out[count], mnl_nlmsg_get_payload(nlh), sizeof(*out));
			count++;
		}
	}
}

static void send_to(int fd, const char *dst)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };

	inet_pton(AF_INET, dst, &to.sin_addr);
	/* Fails or is blackholed while the SA is being acquired: either is
	 * fine, the route lookup has triggered (or not) the acquire. */
	(void)sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to));
}

int main(void)
{
	struct xfrm_user_acquire acq[64];
	struct mnl_socket *nl, *listener;
	int group = XFRMNLGRP_ACQUIRE;
	long long before, after;
	int err, n, i, udp;
	char dst[32];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (unshare(CLONE_NEWNET) != 0)
		fatal("unshare(CLONE_NEWNET): %s", strerror(errno));
	run("ip link set lo up && ip link add dummy0 type dummy && "
	    "ip addr add 10.1.0.1/16 dev dummy0 && ip link set dummy0 up && "
	    "ip route add 10.2.0.0/16 dev dummy0");

	nl = xfrm_open();
	listener = xfrm_open();
	if (setsockopt(mnl_socket_get_fd(listener), SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &group, sizeof(group)) != 0)
		fatal("join XFRMNLGRP_ACQUIRE: %s", strerror(errno));
	udp = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (udp < 0)
		fatal("udp socket: %s", strerror(errno));

	err = put_policy(nl, XFRM_MSG_NEWPOLICY, 4, 0);
	check(err == 0, "NEWPOLICY 10.1/16 -> 10.2/16 with XFRMA_POLICY_PFP (%d)", err);
	err = policy_echoes_pfp(nl);
	check(err == 1, "GETPOLICY echoes XFRMA_POLICY_PFP (%d)", err);

	/* Three flows, plus a second packet of the first: three acquires. */
	send_to(udp, "10.2.0.1");
	send_to(udp, "10.2.0.2");
	send_to(udp, "10.2.0.3");
	send_to(udp, "10.2.0.1");
	n = drain_acquires(listener, acq, 64);
	check(n == 3, "three flows under one policy give three acquires (%d)", n);
	for (i = 0; i < n && i < 3; i++) {
		char want[16], got_d[16], got_s[16];

		snprintf(want, sizeof(want), "10.2.0.%d", i + 1);
		inet_ntop(AF_INET, &acq[i].sel.daddr.a4, got_d, sizeof(got_d));
		inet_ntop(AF_INET, &acq[i].sel.saddr.a4, got_s, sizeof(got_s));
		check(strcmp(got_d, want) == 0 && acq[i].sel.prefixlen_d == 32 &&
		      strcmp(got_s, "10.1.0.1") == 0 && acq[i].sel.prefixlen_s == 32,
		      "acquire %d: addresses from the packet, %s/%u -> %s/%u (want 10.1.0.1/32 -> %s/32)",
		      i + 1, got_s, acq[i].sel.prefixlen_s, got_d, acq[i].sel.prefixlen_d, want);
		/* Protocol and ports are not in the mask: the policy's (any). */
		check(acq[i].sel.proto == 0 && acq[i].sel.dport_mask == 0 &&
		      acq[i].sel.sport_mask == 0,
		      "acquire %d: protocol and ports from the policy (proto %u, port masks %#x/%#x)",
		      i + 1, acq[i].sel.proto, ntohs(acq[i].sel.sport_mask),
		      ntohs(acq[i].sel.dport_mask));
	}

	/* A flood of 20 new flows with max_larval 4: one more acquire (three
	 * larval SAs wait already), the other 19 capped and counted. */
	before = xfrm_stat("XfrmAcquirePfpCapped");
	for (i = 0; i < 20; i++) {
		snprintf(dst, sizeof(dst), "10.2.1.%d", i + 1);
		send_to(udp, dst);
	}
	after = xfrm_stat("XfrmAcquirePfpCapped");
	n = drain_acquires(listener, acq, 64);
	check(n == 1, "flood: 1 acquire up to max_larval 4 (%d)", n);
	check(before >= 0 && after - before == 19, "flood: XfrmAcquirePfpCapped +19 (%lld)",
	      after - before);

	/* max_rate 2 per second: of 10 new flows, 2 acquired, 8 counted. */
	err = put_policy(nl, XFRM_MSG_UPDPOLICY, 1000, 2);
	check(err == 0, "UPDPOLICY with max_rate 2 (%d)", err);
	before = xfrm_stat("XfrmAcquirePfpRateLimited");
	for (i = 0; i < 10; i++) {
		snprintf(dst, sizeof(dst), "10.2.2.%d", i + 1);
		send_to(udp, dst);
	}
	after = xfrm_stat("XfrmAcquirePfpRateLimited");
	n = drain_acquires(listener, acq, 64);
	check(n == 2, "rate: 2 acquires at max_rate 2 (%d)", n);
	check(before >= 0 && after - before == 8, "rate: XfrmAcquirePfpRateLimited +8 (%lld)",
	      after - before);

	close(udp);
	mnl_socket_close(listener);
	mnl_socket_close(nl);
	return checks_done();
}
