/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The next hop towards a peer: one RTM_GETROUTE on a short-lived
 * NETLINK_ROUTE socket (see route_lookup.h for why).  It runs once per
 * updown script, which forks a shell anyway, so a socket per query costs
 * nothing worth keeping one open for.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "route_lookup.h"

/* The kernel answers a route query at once; a wait this long means
 * something is badly wrong, and updown falls back to the peer. */
#define ROUTE_QUERY_TIMEOUT_SEC 2
/* One route with its attributes is a few hundred bytes; a longer answer
 * is cut here and then rejected by the parser as truncated. */
#define ROUTE_ANSWER_MAX 8192

bool route_reply_gateway(const void *buf, size_t len, uint32_t seq, int family,
			 struct ip_address *gateway, struct diag *d)
{
	const struct nlmsghdr *nlh = buf;
	size_t addr_len = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
	int left = len > INT32_MAX ? INT32_MAX : (int)len;

	memset(gateway, 0, sizeof(*gateway));
	if (addr_len == 0)
		return diag(d, "route lookup: address family %d is neither IPv4 nor IPv6", family);
	if (!mnl_nlmsg_ok(nlh, left))
		return diag(d, "route lookup: the kernel's answer of %zu bytes is truncated", len);
	if (nlh->nlmsg_seq != seq)
		return diag(d, "route lookup: answer to request %u, not to ours (%u)",
			    nlh->nlmsg_seq, seq);
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
			return diag(d, "route lookup: the kernel's error answer is truncated");
		return diag(d, "route lookup: %s", strerror(e->error < 0 ? -e->error : EPROTO));
	}
	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return diag(d, "route lookup: unexpected answer of type %u", nlh->nlmsg_type);
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct rtmsg))
		return diag(d, "route lookup: the route in the kernel's answer is truncated");
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != family)
		return diag(d, "route lookup: asked for an address of family %d, got a route of family %u",
			    family, rtm->rtm_family);

	/* Walk the attributes ourselves: libmnl's walk stops quietly at
	 * a bad one, and a bad one means the answer cannot be trusted. */
	const struct nlattr *gw = NULL;
	const char *tail = (const char *)nlh + nlh->nlmsg_len;	/* checked against LEN */
	const struct nlattr *attr = mnl_nlmsg_get_payload_offset(nlh, sizeof(*rtm));
	int attr_left = (int)(tail - (const char *)attr);
	while (attr_left > 0) {
		if (!mnl_attr_ok(attr, attr_left))
			return diag(d, "route lookup: the route's attributes overrun the answer");
		/* Other attributes (interface, table, ...) are not needed. */
		if (mnl_attr_get_type(attr) == RTA_GATEWAY)
			gw = attr;
		const struct nlattr *next = mnl_attr_next(attr);
		attr_left -= (int)((const char *)next - (const char *)attr);
		attr = next;
	}
	if (gw == NULL)
		return true;	/* on-link (or a local address): no gateway */
	if (mnl_attr_get_payload_len(gw) != addr_len)
		return diag(d, "route lookup: gateway of %u bytes for a route of family %d",
			    (unsigned)mnl_attr_get_payload_len(gw), family);
	gateway->family = (uint8_t)family;
	memcpy(gateway->bytes, mnl_attr_get_payload(gw), addr_len);
	return true;
}

bool route_gateway_to(const struct ip_address *dst, struct ip_address *gateway, struct diag *d)
{
	/* aligned for the netlink header structs laid over them */
	_Alignas(struct nlmsghdr) char req[256];
	static _Alignas(struct nlmsghdr) char answer[ROUTE_ANSWER_MAX];
	size_t alen = ip_address_len(dst);

	memset(gateway, 0, sizeof(*gateway));
	if (alen == 0)
		return diag(d, "route lookup: no address to look up");
	memset(req, 0, sizeof(req));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = (uint32_t)time(NULL);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = dst->family;
	rtm->rtm_dst_len = (unsigned char)(alen * 8);
	mnl_attr_put(nlh, RTA_DST, alen, dst->bytes);

	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	if (nl == NULL)
		return diag(d, "route lookup: opening a netlink socket: %s", strerror(errno));
	bool ok = false;
	struct timeval tv = { .tv_sec = ROUTE_QUERY_TIMEOUT_SEC };
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		diag(d, "route lookup: binding the netlink socket: %s", strerror(errno));
	} else if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		diag(d, "route lookup: setting a receive timeout: %s", strerror(errno));
	} else if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		diag(d, "route lookup: sending the query: %s", strerror(errno));
	} else {
		ssize_t n = mnl_socket_recvfrom(nl, answer, sizeof(answer));
		if (n < 0)
			diag(d, "route lookup: reading the answer: %s", strerror(errno));
		else
			ok = route_reply_gateway(answer, (size_t)n, nlh->nlmsg_seq, dst->family,
						 gateway, d);
	}
	mnl_socket_close(nl);
	return ok;
}

struct ip_address route_next_hop(const struct ip_address *configured,
				 const struct ip_address *peer, route_gateway_fn *lookup)
{
	struct ip_address gw;
	struct diag d;
	char buf[IP_FMT_BUF];

	if (ip_address_is_set(configured))
		return *configured;
	if (!ip_address_is_set(peer) || lookup == NULL)
		return *peer;
	if (!lookup(peer, &gw, &d)) {
		/* No answer: the peer, as if it were on-link; the script's
		 * own route command then says what is wrong. */
		llog("next hop to %s: %s; using the peer", ip_address_fmt(peer, buf), d.msg);
		return *peer;
	}
	if (ip_address_is_set(&gw) && gw.family == peer->family)
		return gw;
	return *peer;
}
