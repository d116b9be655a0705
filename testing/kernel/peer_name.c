/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for named sockets (kernel/patches/0010).
 *
 * In a private namespace with trap policies 10.1/16 -> 10.2/16 (peer
 * 192.0.2.2) and 10.1/16 -> 10.3/16 (peer 192.0.2.3): IP_XFRM_PEER_NAME is
 * set, read back, refused when not printable or too long, cleared; the
 * ACQUIRE that a named socket's first packet triggers carries the name in
 * XFRMA_ACQ_PEER_NAME, and the acquire of an unnamed socket does not.
 * Then the same over IPv6 with IPV6_XFRM_PEER_NAME: trap policies
 * fd00:1::/64 -> fd00:2::/64 and -> fd00:3::/64 (peers fd00:ff::2, ::3),
 * fd00:1::1 on the dummy device.
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

#ifndef IP_XFRM_PEER_NAME
#define IP_XFRM_PEER_NAME 71	/* older libc headers: the series' number */
#endif
#ifndef IPV6_XFRM_PEER_NAME
#define IPV6_XFRM_PEER_NAME 101
#endif

static const char peer_name[] = "www.example.com";
static const char peer_name6[] = "v6.example.com";

/* A trap policy from this host's net to DST (/16 or /64) tunnelled to PEER. */
static int put_trap_policy(struct mnl_socket *nl, const char *dst, const char *peer)
{
	bool ipv6 = addr_family(dst) == AF_INET6;
	const struct policy_spec p = {
		.sel_src = ipv6 ? "fd00:1::" : "10.1.0.0", .sel_dst = dst,
		.prefixlen = ipv6 ? 64 : 16, .dir = XFRM_POLICY_OUT,
		.tmpl_src = ipv6 ? "fd00:ff::1" : "192.0.2.1", .tmpl_dst = peer,
		.mode = XFRM_MODE_TUNNEL, .reqid = 3,
	};

	return xfrm_policy_put(nl, XFRM_MSG_NEWPOLICY, &p);
}

/* The first ACQUIRE: whether it came, its selector's family, and its
 * peer name ("" if none). */
struct acquire_seen {
	bool seen;
	bool has_name;
	uint16_t family;
	char name[XFRM_PEER_NAME_MAX + 1];
};

static void acquire_cb(const struct nlmsghdr *nlh, void *data)
{
	struct acquire_seen *a = data;
	const struct nlattr *attr;

	if (a->seen || nlh->nlmsg_type != XFRM_MSG_ACQUIRE)
		return;
	a->seen = true;
	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(struct xfrm_user_acquire))) {
		const struct xfrm_user_acquire *acq = mnl_nlmsg_get_payload(nlh);

		a->family = acq->sel.family;
	}
	attr = xfrm_attr(nlh, sizeof(struct xfrm_user_acquire), XFRMA_ACQ_PEER_NAME);
	if (attr && mnl_attr_get_payload_len(attr) > 0) {
		a->has_name = true;
		snprintf(a->name, sizeof(a->name), "%.*s", (int)mnl_attr_get_payload_len(attr),
			 (const char *)mnl_attr_get_payload(attr));
	}
}

/* IP_XFRM_PEER_NAME, or IPV6_XFRM_PEER_NAME on an IPv6 socket: 0 or errno. */
static int set_name_opt(int fd, bool ipv6, const void *name, socklen_t len)
{
	int r = ipv6 ? setsockopt(fd, SOL_IPV6, IPV6_XFRM_PEER_NAME, name, len)
		     : setsockopt(fd, SOL_IP, IP_XFRM_PEER_NAME, name, len);

	return r == 0 ? 0 : errno;
}

static int get_name_opt(int fd, bool ipv6, char *buf, socklen_t *len)
{
	int r = ipv6 ? getsockopt(fd, SOL_IPV6, IPV6_XFRM_PEER_NAME, buf, len)
		     : getsockopt(fd, SOL_IP, IP_XFRM_PEER_NAME, buf, len);

	return r == 0 ? 0 : errno;
}

static int set_name(int fd, const void *name, socklen_t len)
{
	return set_name_opt(fd, false, name, len);
}

static int get_name(int fd, char *buf, socklen_t *len)
{
	return get_name_opt(fd, false, buf, len);
}

/* The first ACQUIRE after one packet from FD to DST, into A. */
static void poke_and_wait(struct mnl_socket *acquires, int fd, const char *dst,
			  struct acquire_seen *a)
{
	memset(a, 0, sizeof(*a));
	udp_poke(fd, dst);
	xfrm_listen_until(acquires, 1000, acquire_cb, a, &a->seen);
}

/* IPV6_XFRM_PEER_NAME: set, read back, refused, carried by the ACQUIRE
 * of an IPv6 socket's first packet; an unnamed IPv6 socket's has none. */
static void ipv6_checks(struct mnl_socket *nl, struct mnl_socket *acquires)
{
	char buf[XFRM_PEER_NAME_MAX + 64];
	struct acquire_seen a;
	socklen_t len;
	int err, named, unnamed;

	named = udp_socket_bound("::", 0);
	len = sizeof(buf);
	err = get_name_opt(named, true, buf, &len);
	check(err == 0 && len == 0, "IPv6: fresh socket has no peer name (%s, len %u)",
	      strerror(err), (unsigned int)len);
	err = set_name_opt(named, true, "bad\001name", 8);
	check(err == EINVAL, "IPv6: control character refused with EINVAL (%s)", strerror(err));
	err = set_name_opt(named, true, peer_name6, sizeof(peer_name6));
	check(err == 0, "IPV6_XFRM_PEER_NAME %s (%s)", peer_name6, strerror(err));
	len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	err = get_name_opt(named, true, buf, &len);
	check(err == 0 && len == sizeof(peer_name6) && strcmp(buf, peer_name6) == 0,
	      "IPv6: read back: '%s' (%s, len %u)", buf, strerror(err), (unsigned int)len);

	err = put_trap_policy(nl, "fd00:2::", "fd00:ff::2");
	check(err == 0, "trap policy fd00:1::/64 -> fd00:2::/64 (%d)", err);
	err = put_trap_policy(nl, "fd00:3::", "fd00:ff::3");
	check(err == 0, "trap policy fd00:1::/64 -> fd00:3::/64 (%d)", err);

	poke_and_wait(acquires, named, "fd00:2::1", &a);
	check(a.seen && a.family == AF_INET6 && a.has_name && strcmp(a.name, peer_name6) == 0,
	      "the named IPv6 socket's ACQUIRE carries XFRMA_ACQ_PEER_NAME %s (seen %d, family %u, '%s')",
	      peer_name6, a.seen, a.family, a.name);

	unnamed = udp_socket_bound("::", 0);
	poke_and_wait(acquires, unnamed, "fd00:3::1", &a);
	check(a.seen && a.family == AF_INET6 && !a.has_name,
	      "an unnamed IPv6 socket's ACQUIRE has no peer name (seen %d, family %u, '%s')",
	      a.seen, a.family, a.name);
	close(unnamed);
	close(named);
}

int main(void)
{
	static const char *const routes[] = { "10.2.0.0/16", "10.3.0.0/16", "fd00:2::/64",
					      "fd00:3::/64", NULL };
	char buf[XFRM_PEER_NAME_MAX + 64];
	struct acquire_seen a;
	struct mnl_socket *nl, *acquires;
	socklen_t len;
	int err, n, named, unnamed;

	setvbuf(stdout, NULL, _IOLBF, 0);
	netns_private_dummy(routes);
	run("ip addr add fd00:1::1/64 dev dummy0 nodad");
	nl = xfrm_open();
	acquires = xfrm_listen(XFRMNLGRP_ACQUIRE);

	named = udp_socket_bound(NULL, 0);
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

	poke_and_wait(acquires, named, "10.2.0.1", &a);
	check(a.seen && a.has_name && strcmp(a.name, peer_name) == 0,
	      "the named socket's ACQUIRE carries XFRMA_ACQ_PEER_NAME %s (seen %d, '%s')",
	      peer_name, a.seen, a.name);

	unnamed = udp_socket_bound(NULL, 0);
	poke_and_wait(acquires, unnamed, "10.3.0.1", &a);
	check(a.seen && !a.has_name, "an unnamed socket's ACQUIRE has no peer name (seen %d, '%s')",
	      a.seen, a.name);

	err = set_name(named, "", 0);
	len = sizeof(buf);
	n = err ? err : get_name(named, buf, &len);
	check(n == 0 && len == 0, "an empty name clears it (%s, len %u)", strerror(n),
	      (unsigned int)len);

	close(unnamed);
	close(named);
	ipv6_checks(nl, acquires);
	mnl_socket_close(acquires);
	mnl_socket_close(nl);
	return checks_done();
}
