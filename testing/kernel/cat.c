/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for Client Address Translation (kernel/patches, "xfrm: client
 * address translation for tunnel-mode states"): XFRMA_SA_CAT.
 *
 * A server namespace "srv" (inner address 172.16.0.1) and two client
 * namespaces "c1" and "c2" that both use the same inner address
 * 192.168.1.10, as two hosts in two NATed home networks would; the
 * server assigned them 100.64.0.1 and 100.64.0.2.  The server's
 * policies and states know only the assigned addresses; each client's
 * tunnel-mode states translate 192.168.1.10 <-> its assigned address, and
 * its policies know only 192.168.1.10.  There is no NAT rule anywhere.
 * Both clients must reach the server at once with ping, TCP and UDP,
 * the server must see each under its assigned address (also for IPv6
 * inside the same IPv4 tunnels: fd00:beef::10 as fd00:64::1 and
 * fd00:64::2, ping and UDP), and an ICMP
 * error from the server (port unreachable) must reach the client's UDP
 * socket, which needs the header quoted in the error translated too.
 * The attribute's checks (tunnel mode only, reserved 0) and its echo in
 * GETSA are tested first.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/xfrm.h>

#include "selftest.h"

#define NS_SRV		"xs-cat-srv"
#define NS_C1		"xs-cat-c1"
#define NS_C2		"xs-cat-c2"
#define SRV_INNER	"172.16.0.1"
#define CLIENT_INNER	"192.168.1.10"
/* IPv6 inner addresses, carried by the same IPv4 tunnels */
#define SRV_INNER6	"fd00:cafe::1"
#define CLIENT_INNER6	"fd00:beef::10"
#define TCP_PORT	5002
#define UDP_PORT	5003
#define CLOSED_PORT	5999

struct client {
	const char *ns;
	const char *dev, *srv_dev;	/* the client's and the server's veth */
	const char *outer, *srv_outer;	/* their addresses */
	const char *assigned;		/* what the server knows it as */
	uint32_t spi_up, spi_down;	/* client->server, server->client */
	const char *assigned6;		/* the same for IPv6 */
	uint32_t spi6_up, spi6_down;
};

static const struct client clients[] = {
	{ NS_C1, "c1v", "s1", "10.1.0.2", "10.1.0.1", "100.64.0.1", 0x4001, 0x4002,
	  "fd00:64::1", 0x5001, 0x5002 },
	{ NS_C2, "c2v", "s2", "10.2.0.2", "10.2.0.1", "100.64.0.2", 0x4003, 0x4004,
	  "fd00:64::2", 0x5003, 0x5004 },
};

/* AES-GCM keys with salt: 20 bytes of one value each way. */
#define KEY_UP		0x31
#define KEY_DOWN	0x32
#define KEY_UP_HEX	"0x3131313131313131313131313131313131313131"
#define KEY_DOWN_HEX	"0x3232323232323232323232323232323232323232"

static void addr4(xfrm_address_t *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->a4) != 1)
		fatal("bad address %s", s);
}

static void addr6(xfrm_address_t *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET6, s, &a->in6) != 1)
		fatal("bad address %s", s);
}

/* NEWSA: an ESP tunnel-mode (or transport-mode) SA with AES-GCM and,
 * if CAT is given, XFRMA_SA_CAT. */
static int new_sa(struct mnl_socket *nl, const char *src, const char *dst, uint32_t spi,
		  unsigned char key_byte, uint8_t mode, const struct xfrm_user_cat *cat)
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
	addr4(&sa->id.daddr, dst);
	addr4(&sa->saddr, src);
	sa->id.spi = htonl(spi);
	sa->id.proto = IPPROTO_ESP;
	sa->family = AF_INET;
	/* any inner addresses of the translated family */
	sa->sel.family = cat && cat->family == AF_INET6 ? AF_INET6 : AF_INET;
	sa->mode = mode;
	sa->replay_window = 32;
	sa->reqid = sa->sel.family == AF_INET6 ? 2 : 1;
	sa->lft.soft_byte_limit = XFRM_INF;
	sa->lft.hard_byte_limit = XFRM_INF;
	sa->lft.soft_packet_limit = XFRM_INF;
	sa->lft.hard_packet_limit = XFRM_INF;

	memset(&aead, 0, sizeof(aead));
	strcpy(aead.alg.alg_name, "rfc4106(gcm(aes))");
	aead.alg.alg_key_len = sizeof(aead.key) * 8;
	aead.alg.alg_icv_len = 128;
	memset(aead.key, key_byte, sizeof(aead.key));
	mnl_attr_put(nlh, XFRMA_ALG_AEAD, sizeof(aead), &aead);
	if (cat)
		mnl_attr_put(nlh, XFRMA_SA_CAT, sizeof(*cat), cat);
	return xfrm_request(nl, nlh, NULL, 0);
}

/* GETSA: true if the SA echoes exactly CAT. */
static bool get_sa_cat(struct mnl_socket *nl, const char *dst, uint32_t spi,
		       const struct xfrm_user_cat *cat)
{
	char buf[NL_BUF_SIZE], reply[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsghdr *r = (struct nlmsghdr *)reply;
	struct xfrm_usersa_id *id;
	struct nlattr *attr;
	bool found = false;

	nlh->nlmsg_type = XFRM_MSG_GETSA;
	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	memset(id, 0, sizeof(*id));
	addr4(&id->daddr, dst);
	id->spi = htonl(spi);
	id->family = AF_INET;
	id->proto = IPPROTO_ESP;
	memset(reply, 0, sizeof(reply));
	if (xfrm_request(nl, nlh, reply, sizeof(reply)) != 0 ||
	    r->nlmsg_type != XFRM_MSG_NEWSA || r->nlmsg_len > sizeof(reply) ||
	    r->nlmsg_len < mnl_nlmsg_size(sizeof(struct xfrm_usersa_info)))
		return false;
	mnl_attr_for_each(attr, r, sizeof(struct xfrm_usersa_info)) {
		if (mnl_attr_get_type(attr) == XFRMA_SA_CAT &&
		    mnl_attr_get_payload_len(attr) == sizeof(*cat) &&
		    memcmp(mnl_attr_get_payload(attr), cat, sizeof(*cat)) == 0)
			found = true;
	}
	return found;
}

static struct xfrm_user_cat cat_for(const struct client *c)
{
	struct xfrm_user_cat cat;

	memset(&cat, 0, sizeof(cat));
	addr4(&cat.local, CLIENT_INNER);
	addr4(&cat.xlat, c->assigned);
	cat.family = AF_INET;
	return cat;
}

static struct xfrm_user_cat cat6_for(const struct client *c)
{
	struct xfrm_user_cat cat;

	memset(&cat, 0, sizeof(cat));
	addr6(&cat.local, CLIENT_INNER6);
	addr6(&cat.xlat, c->assigned6);
	cat.family = AF_INET6;
	return cat;
}

static void setup_network(void)
{
	size_t i;

	(void)system("ip netns del " NS_SRV " 2>/dev/null; ip netns del " NS_C1
		     " 2>/dev/null; ip netns del " NS_C2 " 2>/dev/null");
	run("ip netns add " NS_SRV);
	run("ip -n " NS_SRV " link set lo up && ip -n " NS_SRV " addr add " SRV_INNER "/32 dev lo");
	run("ip -n " NS_SRV " addr add " SRV_INNER6 "/128 dev lo nodad");
	for (i = 0; i < 2; i++) {
		const struct client *c = &clients[i];

		run("ip netns add %s && ip -n %s link set lo up", c->ns, c->ns);
		/* the same inner address in both clients */
		run("ip -n %s addr add " CLIENT_INNER "/32 dev lo", c->ns);
		run("ip -n %s addr add " CLIENT_INNER6 "/128 dev lo nodad", c->ns);
		run("ip link add %s netns %s type veth peer name %s netns " NS_SRV,
		    c->dev, c->ns, c->srv_dev);
		run("ip -n %s addr add %s/24 dev %s && ip -n %s link set %s up",
		    c->ns, c->outer, c->dev, c->ns, c->dev);
		run("ip -n " NS_SRV " addr add %s/24 dev %s && ip -n " NS_SRV " link set %s up",
		    c->srv_outer, c->srv_dev, c->srv_dev);
		run("ip -n %s route add " SRV_INNER "/32 dev %s src " CLIENT_INNER,
		    c->ns, c->dev);
		run("ip -n " NS_SRV " route add %s/32 dev %s", c->assigned, c->srv_dev);
		run("ip -n %s route add " SRV_INNER6 "/128 dev %s src " CLIENT_INNER6,
		    c->ns, c->dev);
		run("ip -n " NS_SRV " route add %s/128 dev %s", c->assigned6, c->srv_dev);
	}
}

/* The server knows the client by its assigned address only. */
static void setup_server(const struct client *c)
{
	run("ip -n " NS_SRV " xfrm state add src %s dst %s proto esp spi 0x%x reqid 1 mode tunnel "
	    "aead 'rfc4106(gcm(aes))' " KEY_UP_HEX " 128", c->outer, c->srv_outer, c->spi_up);
	run("ip -n " NS_SRV " xfrm state add src %s dst %s proto esp spi 0x%x reqid 1 mode tunnel "
	    "aead 'rfc4106(gcm(aes))' " KEY_DOWN_HEX " 128", c->srv_outer, c->outer, c->spi_down);
	run("ip -n " NS_SRV " xfrm policy add src " SRV_INNER "/32 dst %s/32 dir out "
	    "tmpl src %s dst %s proto esp mode tunnel reqid 1", c->assigned, c->srv_outer, c->outer);
	run("ip -n " NS_SRV " xfrm policy add src %s/32 dst " SRV_INNER "/32 dir in "
	    "tmpl src %s dst %s proto esp mode tunnel reqid 1", c->assigned, c->outer, c->srv_outer);

	/* IPv6 inside the same IPv4 tunnel, its own SAs (reqid 2) */
	run("ip -n " NS_SRV " xfrm state add src %s dst %s proto esp spi 0x%x reqid 2 mode tunnel "
	    "sel src ::/0 dst ::/0 aead 'rfc4106(gcm(aes))' " KEY_UP_HEX " 128",
	    c->outer, c->srv_outer, c->spi6_up);
	run("ip -n " NS_SRV " xfrm state add src %s dst %s proto esp spi 0x%x reqid 2 mode tunnel "
	    "sel src ::/0 dst ::/0 aead 'rfc4106(gcm(aes))' " KEY_DOWN_HEX " 128",
	    c->srv_outer, c->outer, c->spi6_down);
	run("ip -n " NS_SRV " xfrm policy add src " SRV_INNER6 "/128 dst %s/128 dir out "
	    "tmpl src %s dst %s proto esp mode tunnel reqid 2", c->assigned6, c->srv_outer, c->outer);
	run("ip -n " NS_SRV " xfrm policy add src %s/128 dst " SRV_INNER6 "/128 dir in "
	    "tmpl src %s dst %s proto esp mode tunnel reqid 2", c->assigned6, c->outer, c->srv_outer);
}

/* The client's policies know only its own address; its SAs translate. */
static void setup_client(const struct client *c)
{
	struct xfrm_user_cat cat = cat_for(c), cat6 = cat6_for(c), bad = cat;
	struct mnl_socket *nl;
	int err;

	netns_enter(c->ns);
	nl = xfrm_open();

	err = new_sa(nl, c->outer, c->srv_outer, 0x4fff, KEY_UP, XFRM_MODE_TRANSPORT, &cat);
	check(err == -EINVAL, "%s: CAT on a transport-mode SA is refused with EINVAL (%d)", c->ns, err);
	bad.reserved = 1;
	err = new_sa(nl, c->outer, c->srv_outer, 0x4ffe, KEY_UP, XFRM_MODE_TUNNEL, &bad);
	check(err == -EINVAL, "%s: CAT with reserved != 0 is refused with EINVAL (%d)", c->ns, err);
	(void)system("ip xfrm state flush");

	err = new_sa(nl, c->outer, c->srv_outer, c->spi_up, KEY_UP, XFRM_MODE_TUNNEL, &cat);
	if (err)
		fatal("%s: NEWSA with CAT: %s", c->ns, strerror(-err));
	err = new_sa(nl, c->srv_outer, c->outer, c->spi_down, KEY_DOWN, XFRM_MODE_TUNNEL, &cat);
	if (err)
		fatal("%s: NEWSA with CAT: %s", c->ns, strerror(-err));
	check(get_sa_cat(nl, c->srv_outer, c->spi_up, &cat),
	      "%s: GETSA echoes XFRMA_SA_CAT " CLIENT_INNER " <-> %s", c->ns, c->assigned);
	err = new_sa(nl, c->outer, c->srv_outer, c->spi6_up, KEY_UP, XFRM_MODE_TUNNEL, &cat6);
	if (err)
		fatal("%s: NEWSA with IPv6 CAT: %s", c->ns, strerror(-err));
	err = new_sa(nl, c->srv_outer, c->outer, c->spi6_down, KEY_DOWN, XFRM_MODE_TUNNEL, &cat6);
	if (err)
		fatal("%s: NEWSA with IPv6 CAT: %s", c->ns, strerror(-err));
	mnl_socket_close(nl);
	run("ip -n %s xfrm policy add src " CLIENT_INNER6 "/128 dst " SRV_INNER6 "/128 dir out "
	    "tmpl src %s dst %s proto esp mode tunnel reqid 2", c->ns, c->outer, c->srv_outer);
	run("ip -n %s xfrm policy add src " SRV_INNER6 "/128 dst " CLIENT_INNER6 "/128 dir in "
	    "tmpl src %s dst %s proto esp mode tunnel reqid 2", c->ns, c->srv_outer, c->outer);

	run("ip -n %s xfrm policy add src " CLIENT_INNER "/32 dst " SRV_INNER "/32 dir out "
	    "tmpl src %s dst %s proto esp mode tunnel reqid 1", c->ns, c->outer, c->srv_outer);
	run("ip -n %s xfrm policy add src " SRV_INNER "/32 dst " CLIENT_INNER "/32 dir in "
	    "tmpl src %s dst %s proto esp mode tunnel reqid 1", c->ns, c->srv_outer, c->outer);
}

static struct sockaddr_in sin4(const char *addr, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };

	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
		fatal("bad address %s", addr);
	return sin;
}

static int socket_in(const char *ns, int type)
{
	struct timeval tv = { .tv_sec = 3 };
	int fd;

	netns_enter(ns);
	fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fatal("socket: %s", strerror(errno));
	/* a connect() that cannot succeed gives up in time */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0)
		fatal("SO_SNDTIMEO: %s", strerror(errno));
	return fd;
}

static bool readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

static const char *ntoa(const struct sockaddr_in *sin, char *buf)
{
	return inet_ntop(AF_INET, &sin->sin_addr, buf, INET_ADDRSTRLEN);
}

static void tcp_both(int listener)
{
	int fds[2], peers[2];
	struct sockaddr_in srv = sin4(SRV_INNER, TCP_PORT), peer, self;
	char a[INET_ADDRSTRLEN], buf[16];
	socklen_t len;
	size_t i;

	/* Both connections open at once: same client address and port
	 * space on the clients, two distinct flows on the server. */
	for (i = 0; i < 2; i++) {
		fds[i] = socket_in(clients[i].ns, SOCK_STREAM);
		if (connect(fds[i], (struct sockaddr *)&srv, sizeof(srv)) != 0) {
			check(false, "%s: TCP connect to " SRV_INNER ": %s", clients[i].ns,
			      strerror(errno));
			return;
		}
		len = sizeof(self);
		getsockname(fds[i], (struct sockaddr *)&self, &len);
		check(strcmp(ntoa(&self, a), CLIENT_INNER) == 0,
		      "%s: the client's socket uses " CLIENT_INNER " (%s)", clients[i].ns, a);
		if (!readable(listener, 3000))
			fatal("no connection to accept");
		len = sizeof(peer);
		peers[i] = accept(listener, (struct sockaddr *)&peer, &len);
		if (peers[i] < 0)
			fatal("accept: %s", strerror(errno));
		check(strcmp(ntoa(&peer, a), clients[i].assigned) == 0,
		      "%s: the server sees the connection from %s (%s)", clients[i].ns,
		      clients[i].assigned, a);
	}
	for (i = 0; i < 2; i++) {
		bool ok = send(fds[i], "up", 2, 0) == 2 && readable(peers[i], 3000) &&
			  recv(peers[i], buf, sizeof(buf), 0) == 2 &&
			  send(peers[i], "down", 4, 0) == 4 && readable(fds[i], 3000) &&
			  recv(fds[i], buf, sizeof(buf), 0) == 4 && memcmp(buf, "down", 4) == 0;

		check(ok, "%s: TCP data flows both ways through CAT", clients[i].ns);
		close(fds[i]);
		close(peers[i]);
	}
}

static void udp_both(int server)
{
	struct sockaddr_in srv = sin4(SRV_INNER, UDP_PORT), from;
	char a[INET_ADDRSTRLEN], buf[16];
	socklen_t len;
	size_t i;

	for (i = 0; i < 2; i++) {
		int fd = socket_in(clients[i].ns, SOCK_DGRAM);
		bool ok;

		if (sendto(fd, "hello", 5, 0, (struct sockaddr *)&srv, sizeof(srv)) != 5)
			fatal("sendto: %s", strerror(errno));
		len = sizeof(from);
		ok = readable(server, 3000) &&
		     recvfrom(server, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 5;
		check(ok && strcmp(ntoa(&from, a), clients[i].assigned) == 0,
		      "%s: the server receives the UDP datagram from %s (%s)", clients[i].ns,
		      clients[i].assigned, ok ? a : "nothing");
		ok = ok && sendto(server, "reply", 5, 0, (struct sockaddr *)&from, len) == 5 &&
		     readable(fd, 3000) && recv(fd, buf, sizeof(buf), 0) == 5;
		check(ok, "%s: the server's UDP reply reaches the client", clients[i].ns);
		close(fd);
	}
}

/* IPv6: the server sees each client's datagram from its assigned address
 * and its reply comes back (ICMPv6-style pseudo-header checksums). */
static void udp6_both(void)
{
	struct sockaddr_in6 srv = { .sin6_family = AF_INET6, .sin6_port = htons(UDP_PORT) };
	struct sockaddr_in6 from;
	char a[INET6_ADDRSTRLEN], buf[16];
	socklen_t len;
	int server;
	size_t i;

	inet_pton(AF_INET6, SRV_INNER6, &srv.sin6_addr);
	netns_enter(NS_SRV);
	server = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (server < 0 || bind(server, (struct sockaddr *)&srv, sizeof(srv)) != 0)
		fatal("IPv6 UDP server: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		int fd;
		bool ok;

		netns_enter(clients[i].ns);
		fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || sendto(fd, "hello", 5, 0, (struct sockaddr *)&srv, sizeof(srv)) != 5)
			fatal("IPv6 sendto: %s", strerror(errno));
		len = sizeof(from);
		ok = readable(server, 3000) &&
		     recvfrom(server, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len) == 5;
		if (ok)
			inet_ntop(AF_INET6, &from.sin6_addr, a, sizeof(a));
		check(ok && strcmp(a, clients[i].assigned6) == 0,
		      "%s: the server receives the IPv6 UDP datagram from %s (%s)", clients[i].ns,
		      clients[i].assigned6, ok ? a : "nothing");
		ok = ok && sendto(server, "reply", 5, 0, (struct sockaddr *)&from, len) == 5 &&
		     readable(fd, 3000) && recv(fd, buf, sizeof(buf), 0) == 5;
		check(ok, "%s: the server's IPv6 UDP reply reaches the client", clients[i].ns);
		close(fd);
	}
	close(server);
}

/* The server answers a datagram to a closed port with an ICMP error
 * quoting the datagram (source = the assigned address); the client's
 * connected socket sees ECONNREFUSED only if the quote is translated. */
static void icmp_error(const struct client *c)
{
	struct sockaddr_in closed = sin4(SRV_INNER, CLOSED_PORT);
	int fd = socket_in(c->ns, SOCK_DGRAM);
	int err = 0;
	char buf[4];

	if (connect(fd, (struct sockaddr *)&closed, sizeof(closed)) != 0)
		fatal("connect: %s", strerror(errno));
	if (send(fd, "x", 1, 0) != 1)
		fatal("send: %s", strerror(errno));
	if (readable(fd, 3000) && recv(fd, buf, sizeof(buf), MSG_DONTWAIT) < 0)
		err = errno;
	check(err == ECONNREFUSED, "%s: the server's ICMP port unreachable reaches the socket (%s)",
	      c->ns, err ? strerror(err) : "nothing");
	close(fd);
}

static bool ping_from(const struct client *c, const char *from, const char *to)
{
	char cmd[256];
	int status;

	snprintf(cmd, sizeof(cmd), "ip netns exec %s ping -q -c 2 -i 0.2 -W 2 -I %s %s > /dev/null",
		 c->ns, from, to);
	status = system(cmd);
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void)
{
	struct sockaddr_in tcp_any = sin4(SRV_INNER, TCP_PORT), udp_any = sin4(SRV_INNER, UDP_PORT);
	int listener, udp_server, one = 1;
	size_t i;

	setup_network();
	for (i = 0; i < 2; i++) {
		setup_server(&clients[i]);
		setup_client(&clients[i]);
	}

	listener = socket_in(NS_SRV, SOCK_STREAM);
	udp_server = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(listener, (struct sockaddr *)&tcp_any, sizeof(tcp_any)) != 0 ||
	    listen(listener, 8) != 0 || udp_server < 0 ||
	    bind(udp_server, (struct sockaddr *)&udp_any, sizeof(udp_any)) != 0)
		fatal("server sockets: %s", strerror(errno));

	for (i = 0; i < 2; i++) {
		check(ping_from(&clients[i], CLIENT_INNER, SRV_INNER),
		      "%s: ping from " CLIENT_INNER " to " SRV_INNER " is answered through CAT",
		      clients[i].ns);
		check(ping_from(&clients[i], CLIENT_INNER6, SRV_INNER6),
		      "%s: ping from " CLIENT_INNER6 " to " SRV_INNER6 " is answered through CAT",
		      clients[i].ns);
	}
	udp6_both();
	tcp_both(listener);
	udp_both(udp_server);
	for (i = 0; i < 2; i++)
		icmp_error(&clients[i]);

	close(listener);
	close(udp_server);
	(void)system("ip netns del " NS_SRV "; ip netns del " NS_C1 "; ip netns del " NS_C2);
	return checks_done();
}
