/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for named sockets (kernel/patches/0010).
 *
 * In a private namespace with trap policies 10.1/16 -> 10.2/16 (peer
 * 192.0.2.2) and 10.1/16 -> 10.3/16 (peer 192.0.2.3): IP_XFRM_PEER_NAME is
 * set, read back, refused when not printable or too long, cleared; the
 * ACQUIRE that a named socket's first packet triggers carries the name in
 * XFRMA_ACQ_PEER_NAME, and the acquire of an unnamed socket does not.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xfrm.h>

#include "selftest.h"

#ifndef IP_XFRM_PEER_NAME
#define IP_XFRM_PEER_NAME 71	/* older libc headers: the series' number */
#endif

static const char peer_name[] = "www.example.com";

static int put_trap_policy(struct mnl_socket *nl, const char *dst, const char *peer)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_userpolicy_info *p;
	struct xfrm_user_tmpl t;

	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));
	memset(p, 0, sizeof(*p));
	inet_pton(AF_INET, "10.1.0.0", &p->sel.saddr.a4);
	inet_pton(AF_INET, dst, &p->sel.daddr.a4);
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
	inet_pton(AF_INET, peer, &t.id.daddr.a4);
	inet_pton(AF_INET, "192.0.2.1", &t.saddr.a4);
	t.id.proto = IPPROTO_ESP;
	t.family = AF_INET;
	t.reqid = 3;
	t.mode = XFRM_MODE_TUNNEL;
	t.aalgos = t.ealgos = t.calgos = ~0u;
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	return xfrm_request(nl, nlh, NULL, 0);
}

/* The first ACQUIRE: whether it came, and its peer name ("" if none). */
struct acquire_seen {
	bool seen;
	bool has_name;
	char name[XFRM_PEER_NAME_MAX + 1];
};

static void acquire_cb(const struct nlmsghdr *nlh, void *data)
{
	struct acquire_seen *a = data;
	const struct nlattr *attr;

	if (a->seen || nlh->nlmsg_type != XFRM_MSG_ACQUIRE)
		return;
	a->seen = true;
	attr = xfrm_attr(nlh, sizeof(struct xfrm_user_acquire), XFRMA_ACQ_PEER_NAME);
	if (attr && mnl_attr_get_payload_len(attr) > 0) {
		a->has_name = true;
		snprintf(a->name, sizeof(a->name), "%.*s", (int)mnl_attr_get_payload_len(attr),
			 (const char *)mnl_attr_get_payload(attr));
	}
}

static void send_to(int fd, const char *dst)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };

	inet_pton(AF_INET, dst, &to.sin_addr);
	/* Blackholed or refused while the SA is acquired: either is fine. */
	(void)sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to));
}

static int udp_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		fatal("udp socket: %s", strerror(errno));
	return fd;
}

static int set_name(int fd, const void *name, socklen_t len)
{
	return setsockopt(fd, SOL_IP, IP_XFRM_PEER_NAME, name, len) == 0 ? 0 : errno;
}

static int get_name(int fd, char *buf, socklen_t *len)
{
	return getsockopt(fd, SOL_IP, IP_XFRM_PEER_NAME, buf, len) == 0 ? 0 : errno;
}

int main(void)
{
	char buf[XFRM_PEER_NAME_MAX + 64];
	struct acquire_seen a;
	struct mnl_socket *nl, *acquires;
	socklen_t len;
	int err, n, named, unnamed;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (unshare(CLONE_NEWNET) != 0)
		fatal("unshare(CLONE_NEWNET): %s", strerror(errno));
	run("ip link set lo up && ip link add dummy0 type dummy && "
	    "ip addr add 10.1.0.1/16 dev dummy0 && ip link set dummy0 up && "
	    "ip route add 10.2.0.0/16 dev dummy0 && ip route add 10.3.0.0/16 dev dummy0");
	nl = xfrm_open();
	acquires = xfrm_listen(XFRMNLGRP_ACQUIRE);

	named = udp_socket();
	len = sizeof(buf);
	err = get_name(named, buf, &len);
	check(err == 0 && len == 0, "probe: fresh socket has no peer name (%s, len %u)",
	      strerror(err), (unsigned int)len);

	err = set_name(named, "bad\001name", 8);
	check(err == EINVAL, "control character refused with EINVAL (%s)", strerror(err));
	memset(buf, 'n', sizeof(buf));
	err = set_name(named, buf, XFRM_PEER_NAME_MAX);
	check(err == EINVAL, "256 characters refused with EINVAL (%s)", strerror(err));
	err = set_name(named, buf, XFRM_PEER_NAME_MAX + 1);
	check(err == EINVAL, "more than XFRM_PEER_NAME_MAX bytes refused (%s)", strerror(err));

	err = set_name(named, peer_name, sizeof(peer_name));
	check(err == 0, "IP_XFRM_PEER_NAME %s (%s)", peer_name, strerror(err));
	len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	err = get_name(named, buf, &len);
	check(err == 0 && len == sizeof(peer_name) && strcmp(buf, peer_name) == 0,
	      "read back: '%s' (%s, len %u)", buf, strerror(err), (unsigned int)len);
	len = 3;
	err = get_name(named, buf, &len);
	check(err == ERANGE && len == sizeof(peer_name),
	      "short buffer: ERANGE and the needed size (%s, len %u)", strerror(err),
	      (unsigned int)len);

	err = put_trap_policy(nl, "10.2.0.0", "192.0.2.2");
	check(err == 0, "trap policy 10.1/16 -> 10.2/16 (%d)", err);
	err = put_trap_policy(nl, "10.3.0.0", "192.0.2.3");
	check(err == 0, "trap policy 10.1/16 -> 10.3/16 (%d)", err);

	memset(&a, 0, sizeof(a));
	send_to(named, "10.2.0.1");
	xfrm_listen_until(acquires, 1000, acquire_cb, &a, &a.seen);
	check(a.seen && a.has_name && strcmp(a.name, peer_name) == 0,
	      "the named socket's ACQUIRE carries XFRMA_ACQ_PEER_NAME %s (seen %d, '%s')",
	      peer_name, a.seen, a.name);

	unnamed = udp_socket();
	memset(&a, 0, sizeof(a));
	send_to(unnamed, "10.3.0.1");
	xfrm_listen_until(acquires, 1000, acquire_cb, &a, &a.seen);
	check(a.seen && !a.has_name, "an unnamed socket's ACQUIRE has no peer name (seen %d, '%s')",
	      a.seen, a.name);

	err = set_name(named, "", 0);
	len = sizeof(buf);
	n = err ? err : get_name(named, buf, &len);
	check(n == 0 && len == 0, "an empty name clears it (%s, len %u)", strerror(n),
	      (unsigned int)len);

	close(unnamed);
	close(named);
	mnl_socket_close(acquires);
	mnl_socket_close(nl);
	return checks_done();
}
