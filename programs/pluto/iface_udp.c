/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE UDP sockets (see iface_udp.h).  Local addresses come from
 * getifaddrs(); each gets a socket on the IKE port and one on the NAT-T
 * port, bound to that address so replies leave from it.  IP_PKTINFO /
 * IPV6_RECVPKTINFO report the destination address of every datagram,
 * and sendmsg() names the source explicitly.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <ifaddrs.h>
#include <linux/udp.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "iface_udp.h"
#include "log.h"
#include "server.h"
#include "whack_server.h"

#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

/* RFC 3948 §2.2: IKE on the NAT-T port starts with four zero bytes. */
static const uint8_t non_esp_marker[4] = { 0, 0, 0, 0 };

struct iface_udp {
	struct iface_udp *next;
	struct ifaces *owner;
	char ifname[IF_NAMESIZE];
	struct ip_address addr;
	uint16_t port;
	bool natt;
	bool seen;		/* mark for ifaces_listen()'s sweep */
	int fd;
	struct event *ev;
};

struct ifaces {
	struct pluto *pluto;
	struct iface_udp *list;
	iface_demux_fn *demux;
	void *demux_arg;
	iface_bypass_fn *bypass;
	bool bypass_warned;
	unsigned fd_refused;	/* sockets not opened this pass: open-file limit */
	uint8_t rxbuf[IKE_UDP_MAX];	/* one datagram at a time: the loop is single-threaded */
};

const char *iface_address_text(const struct ip_address *a, char buf[IFACE_ADDRESS_TEXT])
{
	if (a->family != AF_INET && a->family != AF_INET6)
		return "<unset>";
	if (inet_ntop(a->family, a->bytes, buf, IFACE_ADDRESS_TEXT) == NULL)
		return "<invalid>";
	return buf;
}

/* "[2001:db8::1]:500" or "192.0.2.1:500", as Libreswan prints endpoints. */
static const char *endpoint_text(const struct ip_address *a, uint16_t port,
				 char *buf, size_t size)
{
	char t[IFACE_ADDRESS_TEXT];

	iface_address_text(a, t);
	snprintf(buf, size, a->family == AF_INET6 ? "[%s]:%u" : "%s:%u", t, port);
	return buf;
}

static bool sockaddr_to_address(const struct sockaddr *sa, struct ip_address *a,
				uint16_t *port)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
		a->family = AF_INET;
		memcpy(a->bytes, &s4->sin_addr, 4);
		if (port != NULL)
			*port = ntohs(s4->sin_port);
		return true;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
		a->family = AF_INET6;
		memcpy(a->bytes, &s6->sin6_addr, 16);
		if (port != NULL)
			*port = ntohs(s6->sin6_port);
		return true;
	}
	return false;
}

static socklen_t address_to_sockaddr(const struct ip_address *a, uint16_t port,
				     struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, a->bytes, 4);
		return sizeof(*s4);
	}
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(port);
	memcpy(&s6->sin6_addr, a->bytes, 16);
	return sizeof(*s6);
}

static bool same_address(const struct ip_address *a, const struct ip_address *b)
{
	size_t n = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && memcmp(a->bytes, b->bytes, n) == 0;
}

/* Link-local IPv6 needs a scope id per interface; IKE peers use global
 * addresses, so such addresses are skipped rather than half-supported. */
static bool is_link_local6(const struct ip_address *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe &&
	       (a->bytes[1] & 0xc0) == 0x80;
}

struct ifaces *ifaces_new(struct pluto *p)
{
	struct ifaces *ifs = calloc(1, sizeof(*ifs));

	if (ifs != NULL)
		ifs->pluto = p;
	return ifs;
}

void ifaces_set_demux(struct ifaces *ifs, iface_demux_fn *fn, void *arg)
{
	ifs->demux = fn;
	ifs->demux_arg = arg;
}

void ifaces_set_bypass(struct ifaces *ifs, iface_bypass_fn *fn)
{
	ifs->bypass = fn;
}

/*
 * Read one datagram.  recvmsg() with a control buffer for the packet
 * info; everything the peer controls (length, marker) is checked here
 * before the demux sees it.
 */
static void iface_udp_read(evutil_socket_t fd, short what, void *arg)
{
	struct iface_udp *ifp = arg;
	struct ifaces *ifs = ifp->owner;
	struct sockaddr_storage from;
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			    CMSG_SPACE(sizeof(struct in_pktinfo))];
	} control;
	struct iovec iov = { .iov_base = ifs->rxbuf, .iov_len = sizeof(ifs->rxbuf) };
	struct msghdr mh = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf, .msg_controllen = sizeof(control.buf),
	};
	char ep[IFACE_ADDRESS_TEXT + 16];

	ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			llog("recvmsg on %s %s failed: %s", ifp->ifname,
			     endpoint_text(&ifp->addr, ifp->port, ep, sizeof(ep)),
			     strerror(errno));
		return;
	}
	struct iface_datagram dg = {
		.local = ifp->addr, .local_port = ifp->port, .iface = ifp,
	};
	if (!sockaddr_to_address((struct sockaddr *)&from, &dg.remote, &dg.remote_port)) {
		ldbg(DBG_BASE, "datagram with an unexpected address family dropped");
		return;
	}
	endpoint_text(&dg.remote, dg.remote_port, ep, sizeof(ep));
	if (mh.msg_flags & MSG_TRUNC) {
		llog("datagram from %s larger than %d bytes dropped", ep, IKE_UDP_MAX);
		return;
	}
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			dg.local.family = AF_INET;
			memcpy(dg.local.bytes, &pi.ipi_addr, 4);
		} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO &&
			   c->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			dg.local.family = AF_INET6;
			memcpy(dg.local.bytes, &pi.ipi6_addr, 16);
		}
	}
	const uint8_t *msg = ifs->rxbuf;
	size_t len = (size_t)n;
	if (ifp->natt) {
		/* The kernel keeps ESP (non-zero SPI) and keepalives (one 0xff
		 * byte) for itself; anything else must carry the marker. */
		if (len < sizeof(non_esp_marker) ||
		    memcmp(msg, non_esp_marker, sizeof(non_esp_marker)) != 0) {
			ldbg(DBG_BASE, "%zu-byte datagram from %s on the NAT-T port "
			     "without a non-ESP marker dropped", len, ep);
			return;
		}
		msg += sizeof(non_esp_marker);
		len -= sizeof(non_esp_marker);
	}
	if (len == 0) {
		ldbg(DBG_BASE, "empty datagram from %s dropped", ep);
		return;
	}
	dg.ptr = msg;
	dg.len = len;
	if (ifs->demux == NULL) {
		ldbg(DBG_BASE, "%zu-byte datagram from %s dropped: no IKE exchange "
		     "code registered", len, ep);
		return;
	}
	ifs->demux(ifs->demux_arg, &dg);
}

static bool send_datagram(const struct iface_udp *ifp, const struct ip_address *remote,
			  uint16_t remote_port, const uint8_t *msg, size_t len, bool marker,
			  struct diag *d);

bool iface_udp_send(const struct iface_udp *ifp, const struct ip_address *remote,
		    uint16_t remote_port, const uint8_t *msg, size_t len,
		    struct diag *d)
{
	return send_datagram(ifp, remote, remote_port, msg, len, ifp->natt, d);
}

bool iface_udp_send_raw(const struct iface_udp *ifp, const struct ip_address *remote,
			uint16_t remote_port, const uint8_t *msg, size_t len,
			struct diag *d)
{
	return send_datagram(ifp, remote, remote_port, msg, len, false, d);
}

static bool send_datagram(const struct iface_udp *ifp, const struct ip_address *remote,
			  uint16_t remote_port, const uint8_t *msg, size_t len, bool marker,
			  struct diag *d)
{
	struct sockaddr_storage to;
	socklen_t tolen = address_to_sockaddr(remote, remote_port, &to);
	struct iovec iov[2];
	size_t niov = 0;
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} control;
	struct msghdr mh = { .msg_name = &to, .msg_namelen = tolen };

	if (remote->family != ifp->addr.family)
		return diag(d, "cannot send to an %s peer from an %s socket",
			    remote->family == AF_INET ? "IPv4" : "IPv6",
			    ifp->addr.family == AF_INET ? "IPv4" : "IPv6");
	if (len > IKE_UDP_MAX - sizeof(non_esp_marker))
		return diag(d, "IKE message of %zu bytes is too large for UDP", len);
	if (marker)
		iov[niov++] = (struct iovec){ (void *)non_esp_marker, sizeof(non_esp_marker) };
	iov[niov++] = (struct iovec){ (void *)msg, len };
	mh.msg_iov = iov;
	mh.msg_iovlen = niov;

	/* Name the source address: the socket is bound to it already, but
	 * being explicit keeps replies correct should binding ever widen. */
	memset(&control, 0, sizeof(control));
	mh.msg_control = control.buf;
	struct cmsghdr *c = (struct cmsghdr *)control.buf;
	if (ifp->addr.family == AF_INET) {
		struct in_pktinfo pi = { 0 };
		memcpy(&pi.ipi_spec_dst, ifp->addr.bytes, 4);
		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
	} else {
		struct in6_pktinfo pi = { 0 };
		memcpy(&pi.ipi6_addr, ifp->addr.bytes, 16);
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
	}
	ssize_t n = sendmsg(ifp->fd, &mh, MSG_DONTWAIT);
	if (n < 0) {
		char ep[IFACE_ADDRESS_TEXT + 16];
		return diag(d, "sendmsg to %s failed: %s",
			    endpoint_text(remote, remote_port, ep, sizeof(ep)),
			    strerror(errno));
	}
	return true;
}

static int open_socket(const struct ip_address *addr, uint16_t port, bool natt,
		       struct diag *d)
{
	int on = 1;
	int fd = socket(addr->family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	if (fd < 0) {
		diag(d, "socket: %s", strerror(errno));
		return -1;
	}
	if (addr->family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) < 0) {
		diag(d, "IPV6_V6ONLY: %s", strerror(errno));
		goto fail;
	}
	if (addr->family == AF_INET
	    ? setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on))
	    : setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on))) {
		diag(d, "%s: %s", addr->family == AF_INET ? "IP_PKTINFO" : "IPV6_RECVPKTINFO",
		     strerror(errno));
		goto fail;
	}
	struct sockaddr_storage ss;
	socklen_t sl = address_to_sockaddr(addr, port, &ss);
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0) {
		diag(d, "bind: %s", strerror(errno));
		goto fail;
	}
	if (natt) {
		int encap = UDP_ENCAP_ESPINUDP;
		if (setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &encap, sizeof(encap)) < 0) {
			diag(d, "UDP_ENCAP_ESPINUDP: %s (is the kernel built with XFRM?)",
			     strerror(errno));
			goto fail;
		}
	}
	return fd;
fail:
	close(fd);
	return -1;
}

static void iface_udp_free(struct iface_udp *ifp)
{
	if (ifp->ev != NULL)
		event_free(ifp->ev);
	if (ifp->fd >= 0)
		close(ifp->fd);
	free(ifp);
}

/* Log a line and tell the whack that asked for the change (W may be
 * NULL: pluto's own start). */
__attribute__((format(printf, 2, 3)))
static void tell(struct whack_ctx *w, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	llog("%s", line);
	if (w != NULL)
		whack_printf(w, "%s", line);
}

/* An interface change. */
static void say(struct whack_ctx *w, const char *what, const char *ifname,
		const char *ep)
{
	tell(w, "%s %s %s", what, ifname, ep);
}

/* IKE sockets stop IFACE_FD_RESERVE descriptors short of the limit. */
static bool fd_headroom(int fd)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
		return true;
	return (rlim_t)fd + IFACE_FD_RESERVE < rl.rlim_cur;
}

static void open_iface(struct ifaces *ifs, const char *ifname,
		       const struct ip_address *addr, uint16_t port, bool natt,
		       struct whack_ctx *w)
{
	char ep[IFACE_ADDRESS_TEXT + 16];
	struct diag d;

	endpoint_text(addr, port, ep, sizeof(ep));
	for (struct iface_udp *ifp = ifs->list; ifp != NULL; ifp = ifp->next) {
		if (ifp->port == port && same_address(&ifp->addr, addr)) {
			ifp->seen = true;
			return;
		}
	}
	int fd = open_socket(addr, port, natt, &d);
	if (fd >= 0 && !fd_headroom(fd)) {
		close(fd);
		if (ifs->fd_refused++ == 0)
			tell(w, "ERROR: cannot open UDP interface %s %s: the limit on open files "
			     "(ulimit -n, LimitNOFILE=) leaves too few for the rest of pluto",
			     ifname, ep);
		return;
	}
	if (fd < 0) {
		tell(w, "ERROR: cannot open UDP interface %s %s: %s", ifname, ep, d.msg);
		return;
	}
	if (ifs->bypass != NULL) {
		if (!ifs->bypass(fd, addr->family, &d)) {
			llog("ERROR: IKE bypass policy for %s %s failed: %s; "
			     "not listening there", ifname, ep, d.msg);
			close(fd);
			return;
		}
	} else if (!ifs->bypass_warned) {
		llog("no kernel backend registered: IKE sockets have no IPsec bypass policy");
		ifs->bypass_warned = true;
	}
	struct iface_udp *ifp = calloc(1, sizeof(*ifp));
	if (ifp == NULL) {
		close(fd);
		llog("ERROR: out of memory adding %s %s", ifname, ep);
		return;
	}
	ifp->owner = ifs;
	snprintf(ifp->ifname, sizeof(ifp->ifname), "%s", ifname);
	ifp->addr = *addr;
	ifp->port = port;
	ifp->natt = natt;
	ifp->fd = fd;
	ifp->seen = true;
	ifp->ev = event_new(ifs->pluto->base, fd, EV_READ | EV_PERSIST, iface_udp_read, ifp);
	if (ifp->ev == NULL || event_add(ifp->ev, NULL) < 0) {
		llog("ERROR: cannot watch %s %s", ifname, ep);
		iface_udp_free(ifp);
		return;
	}
	/* Append: status lists sockets in the order they were opened. */
	struct iface_udp **tail = &ifs->list;
	while (*tail != NULL)
		tail = &(*tail)->next;
	*tail = ifp;
	say(w, "adding UDP interface", ifname, ep);
}

static void open_pair(struct ifaces *ifs, const char *ifname,
		      const struct ip_address *addr, struct whack_ctx *w)
{
	const struct pluto_options *o = ifs->pluto->opts;

	open_iface(ifs, ifname, addr, o->ikeport, false, w);
	open_iface(ifs, ifname, addr, o->natikeport, true, w);
}

static void listen_address(const char *text, struct ip_address *l)
{
	memset(l, 0, sizeof(*l));
	if (inet_pton(AF_INET, text, l->bytes) == 1)
		l->family = AF_INET;
	else if (inet_pton(AF_INET6, text, l->bytes) == 1)
		l->family = AF_INET6;
}

/* Is A one of the --listen addresses (or is there no such list)?
 * FOUND[i] records which of them turned up. */
static bool wanted(const struct pluto_options *o, const struct ip_address *a,
		   bool found[PLUTO_LISTEN_MAX])
{
	if (o->nr_listen == 0)
		return true;
	for (unsigned i = 0; i < o->nr_listen; i++) {
		struct ip_address l;
		listen_address(o->listen[i], &l);
		if (same_address(&l, a)) {
			found[i] = true;
			return true;
		}
	}
	return false;
}

unsigned ifaces_listen(struct ifaces *ifs, struct whack_ctx *w)
{
	struct ifaddrs *all;
	unsigned count = 0;
	bool found[PLUTO_LISTEN_MAX] = { false };
	const struct pluto_options *o = ifs->pluto->opts;

	for (struct iface_udp *ifp = ifs->list; ifp != NULL; ifp = ifp->next)
		ifp->seen = false;
	ifs->fd_refused = 0;
	if (getifaddrs(&all) < 0) {
		tell(w, "ERROR: cannot list local addresses: %s", strerror(errno));
		/* Keep what is open rather than close everything. */
		for (struct iface_udp *ifp = ifs->list; ifp != NULL; ifp = ifp->next)
			count++;
		return count;
	}
	for (struct ifaddrs *ia = all; ia != NULL; ia = ia->ifa_next) {
		struct ip_address a;
		if (ia->ifa_addr == NULL || !(ia->ifa_flags & IFF_UP))
			continue;
		if (!sockaddr_to_address(ia->ifa_addr, &a, NULL))
			continue;
		if (is_link_local6(&a) || !wanted(o, &a, found))
			continue;
		open_pair(ifs, ia->ifa_name, &a, w);
	}
	freeifaddrs(all);
	if (ifs->fd_refused > 1)
		tell(w, "ERROR: %u more UDP interfaces not opened: the limit on open files",
		     ifs->fd_refused - 1);
	for (unsigned i = 0; i < o->nr_listen; i++) {
		if (found[i])
			continue;
		tell(w, "WARNING: listen address %s is not on any interface that is up",
		     o->listen[i]);
	}

	/* Close sockets whose address is gone (or no longer wanted). */
	struct iface_udp **pp = &ifs->list;
	while (*pp != NULL) {
		struct iface_udp *ifp = *pp;
		if (ifp->seen) {
			count++;
			pp = &ifp->next;
			continue;
		}
		char ep[IFACE_ADDRESS_TEXT + 16];
		say(w, "shutting down interface", ifp->ifname,
		    endpoint_text(&ifp->addr, ifp->port, ep, sizeof(ep)));
		*pp = ifp->next;
		iface_udp_free(ifp);
	}
	return count;
}

void ifaces_close_all(struct ifaces *ifs)
{
	while (ifs->list != NULL) {
		struct iface_udp *ifp = ifs->list;
		ifs->list = ifp->next;
		iface_udp_free(ifp);
	}
}

void ifaces_free(struct ifaces *ifs)
{
	if (ifs == NULL)
		return;
	ifaces_close_all(ifs);
	free(ifs);
}

void ifaces_visit(const struct ifaces *ifs, iface_visit_fn *fn, void *arg)
{
	for (const struct iface_udp *ifp = ifs->list; ifp != NULL; ifp = ifp->next)
		fn(arg, ifp);
}

const char *iface_udp_name(const struct iface_udp *ifp) { return ifp->ifname; }
const struct ip_address *iface_udp_address(const struct iface_udp *ifp) { return &ifp->addr; }
uint16_t iface_udp_port(const struct iface_udp *ifp) { return ifp->port; }
bool iface_udp_is_natt(const struct iface_udp *ifp) { return ifp->natt; }
