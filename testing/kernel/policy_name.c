/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for named policies (kernel/patches/0009).
 *
 * In a private namespace: policies are set with XFRMA_POLICY_NAME,
 * echoed by GETPOLICY, renamed by UPDPOLICY, filtered in dumps, checked
 * by DELPOLICY (a wrong name deletes nothing); bad names are refused; the
 * ACQUIRE a packet triggers and the POLEXPIRE of an expiring policy carry
 * the name; getsockopt(IP_XFRM_POLICY_NAME) returns the name of the policy
 * protecting a connected UDP socket's flow (10.1.0.1 -> 10.6.0.1 over a
 * dummy device, one ESP transport SA; local addresses would not do, the
 * loopback device bypasses IPsec), ENOTCONN unconnected, ENOENT
 * unprotected, ERANGE with the needed size for a short buffer; and the
 * same of getsockopt(IPV6_XFRM_POLICY_NAME) for an IPv6 flow
 * (fd00:1::1 -> fd00:6::1 over the same device).
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

#ifndef IP_XFRM_POLICY_NAME
#define IP_XFRM_POLICY_NAME 70	/* older libc headers: the series' number */
#endif
#ifndef IPV6_XFRM_POLICY_NAME
#define IPV6_XFRM_POLICY_NAME 100
#endif

#define SPI	0x6000

/* A policy of the test: destination prefix, direction, template mode. */
struct pol {
	const char *dst;
	uint8_t prefix;
	uint8_t proto;		/* selector protocol, 0 = any */
	uint8_t mode;
	const char *tmpl_src, *tmpl_dst;
	const char *src;	/* selector source; NULL: 10.1.0.1 or 10.1.0.0 */
};

static const struct pol wide_a = { "10.2.0.0", 16, 0, XFRM_MODE_TUNNEL, "192.0.2.1", "192.0.2.2", NULL };
static const struct pol wide_b = { "10.3.0.0", 16, 0, XFRM_MODE_TUNNEL, "192.0.2.1", "192.0.2.3", NULL };
static const struct pol unnamed = { "10.4.0.0", 16, 0, XFRM_MODE_TUNNEL, "192.0.2.1", "192.0.2.4", NULL };
static const struct pol expiring = { "10.5.0.0", 16, 0, XFRM_MODE_TUNNEL, "192.0.2.1", "192.0.2.5", NULL };
static const struct pol host_udp = { "10.6.0.1", 32, IPPROTO_UDP, XFRM_MODE_TRANSPORT, "10.1.0.1", "10.6.0.1", NULL };
static const struct pol host_udp6 = { "fd00:6::1", 128, IPPROTO_UDP, XFRM_MODE_TRANSPORT,
				      "fd00:1::1", "fd00:6::1", "fd00:1::1" };

/* A host policy's selector starts at this host, a wide one at its net. */
static const char *sel_src(const struct pol *pol)
{
	if (pol->src)
		return pol->src;
	return pol->prefix == 32 ? "10.1.0.1" : "10.1.0.0";
}

static void fill_sel(struct xfrm_selector *sel, const struct pol *pol)
{
	xfrm_selector_v4(sel, sel_src(pol), pol->dst, pol->prefix, pol->proto);
}

/* NEWPOLICY/UPDPOLICY out; NAME NULL = no attribute; NAME_LEN 0 = strlen+1
 * (otherwise the attribute's exact payload length, for bad names). */
static int put_policy(struct mnl_socket *nl, uint16_t type, const struct pol *pol,
		      const char *name, size_t name_len, uint64_t hard_add_expires)
{
	const struct policy_spec p = {
		.sel_src = sel_src(pol), .sel_dst = pol->dst, .prefixlen = pol->prefix,
		.proto = pol->proto, .dir = XFRM_POLICY_OUT, .tmpl_src = pol->tmpl_src,
		.tmpl_dst = pol->tmpl_dst, .mode = pol->mode, .reqid = 5,
	};
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = xfrm_policy_msg(buf, type, &p);
	struct xfrm_userpolicy_info *info = mnl_nlmsg_get_payload(nlh);

	info->lft.hard_add_expires_seconds = hard_add_expires;
	if (name)
		mnl_attr_put(nlh, XFRMA_POLICY_NAME, name_len ? name_len : strlen(name) + 1,
			     name);
	return xfrm_request(nl, nlh, NULL, 0);
}

/* The name in a policy-carrying message ("" if none) into OUT. */
static void name_of(const struct nlmsghdr *nlh, size_t hdr_len, char *out, size_t size)
{
	const struct nlattr *a = xfrm_attr(nlh, hdr_len, XFRMA_POLICY_NAME);

	out[0] = '\0';
	if (a && mnl_attr_get_payload_len(a) > 0)
		snprintf(out, size, "%.*s", (int)mnl_attr_get_payload_len(a),
			 (const char *)mnl_attr_get_payload(a));
}

/* GETPOLICY (or DELPOLICY) by selector, with name filter NAME (NULL =
 * none); for GETPOLICY the name echoed goes to OUT. */
static int get_del_policy(struct mnl_socket *nl, uint16_t type, const struct pol *pol,
			  const char *name, char *out, size_t size)
{
	char buf[NL_BUF_SIZE], reply[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_userpolicy_id *id;
	int err;

	nlh->nlmsg_type = type;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	memset(id, 0, sizeof(*id));
	fill_sel(&id->sel, pol);
	id->dir = XFRM_POLICY_OUT;
	if (name)
		mnl_attr_put_strz(nlh, XFRMA_POLICY_NAME, name);
	memset(reply, 0, sizeof(reply));
	err = xfrm_request(nl, nlh, type == XFRM_MSG_GETPOLICY ? reply : NULL, sizeof(reply));
	if (err == 0 && out)
		name_of((struct nlmsghdr *)reply, sizeof(struct xfrm_userpolicy_info), out, size);
	return err;
}

/* Policy dump with an optional name filter. */
struct dump_count {
	int total;
	int named;		/* entries carrying WANT */
	const char *want;
};

static void dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_count *d = data;
	char name[XFRM_POLICY_NAME_MAX + 1];

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY)
		return;
	d->total++;
	name_of(nlh, sizeof(struct xfrm_userpolicy_info), name, sizeof(name));
	if (strcmp(name, d->want) == 0)
		d->named++;
}

static int dump_policies(struct mnl_socket *nl, const char *filter, struct dump_count *d)
{
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	int n;

	nlh->nlmsg_type = XFRM_MSG_GETPOLICY;
	if (filter)
		mnl_attr_put_strz(nlh, XFRMA_POLICY_NAME, filter);
	n = xfrm_dump_msg(nl, nlh, dump_cb, d);
	return n < 0 ? n : 0;
}

/* Notifications: the name of the first message of TYPE. */
struct wait_name {
	uint16_t type;
	size_t hdr_len;
	bool seen;
	char name[XFRM_POLICY_NAME_MAX + 1];
};

static void wait_name_cb(const struct nlmsghdr *nlh, void *data)
{
	struct wait_name *w = data;

	if (w->seen || nlh->nlmsg_type != w->type)
		return;
	w->seen = true;
	name_of(nlh, w->hdr_len, w->name, sizeof(w->name));
}

static const struct sa_spec host_sa = {
	.src = "10.1.0.1", .dst = "10.6.0.1", .spi = SPI, .mode = XFRM_MODE_TRANSPORT,
	.reqid = 5,
};
static const struct sa_spec host_sa6 = {
	.src = "fd00:1::1", .dst = "fd00:6::1", .spi = SPI + 1, .mode = XFRM_MODE_TRANSPORT,
	.reqid = 5,
};

/* A UDP socket from SRC, connected to DST:5000 unless DST is NULL. */
static int udp_socket(const char *src, const char *dst)
{
	struct sockaddr_storage to;
	socklen_t to_len;
	int fd = udp_socket_bound(src, 0);

	if (dst) {
		to_len = sockaddr_parse(&to, dst, 5000);
		if (connect(fd, (struct sockaddr *)&to, to_len) != 0)
			fatal("connect %s: %s", dst, strerror(errno));
	}
	return fd;
}

/* getsockopt(IP_XFRM_POLICY_NAME), or IPV6_XFRM_POLICY_NAME on an IPv6
 * socket: 0 or errno; name and length out. */
static int sock_policy_name(int fd, bool ipv6, char *buf, socklen_t *len)
{
	int r = ipv6 ? getsockopt(fd, SOL_IPV6, IPV6_XFRM_POLICY_NAME, buf, len)
		     : getsockopt(fd, SOL_IP, IP_XFRM_POLICY_NAME, buf, len);

	return r == 0 ? 0 : errno;
}

/* The socket option of a protected flow SRC -> P's host, named NAME and
 * carried by SA; then an unprotected flow SRC -> UNPROTECTED. */
static void sock_option_checks(struct mnl_socket *nl, const char *opt, const char *src,
			       const struct pol *p, const struct sa_spec *sa,
			       const char *name, const char *unprotected)
{
	bool ipv6 = addr_family(src) == AF_INET6;
	char got[XFRM_POLICY_NAME_MAX + 1];
	socklen_t len;
	int err, fd;

	fd = udp_socket(src, NULL);
	len = sizeof(got);
	err = sock_policy_name(fd, ipv6, got, &len);
	check(err == ENOTCONN, "probe: %s unconnected gives ENOTCONN (%s)", opt, strerror(err));
	close(fd);

	err = put_policy(nl, XFRM_MSG_NEWPOLICY, p, name, 0, 0);
	check(err == 0, "NEWPOLICY %s %s -> %s udp (%d)", name, src, p->dst, err);
	err = xfrm_sa_put(nl, XFRM_MSG_NEWSA, sa);
	check(err == 0, "NEWSA ESP transport to %s (%d)", sa->dst, err);
	fd = udp_socket(src, p->dst);
	len = sizeof(got);
	memset(got, 0, sizeof(got));
	err = sock_policy_name(fd, ipv6, got, &len);
	check(err == 0 && len == strlen(name) + 1 && strcmp(got, name) == 0,
	      "%s of the connected socket: %s (%s, len %u, '%s')", opt, name,
	      strerror(err), (unsigned int)len, got);
	len = 4;
	err = sock_policy_name(fd, ipv6, got, &len);
	check(err == ERANGE && len == strlen(name) + 1,
	      "%s, short buffer: ERANGE and the needed size (%s, len %u)", opt,
	      strerror(err), (unsigned int)len);
	close(fd);
	fd = udp_socket(src, unprotected);
	len = sizeof(got);
	err = sock_policy_name(fd, ipv6, got, &len);
	check(err == ENOENT, "%s of an unprotected connected socket: ENOENT (%s)", opt,
	      strerror(err));
	close(fd);
}

int main(void)
{
	static const char *const routes[] = { "10.2.0.0/16", "10.6.0.0/16", "fd00:6::/64", NULL };
	struct mnl_socket *nl, *acquires, *expires;
	char name[XFRM_POLICY_NAME_MAX + 1], long_name[XFRM_POLICY_NAME_MAX];
	struct wait_name w;
	struct dump_count d;
	int err, fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* dummy0 holds fd00:1::1 too: the IPv6 flow's source */
	netns_private_dummy(routes);
	run("ip addr add fd00:1::1/64 dev dummy0 nodad");
	nl = xfrm_open();
	acquires = xfrm_listen(XFRMNLGRP_ACQUIRE);
	expires = xfrm_listen(XFRMNLGRP_EXPIRE);

	err = put_policy(nl, XFRM_MSG_NEWPOLICY, &wide_a, "conn-a", 0, 0);
	check(err == 0, "NEWPOLICY named conn-a (%d)", err);
	err = put_policy(nl, XFRM_MSG_NEWPOLICY, &wide_b, "conn-b", 0, 0);
	check(err == 0, "NEWPOLICY named conn-b (%d)", err);
	err = put_policy(nl, XFRM_MSG_NEWPOLICY, &unnamed, NULL, 0, 0);
	check(err == 0, "NEWPOLICY unnamed (%d)", err);

	err = put_policy(nl, XFRM_MSG_NEWPOLICY, &expiring, "", 0, 0);
	check(err == -EINVAL, "empty name refused with EINVAL (%d)", err);
	err = put_policy(nl, XFRM_MSG_NEWPOLICY, &expiring, "bad\nname", 0, 0);
	check(err == -EINVAL, "control character refused with EINVAL (%d)", err);
	memset(long_name, 'x', sizeof(long_name));
	err = put_policy(nl, XFRM_MSG_NEWPOLICY, &expiring, long_name, sizeof(long_name), 0);
	check(err == -EINVAL, "64 bytes without NUL refused with EINVAL (%d)", err);

	err = get_del_policy(nl, XFRM_MSG_GETPOLICY, &wide_a, NULL, name, sizeof(name));
	check(err == 0 && strcmp(name, "conn-a") == 0, "GETPOLICY echoes conn-a (%d, '%s')",
	      err, name);
	err = get_del_policy(nl, XFRM_MSG_GETPOLICY, &unnamed, NULL, name, sizeof(name));
	check(err == 0 && name[0] == '\0', "GETPOLICY of the unnamed one has no name (%d, '%s')",
	      err, name);
	err = get_del_policy(nl, XFRM_MSG_GETPOLICY, &wide_a, "conn-b", NULL, 0);
	check(err == -ESRCH, "GETPOLICY of conn-a filtered on conn-b gives ESRCH (%d)", err);

	memset(&d, 0, sizeof(d));
	d.want = "conn-b";
	err = dump_policies(nl, NULL, &d);
	check(err == 0 && d.total == 3 && d.named == 1, "dump: 3 policies, one conn-b (%d, %d, %d)",
	      err, d.total, d.named);
	memset(&d, 0, sizeof(d));
	d.want = "conn-b";
	err = dump_policies(nl, "conn-b", &d);
	check(err == 0 && d.total == 1 && d.named == 1,
	      "dump filtered on conn-b: only conn-b (%d, %d policies)", err, d.total);

	err = put_policy(nl, XFRM_MSG_UPDPOLICY, &wide_b, "conn-b2", 0, 0);
	check(err == 0, "UPDPOLICY renames conn-b to conn-b2 (%d)", err);
	err = get_del_policy(nl, XFRM_MSG_GETPOLICY, &wide_b, NULL, name, sizeof(name));
	check(err == 0 && strcmp(name, "conn-b2") == 0, "GETPOLICY echoes conn-b2 (%d, '%s')",
	      err, name);

	/* ACQUIRE of a packet under conn-a. */
	fd = udp_socket_bound(NULL, 0);
	udp_poke(fd, "10.2.0.1");
	close(fd);
	memset(&w, 0, sizeof(w));
	w.type = XFRM_MSG_ACQUIRE;
	w.hdr_len = sizeof(struct xfrm_user_acquire);
	xfrm_listen_until(acquires, 1000, wait_name_cb, &w, &w.seen);
	check(w.seen && strcmp(w.name, "conn-a") == 0, "ACQUIRE carries conn-a (seen %d, '%s')",
	      w.seen, w.name);

	/* Delete: a wrong name deletes nothing, the right one deletes. */
	err = get_del_policy(nl, XFRM_MSG_DELPOLICY, &wide_a, "conn-b2", NULL, 0);
	check(err == -ESRCH, "DELPOLICY of conn-a named conn-b2 gives ESRCH (%d)", err);
	err = get_del_policy(nl, XFRM_MSG_GETPOLICY, &wide_a, NULL, NULL, 0);
	check(err == 0, "conn-a is still there (%d)", err);
	err = get_del_policy(nl, XFRM_MSG_DELPOLICY, &wide_a, "conn-a", NULL, 0);
	check(err == 0, "DELPOLICY named conn-a deletes it (%d)", err);
	err = get_del_policy(nl, XFRM_MSG_GETPOLICY, &wide_a, NULL, NULL, 0);
	check(err == -ENOENT, "conn-a is gone (%d)", err);

	/* POLEXPIRE of a policy that lives 1 s. */
	err = put_policy(nl, XFRM_MSG_NEWPOLICY, &expiring, "conn-x", 0, 1);
	check(err == 0, "NEWPOLICY conn-x with a 1 s lifetime (%d)", err);
	memset(&w, 0, sizeof(w));
	w.type = XFRM_MSG_POLEXPIRE;
	w.hdr_len = sizeof(struct xfrm_user_polexpire);
	xfrm_listen_until(expires, 5000, wait_name_cb, &w, &w.seen);
	check(w.seen && strcmp(w.name, "conn-x") == 0, "POLEXPIRE carries conn-x (seen %d, '%s')",
	      w.seen, w.name);

	/* The socket option on a protected, connected flow.  The probe
	 * is the first check: ENOTCONN here, ENOPROTOOPT before. */
	sock_option_checks(nl, "IP_XFRM_POLICY_NAME", "10.1.0.1", &host_udp, &host_sa,
			   "sock-conn", "127.0.0.1");
	sock_option_checks(nl, "IPV6_XFRM_POLICY_NAME", "fd00:1::1", &host_udp6, &host_sa6,
			   "sock-conn6", "::1");

	mnl_socket_close(expires);
	mnl_socket_close(acquires);
	mnl_socket_close(nl);
	return checks_done();
}
