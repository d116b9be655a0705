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
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xfrm.h>

#include "selftest.h"

#define REQID 7

static const struct policy_spec wide_policy = {
	.sel_src = "10.1.0.0", .sel_dst = "10.2.0.0", .prefixlen = 16,
	.dir = XFRM_POLICY_OUT, .tmpl_src = "192.0.2.1", .tmpl_dst = "192.0.2.2",
	.mode = XFRM_MODE_TUNNEL, .reqid = REQID,
};

/* NEWPOLICY or UPDPOLICY for the wide policy, with PFP on addresses. */
static int put_policy(struct mnl_socket *nl, uint16_t type, uint32_t max_larval,
		      uint32_t max_rate)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = xfrm_policy_msg(buf, type, &wide_policy);
	struct xfrm_userpolicy_pfp pfp = {
		.fields = XFRM_PFP_SADDR | XFRM_PFP_DADDR,
		.max_larval = max_larval,
		.max_rate = max_rate,
	};

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
	xfrm_selector_v4(&id->sel, wide_policy.sel_src, wide_policy.sel_dst,
			 wide_policy.prefixlen, 0);
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

/* The acquires queued on the listener, without blocking: the kernel
 * decided about each packet before sendto() returned. */
static int drain_acquires(struct mnl_socket *nl, struct xfrm_user_acquire *out, int max)
{
	return xfrm_collect(nl, XFRM_MSG_ACQUIRE, NULL, out, sizeof(*out), max, 0, false);
}

int main(void)
{
	static const char *const routes[] = { "10.2.0.0/16", NULL };
	struct xfrm_user_acquire acq[64];
	struct mnl_socket *nl, *listener;
	long long before, after;
	int err, n, i, udp;
	char dst[32];

	setvbuf(stdout, NULL, _IOLBF, 0);
	netns_private_dummy(routes);

	nl = xfrm_open();
	listener = xfrm_listen(XFRMNLGRP_ACQUIRE);
	udp = udp_socket_bound(NULL, 0);

	err = put_policy(nl, XFRM_MSG_NEWPOLICY, 4, 0);
	check(err == 0, "NEWPOLICY 10.1/16 -> 10.2/16 with XFRMA_POLICY_PFP (%d)", err);
	err = policy_echoes_pfp(nl);
	check(err == 1, "GETPOLICY echoes XFRMA_POLICY_PFP (%d)", err);

	/* Three flows, plus a second packet of the first: three acquires. */
	udp_poke(udp, "10.2.0.1");
	udp_poke(udp, "10.2.0.2");
	udp_poke(udp, "10.2.0.3");
	udp_poke(udp, "10.2.0.1");
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
		udp_poke(udp, dst);
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
		udp_poke(udp, dst);
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
