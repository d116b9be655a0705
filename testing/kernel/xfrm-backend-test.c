/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xfrm-backend-test: drive pluto's XFRM backend (libkernel) against a real
 * kernel, inside the UML guest, between two network namespaces that
 * xfrm-backend-test.sh sets up ("west" and "east", joined by a veth).
 *
 * One process holds a backend instance per namespace (its netlink sockets
 * are bound to the namespace they were opened in) and checks:
 *  - probes: features reported, each with a reason (and, with
 *    --expect-features, exactly the expected ones present);
 *  - ESP with AES-GCM in tunnel and transport mode, IPv4 and IPv6
 *    (IPv4 tunnel over UDP encapsulation, IPv6 tunnel with ESN and a
 *    128-packet replay window): SPIs allocated, SAs and in/out/fwd
 *    policies installed, ping passes, counters read back move;
 *  - delete of SAs and policies (IPv4 tunnel);
 *  - per-socket bypass on UDP sockets through a policy that requires an
 *    SA that does not exist, and the ACQUIRE that policy raises;
 *  - a soft EXPIRE after a packet limit;
 *  - cleanup removes exactly what was installed: the unrelated SA and
 *    policy the script installed with `ip xfrm` beforehand survive;
 *  - after a "crash" (a child exits without cleanup) the next instance
 *    removes exactly the child's leftovers, found in the install journal.
 * Journals go to /run (the guest's private tmpfs).
 * Prints one "ok"/"FAIL" line per check; exits 1 if any failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/udp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kernel.h"
#include "bytes.h"
#include "log.h"

#ifndef UDP_ENCAP
#define UDP_ENCAP 100
#endif
#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

static int failures;

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		failures++;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	printf("FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(1);
}

/* ---- the two hosts ---- */

struct events {
	struct kernel **k;	/* the instance, for calls from inside a handler */
	bool expire_counters_ok;
	uint64_t expire_packets;
	unsigned acquires, soft_expires, hard_expires;
	struct kernel_acquire last_acquire;
	struct kernel_expire last_expire;
};

struct host {
	const char *name;
	int nsfd;
	struct kernel *k;
	struct events ev;
	const char *outer4, *outer6, *inner4, *inner6;	/* addresses */
	const char *net4, *net6;			/* inner subnets */
};

static struct host west = {
	.name = "west", .outer4 = "192.1.2.45", .outer6 = "2001:db8:1:2::45",
	.inner4 = "192.0.1.254", .inner6 = "2001:db8:0:1::254",
	.net4 = "192.0.1.0", .net6 = "2001:db8:0:1::",
};
static struct host east = {
	.name = "east", .outer4 = "192.1.2.23", .outer6 = "2001:db8:1:2::23",
	.inner4 = "192.0.2.254", .inner6 = "2001:db8:0:2::254",
	.net4 = "192.0.2.0", .net6 = "2001:db8:0:2::",
};

static const struct kernel_ops *ops = &kernel_xfrm_ops;

static void enter(const struct host *h)
{
	if (setns(h->nsfd, CLONE_NEWNET) < 0)
		die("setns %s: %s", h->name, strerror(errno));
}

static void on_acquire(void *ctx, const struct kernel_acquire *a)
{
	struct events *e = ctx;

	e->acquires++;
	e->last_acquire = *a;
}

static void on_expire(void *ctx, const struct kernel_expire *x)
{
	struct events *e = ctx;

	struct kernel_said said = { .dst = x->dst, .spi = x->spi, .proto = x->proto };
	struct kernel_sa_counters c;
	struct diag d;

	if (x->hard)
		e->hard_expires++;
	else
		e->soft_expires++;
	e->last_expire = *x;
	/* What a daemon does: look at the SA from inside the handler (the
	 * backend is re-entered while it is reading events). */
	e->expire_counters_ok = ops->get_sa_counters(*e->k, &said, &c, &d);
	e->expire_packets = c.packets;
	if (!e->expire_counters_ok)
		printf("note: counters from the EXPIRE handler: %s\n", d.msg);
}

static struct ip_address addr(const char *s)
{
	struct ip_address a = { 0 };

	if (inet_pton(AF_INET, s, a.bytes) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, s, a.bytes) == 1)
		a.family = AF_INET6;
	else
		die("bad address %s", s);
	return a;
}

static struct ip_selector sel(const char *s, unsigned prefix, uint8_t proto, uint16_t port)
{
	struct ip_selector x = { .subnet = { .addr = addr(s), .prefix_len = (uint8_t)prefix } };

	x.ipproto = proto;
	x.port = port;
	return x;
}

/* Wait until H's event socket has something, then let the backend read it;
 * true when COND became true within the timeout. */
static bool wait_event(struct host *h, const unsigned *counter, unsigned want, int timeout_ms)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (*counter < want) {
		struct pollfd p = { .fd = ops->event_fd(h->k), .events = POLLIN };
		struct diag d;
		long elapsed;

		clock_gettime(CLOCK_MONOTONIC, &now);
		elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (elapsed >= timeout_ms)
			return false;
		if (poll(&p, 1, (int)(timeout_ms - elapsed)) > 0 && !ops->process_events(h->k, &d)) {
			check(false, "%s: reading events: %s", h->name, d.msg);
			return false;
		}
	}
	return true;
}

static bool run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd) == 0;
}

/* ---- one ESP connection between west and east ---- */

struct conn {
	const char *name;
	int family;
	enum kernel_mode mode;
	uint32_t reqid;
	bool esn;
	uint32_t replay;
	bool udp_encap;
	uint64_t soft_packets;	/* on west's outbound SA */
	/* filled in */
	uint32_t spi_west_in, spi_east_in;
	struct kernel_policy pol[2][3];	/* [west/east][out, in, fwd] */
	unsigned npol;
};

static void random_key(uint8_t *k, size_t n)
{
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd < 0 || read(fd, k, n) != (ssize_t)n)
		die("reading /dev/urandom");
	close(fd);
}

static struct kernel_sa esp_sa(const struct conn *c, const struct host *from,
			       const struct host *to, uint32_t spi, const uint8_t *key,
			       enum kernel_sa_dir dir)
{
	struct kernel_sa sa = {
		.src = addr(c->family == AF_INET ? from->outer4 : from->outer6),
		.dst = addr(c->family == AF_INET ? to->outer4 : to->outer6),
		.spi = spi, .proto = IPPROTO_ESP, .mode = c->mode, .reqid = c->reqid,
		.aead = { .name = "rfc4106(gcm(aes))", .key = key, .key_len = 36 },
		.icv_bits = 128, .esn = c->esn, .replay_window = c->replay, .dir = dir,
	};

	if (c->udp_encap) {
		sa.encap.type = KERNEL_ENCAP_ESPINUDP;
		sa.encap.sport = sa.encap.dport = 4500;
	}
	return sa;
}

static struct kernel_policy esp_policy(const struct conn *c, const struct host *from,
				       const struct host *to, enum kernel_policy_dir dir)
{
	bool v4 = c->family == AF_INET;
	struct kernel_policy p = { .dir = dir, .action = KERNEL_POLICY_ALLOW, .ntemplates = 1 };

	if (c->mode == KERNEL_MODE_TUNNEL) {
		p.src = sel(v4 ? from->net4 : from->net6, v4 ? 24 : 64, 0, 0);
		p.dst = sel(v4 ? to->net4 : to->net6, v4 ? 24 : 64, 0, 0);
		p.templates[0].src = addr(v4 ? from->outer4 : from->outer6);
		p.templates[0].dst = addr(v4 ? to->outer4 : to->outer6);
	} else {
		p.src = sel(v4 ? from->outer4 : from->outer6, v4 ? 32 : 128, 0, 0);
		p.dst = sel(v4 ? to->outer4 : to->outer6, v4 ? 32 : 128, 0, 0);
	}
	p.templates[0].proto = IPPROTO_ESP;
	p.templates[0].mode = c->mode;
	p.templates[0].reqid = c->reqid;
	return p;
}

/* Both ends: SPIs, SAs, policies. */
static bool install(struct conn *c)
{
	struct host *h[2] = { &west, &east };
	uint8_t key_we[36], key_ew[36];
	struct diag d;
	bool v4 = c->family == AF_INET;

	random_key(key_we, sizeof(key_we));
	random_key(key_ew, sizeof(key_ew));

	struct ip_address w = addr(v4 ? west.outer4 : west.outer6);
	struct ip_address e = addr(v4 ? east.outer4 : east.outer6);

	if (!ops->alloc_spi(west.k, &e, &w, IPPROTO_ESP, c->reqid, 0x1000, 0x7fffffff,
			    &c->spi_west_in, &d) ||
	    !ops->alloc_spi(east.k, &w, &e, IPPROTO_ESP, c->reqid, 0x1000, 0x7fffffff,
			    &c->spi_east_in, &d)) {
		check(false, "%s: allocate SPIs: %s", c->name, d.msg);
		return false;
	}
	check(c->spi_west_in >= 0x1000 && c->spi_east_in >= 0x1000 &&
	      c->spi_west_in <= 0x7fffffff && c->spi_east_in <= 0x7fffffff,
	      "%s: SPIs allocated in range", c->name);

	struct kernel_sa w_out = esp_sa(c, &west, &east, c->spi_east_in, key_we, KERNEL_SA_DIR_OUT);
	struct kernel_sa w_in = esp_sa(c, &east, &west, c->spi_west_in, key_ew, KERNEL_SA_DIR_IN);
	struct kernel_sa e_out = esp_sa(c, &east, &west, c->spi_west_in, key_ew, KERNEL_SA_DIR_OUT);
	struct kernel_sa e_in = esp_sa(c, &west, &east, c->spi_east_in, key_we, KERNEL_SA_DIR_IN);

	w_out.lifetime.soft_packets = c->soft_packets;
	bool ok = ops->add_sa(west.k, &w_out, false, &d) &&
		  ops->add_sa(west.k, &w_in, true, &d) &&
		  ops->add_sa(east.k, &e_out, false, &d) &&
		  ops->add_sa(east.k, &e_in, true, &d);
	secure_zero(key_we, sizeof(key_we));
	secure_zero(key_ew, sizeof(key_ew));
	check(ok, "%s: SAs installed%s%s", c->name, ok ? "" : ": ", ok ? "" : d.msg);
	if (!ok)
		return false;

	c->npol = c->mode == KERNEL_MODE_TUNNEL ? 3 : 2;
	for (int i = 0; i < 2; i++) {
		struct host *me = h[i], *peer = h[1 - i];

		c->pol[i][0] = esp_policy(c, me, peer, KERNEL_POLICY_OUT);
		c->pol[i][1] = esp_policy(c, peer, me, KERNEL_POLICY_IN);
		c->pol[i][2] = esp_policy(c, peer, me, KERNEL_POLICY_FWD);
		for (unsigned j = 0; j < c->npol; j++) {
			if (!ops->add_policy(me->k, &c->pol[i][j], true, &d)) {
				check(false, "%s: %s policy %u: %s", c->name, me->name, j, d.msg);
				return false;
			}
		}
	}
	check(true, "%s: policies installed (%u per host)", c->name, c->npol);
	return true;
}

static struct kernel_said said_of(const struct conn *c, const struct host *from,
				  const struct host *to, uint32_t spi)
{
	bool v4 = c->family == AF_INET;
	struct kernel_said s = {
		.src = addr(v4 ? from->outer4 : from->outer6),
		.dst = addr(v4 ? to->outer4 : to->outer6),
		.spi = spi, .proto = IPPROTO_ESP,
	};
	return s;
}

static void ping_and_count(struct conn *c)
{
	struct kernel_sa_counters before_out, before_in, after_out, after_in;
	struct kernel_said out = said_of(c, &west, &east, c->spi_east_in);
	struct kernel_said in = said_of(c, &east, &west, c->spi_west_in);
	struct diag d;
	bool v4 = c->family == AF_INET;
	const char *src = c->mode == KERNEL_MODE_TUNNEL ? (v4 ? west.inner4 : west.inner6)
							: (v4 ? west.outer4 : west.outer6);
	const char *dst = c->mode == KERNEL_MODE_TUNNEL ? (v4 ? east.inner4 : east.inner6)
							: (v4 ? east.outer4 : east.outer6);

	if (!ops->get_sa_counters(west.k, &out, &before_out, &d) ||
	    !ops->get_sa_counters(west.k, &in, &before_in, &d)) {
		check(false, "%s: read counters: %s", c->name, d.msg);
		return;
	}
	check(before_out.packets == 0 && before_in.packets == 0 && before_out.add_time != 0,
	      "%s: fresh SAs count 0 packets (out %llu, in %llu)", c->name,
	      (unsigned long long)before_out.packets, (unsigned long long)before_in.packets);

	check(run("ip netns exec west ping -%c -q -c 3 -i 0.2 -W 2 -I %s %s >/dev/null",
		  v4 ? '4' : '6', src, dst),
	      "%s: ping %s -> %s passes", c->name, src, dst);

	if (!ops->get_sa_counters(west.k, &out, &after_out, &d) ||
	    !ops->get_sa_counters(west.k, &in, &after_in, &d)) {
		check(false, "%s: read counters: %s", c->name, d.msg);
		return;
	}
	check(after_out.packets >= 3 && after_out.bytes > before_out.bytes &&
	      after_in.packets >= 3 && after_in.bytes > before_in.bytes,
	      "%s: counters moved (out %llu packets %llu bytes, in %llu packets %llu bytes)",
	      c->name, (unsigned long long)after_out.packets, (unsigned long long)after_out.bytes,
	      (unsigned long long)after_in.packets, (unsigned long long)after_in.bytes);
	check(after_out.have_last_used || after_in.have_last_used || after_out.first_use_time != 0,
	      "%s: use time reported (first use %llu, last used %s)", c->name,
	      (unsigned long long)after_out.first_use_time,
	      after_out.have_last_used ? "present" : "absent");
}

static void remove_conn(struct conn *c)
{
	struct host *h[2] = { &west, &east };
	struct diag d;
	bool ok = true;

	for (int i = 0; i < 2 && ok; i++) {
		for (unsigned j = 0; j < c->npol && ok; j++)
			ok = ops->del_policy(h[i]->k, &c->pol[i][j], &d);
	}
	struct kernel_said s[4] = {
		said_of(c, &west, &east, c->spi_east_in), said_of(c, &east, &west, c->spi_west_in),
	};
	s[2] = s[1];
	s[3] = s[0];
	for (int i = 0; i < 4 && ok; i++)
		ok = ops->del_sa(i < 2 ? west.k : east.k, &s[i], &d);
	check(ok, "%s: SAs and policies deleted%s%s", c->name, ok ? "" : ": ", ok ? "" : d.msg);
	/* Deleting twice must fail cleanly with the kernel's reason. */
	ok = !ops->del_sa(west.k, &s[0], &d) && strstr(d.msg, "No such process") != NULL;
	check(ok, "%s: deleting a deleted SA fails cleanly (%s)", c->name, d.msg);
}

/* ---- bypass and ACQUIRE ---- */

static int count_lines(const char *ns, const char *obj, const char *word, const char *except);

static int udp_socket(struct host *h, int family, const char *a, uint16_t port, bool bypass)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	struct diag d;
	int fd;

	enter(h);
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		inet_pton(AF_INET, a, &s4->sin_addr);
		len = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		inet_pton(AF_INET6, a, &s6->sin6_addr);
		len = sizeof(*s6);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		die("bind %s port %u: %s", a, port, strerror(errno));
	if (bypass && !ops->bypass_socket(h->k, fd, family, &d))
		die("%s", d.msg);
	return fd;
}

static bool udp_delivered(int family, int from, int to, const char *dst, uint16_t port)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	struct pollfd p = { .fd = to, .events = POLLIN };
	char buf[32];

	if (family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		inet_pton(AF_INET, dst, &s4->sin_addr);
		len = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		inet_pton(AF_INET6, dst, &s6->sin6_addr);
		len = sizeof(*s6);
	}
	/* A send into a policy without an SA may fail (EAGAIN) or be
	 * dropped silently: both mean "not delivered". */
	(void)sendto(from, "bypass?", 7, 0, (struct sockaddr *)&ss, len);
	if (poll(&p, 1, 1000) <= 0)
		return false;
	return recv(to, buf, sizeof(buf), MSG_DONTWAIT) == 7;
}

static void bypass_test(int family)
{
	enum { PORT = 7001, PORT_PLAIN = 7002, REQID = 999 };
	struct host *h[2] = { &west, &east };
	bool v4 = family == AF_INET;
	const char *fam = v4 ? "ipv4" : "ipv6";
	const char *w_addr = v4 ? west.outer4 : west.outer6;
	const char *e_addr = v4 ? east.outer4 : east.outer6;
	unsigned full = v4 ? 32 : 128;
	struct diag d;

	/* Both hosts require ESP with reqid 999, for which no SA exists, for
	 * UDP to ports 7001 and 7002 between them.  These selectors are more
	 * specific than the all-protocol transport policy installed before
	 * (which has SAs), so their priority must win over it. */
	for (int i = 0; i < 2; i++) {
		for (int dir = 0; dir < 2; dir++) {
			for (uint16_t port = PORT; port <= PORT_PLAIN; port++) {
				struct host *from = dir == 0 ? h[i] : h[1 - i];
				struct host *to = dir == 0 ? h[1 - i] : h[i];
				struct kernel_policy p = {
					.src = sel(v4 ? from->outer4 : from->outer6, full, IPPROTO_UDP, 0),
					.dst = sel(v4 ? to->outer4 : to->outer6, full, IPPROTO_UDP, port),
					.dir = dir == 0 ? KERNEL_POLICY_OUT : KERNEL_POLICY_IN,
					.action = KERNEL_POLICY_ALLOW, .ntemplates = 1,
					.templates = { { .proto = IPPROTO_ESP,
							 .mode = KERNEL_MODE_TRANSPORT,
							 .reqid = REQID } },
				};

				if (!ops->add_policy(h[i]->k, &p, false, &d))
					die("bypass policy: %s", d.msg);
			}
		}
	}

	int w_plain = udp_socket(&west, family, w_addr, 0, false);
	int w_bypass = udp_socket(&west, family, w_addr, 0, true);
	int e_bypass = udp_socket(&east, family, e_addr, PORT, true);
	int e_plain = udp_socket(&east, family, e_addr, PORT_PLAIN, false);
	unsigned acq_before = west.ev.acquires;

	check(!udp_delivered(family, w_plain, e_bypass, e_addr, PORT),
	      "%s bypass: a plain socket's UDP is held by the policy (no SA)", fam);
	bool acquired = wait_event(&west, &west.ev.acquires, acq_before + 1, 3000);
	const struct kernel_acquire *a = &west.ev.last_acquire;
	struct ip_address want_src = addr(w_addr), want_dst = addr(e_addr);

	check(acquired && a->reqid == REQID && a->ipproto == IPPROTO_UDP && a->dport == PORT &&
	      a->sport != 0 && a->policy_dir == KERNEL_POLICY_OUT &&
	      memcmp(&a->src, &want_src, sizeof(want_src)) == 0 &&
	      memcmp(&a->dst, &want_dst, sizeof(want_dst)) == 0,
	      "%s bypass: ACQUIRE received (reqid %u proto %u ports %u -> %u seq %u)", fam,
	      a->reqid, (unsigned)a->ipproto, (unsigned)a->sport, (unsigned)a->dport, a->seq);
	check(udp_delivered(family, w_bypass, e_bypass, e_addr, PORT),
	      "%s bypass: a bypassed socket reaches a bypassed socket in clear", fam);
	check(!udp_delivered(family, w_bypass, e_plain, e_addr, PORT_PLAIN),
	      "%s bypass: the clear packet is refused by a plain socket's inbound policy", fam);

	/* Answer the ACQUIRE as a daemon would: SAs for reqid 999, the
	 * outbound one carrying the ACQUIRE's seq.  The kernel's larval SA
	 * goes, and plain sockets now talk through ESP. */
	struct conn c = { .name = fam, .family = family, .mode = KERNEL_MODE_TRANSPORT,
			  .reqid = REQID, .replay = 32 };
	uint8_t key_we[36], key_ew[36];
	uint32_t acq_seq = a->seq;
	bool ok;

	random_key(key_we, sizeof(key_we));
	random_key(key_ew, sizeof(key_ew));
	ok = ops->alloc_spi(west.k, &want_dst, &want_src, IPPROTO_ESP, REQID, 0x1000, 0x7fffffff,
			    &c.spi_west_in, &d) &&
	     ops->alloc_spi(east.k, &want_src, &want_dst, IPPROTO_ESP, REQID, 0x1000, 0x7fffffff,
			    &c.spi_east_in, &d);
	if (ok) {
		struct kernel_sa w_out = esp_sa(&c, &west, &east, c.spi_east_in, key_we, KERNEL_SA_DIR_OUT);
		struct kernel_sa w_in = esp_sa(&c, &east, &west, c.spi_west_in, key_ew, KERNEL_SA_DIR_IN);
		struct kernel_sa e_out = esp_sa(&c, &east, &west, c.spi_west_in, key_ew, KERNEL_SA_DIR_OUT);
		struct kernel_sa e_in = esp_sa(&c, &west, &east, c.spi_east_in, key_we, KERNEL_SA_DIR_IN);

		w_out.acquire_seq = acq_seq;
		ok = ops->add_sa(west.k, &w_out, false, &d) && ops->add_sa(west.k, &w_in, true, &d) &&
		     ops->add_sa(east.k, &e_out, false, &d) && ops->add_sa(east.k, &e_in, true, &d);
	}
	secure_zero(key_we, sizeof(key_we));
	secure_zero(key_ew, sizeof(key_ew));
	check(ok, "%s acquire: SAs for reqid %u installed with seq %u%s%s", fam, REQID, acq_seq,
	      ok ? "" : ": ", ok ? "" : d.msg);
	check(count_lines("west", "state", "spi 0x00000000", NULL) == 0,
	      "%s acquire: the kernel's larval SA is gone", fam);
	check(udp_delivered(family, w_plain, e_plain, e_addr, PORT_PLAIN),
	      "%s acquire: a plain socket's UDP now passes, through ESP", fam);
	struct kernel_sa_counters cnt;
	struct kernel_said out = said_of(&c, &west, &east, c.spi_east_in);

	bool counted = ops->get_sa_counters(west.k, &out, &cnt, &d);

	check(counted && cnt.packets >= 1,
	      "%s acquire: the new outbound SA counted it (%llu packets)", fam,
	      (unsigned long long)cnt.packets);
	close(w_plain);
	close(w_bypass);
	close(e_bypass);
	close(e_plain);
}

/* ---- cleanup ---- */

/* How many lines of `ip xfrm OBJ` output in NS contain WORD but not
 * EXCEPT (NULL: no exception). */
static int count_lines(const char *ns, const char *obj, const char *word, const char *except)
{
	char cmd[128], line[512];
	int n = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ip -n %s xfrm %s", ns, obj);
	f = popen(cmd, "r");
	if (f == NULL)
		die("popen %s", cmd);
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, word) != NULL && (except == NULL || strstr(line, except) == NULL))
			n++;
	}
	pclose(f);
	return n;
}

static void journal_path(const struct host *h, char *buf, size_t len)
{
	snprintf(buf, len, "/run/xfrm-backend-test-%s.journal", h->name);
}

static void shutdown_and_check(struct host *h)
{
	struct kernel_cleanup_stats st;

	char journal[64];

	ops->shutdown(h->k, &st);
	h->k = NULL;
	journal_path(h, journal, sizeof(journal));
	check(access(journal, F_OK) != 0 && errno == ENOENT,
	      "%s: the install journal is gone after a clean shutdown", h->name);
	check(st.failures == 0 && st.sas_removed > 0 && st.policies_removed > 0,
	      "%s: shutdown removed %u SAs and %u policies (%u/%u already gone, %u failures)",
	      h->name, st.sas_removed, st.policies_removed, st.sas_gone, st.policies_gone,
	      st.failures);
	/* The script installed one SA (SPI 0xdead0001) and one policy
	 * (198.51.100.0/24 -> 203.0.113.0/24) before we started.  Larval
	 * SAs (SPI 0) the kernel made for the ACQUIRE are the kernel's and
	 * time out by themselves. */
	int sas = count_lines(h->name, "state", "proto esp spi 0x", "spi 0x00000000");
	int pols = count_lines(h->name, "policy", " priority ", NULL);

	check(sas == 1 && count_lines(h->name, "state", "spi 0xdead0001", NULL) == 1,
	      "%s: only the unrelated SA is left (%d SAs)", h->name, sas);
	check(pols == 1 &&
	      count_lines(h->name, "policy", "src 198.51.100.0/24 dst 203.0.113.0/24", NULL) == 1,
	      "%s: only the unrelated policy is left (%d policies)", h->name, pols);
	if (sas != 1 || pols != 1)
		run("ip -n %s xfrm state; ip -n %s xfrm policy", h->name, h->name);
}

/* ---- main ---- */

static void report_features(const struct kernel_features *f, const char *expect)
{
	const struct {
		const char *name;
		const struct kernel_feature *f;
	} list[] = {
		{ "sa_dir", &f->sa_dir },
		{ "unknown_spi", &f->unknown_spi },
		{ "pfp", &f->pfp },
		{ "activate_on_receipt", &f->activate_on_receipt },
	};

	for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
		bool want = expect != NULL && strstr(expect, list[i].name) != NULL;

		printf("feature %s: %s (%s)\n", list[i].name,
		       list[i].f->present ? "present" : "absent", list[i].f->reason);
		check(list[i].f->reason[0] != '\0', "probe %s gave a reason", list[i].name);
		if (expect != NULL)
			check(list[i].f->present == want, "probe %s reports %s as expected",
			      list[i].name, want ? "present" : "absent");
	}
}

static void open_host(struct host *h)
{
	char path[64], journal[64];
	h->ev.k = &h->k;
	struct kernel_init args = {
		.handlers = { .ctx = &h->ev, .acquire = on_acquire, .sa_expire = on_expire },
		.journal = journal,
	};
	struct kernel_cleanup_stats left;
	struct diag d;

	snprintf(path, sizeof(path), "/run/netns/%s", h->name);
	h->nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (h->nsfd < 0)
		die("open %s: %s", path, strerror(errno));
	journal_path(h, journal, sizeof(journal));
	enter(h);
	h->k = ops->init(&args, &left, &d);
	if (h->k == NULL)
		die("%s: backend init: %s", h->name, d.msg);
	check(left.sas_removed + left.policies_removed + left.failures == 0,
	      "%s: backend up, nothing left over to remove", h->name);
}

/*
 * A daemon that dies leaves its SAs and policies in the kernel.  A child
 * installs an SA pair and a policy in west and exits without cleaning up;
 * the next instance on the same journal must remove exactly those.
 */
static void crash_test(void)
{
	const char *journal = "/run/xfrm-backend-test-crash.journal";
	struct kernel_init args = { .journal = journal };
	struct kernel_cleanup_stats left, st;
	struct diag d;
	struct ip_address w = addr(west.outer4), e = addr(east.outer4);
	char spi_text[32];
	int status;
	pid_t pid;
	int pipefd[2];
	uint32_t spi = 0;

	enter(&west);
	if (pipe(pipefd) < 0)
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		uint8_t key[36];
		struct kernel *k = ops->init(&args, NULL, &d);
		struct conn c = { .family = AF_INET, .mode = KERNEL_MODE_TUNNEL, .reqid = 500,
				  .replay = 32 };

		if (k == NULL || !ops->alloc_spi(k, &e, &w, IPPROTO_ESP, 500, 0x1000, 0x7fffffff,
						 &spi, &d))
			_exit(2);
		random_key(key, sizeof(key));
		struct kernel_sa in = esp_sa(&c, &east, &west, spi, key, KERNEL_SA_DIR_IN);
		struct kernel_sa out = esp_sa(&c, &west, &east, spi + 1, key, KERNEL_SA_DIR_OUT);
		struct kernel_policy p = esp_policy(&c, &west, &east, KERNEL_POLICY_OUT);

		if (!ops->add_sa(k, &in, true, &d) || !ops->add_sa(k, &out, false, &d) ||
		    !ops->add_policy(k, &p, true, &d))
			_exit(3);
		if (write(pipefd[1], &spi, sizeof(spi)) != sizeof(spi))
			_exit(4);
		_exit(0);	/* "crash": no shutdown, no cleanup */
	}
	close(pipefd[1]);
	if (read(pipefd[0], &spi, sizeof(spi)) != sizeof(spi))
		spi = 0;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0 && spi != 0,
	      "crash: a dying instance installed 2 SAs and a policy (status %d)", status);
	snprintf(spi_text, sizeof(spi_text), "spi 0x%08x", spi);
	check(count_lines("west", "state", spi_text, NULL) == 1,
	      "crash: its SA is still in the kernel");

	struct kernel *k = ops->init(&args, &left, &d);

	if (k == NULL)
		die("crash: backend init: %s", d.msg);
	check(left.sas_removed == 2 && left.policies_removed == 1 && left.failures == 0,
	      "crash: the next instance removed its leftovers (%u SAs, %u policies, %u failures)",
	      left.sas_removed, left.policies_removed, left.failures);
	check(count_lines("west", "state", spi_text, NULL) == 0 &&
	      count_lines("west", "state", "spi 0xdead0001", NULL) == 1 &&
	      count_lines("west", "policy", "src 198.51.100.0/24 dst 203.0.113.0/24", NULL) == 1,
	      "crash: leftovers gone, the unrelated SA and policy kept");
	ops->shutdown(k, &st);
	check(access(journal, F_OK) != 0 && errno == ENOENT,
	      "crash: a clean shutdown leaves no journal behind");
}

/* UDP port 4500 sockets that decapsulate ESP-in-UDP, on both hosts. */
static int encap_socket(struct host *h)
{
	int fd = udp_socket(h, AF_INET, h->outer4, 4500, true);
	int type = UDP_ENCAP_ESPINUDP;

	if (setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) < 0)
		die("UDP_ENCAP: %s", strerror(errno));
	return fd;
}

int main(int argc, char **argv)
{
	const char *expect = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--expect-features") == 0 && i + 1 < argc)
			expect = argv[++i];
		else if (strcmp(argv[i], "--debug") == 0)
			log_set_debug(DBG_KERNEL);
		else
			die("usage: xfrm-backend-test [--expect-features none|NAME,...] [--debug]");
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	open_host(&west);
	open_host(&east);
	report_features(ops->features(west.k), expect);
	crash_test();

	int encap_w = encap_socket(&west), encap_e = encap_socket(&east);
	struct conn conns[] = {
		{ .name = "ipv4 tunnel (udp-encap)", .family = AF_INET, .mode = KERNEL_MODE_TUNNEL,
		  .reqid = 101, .replay = 32, .udp_encap = true },
		{ .name = "ipv6 tunnel (esn)", .family = AF_INET6, .mode = KERNEL_MODE_TUNNEL,
		  .reqid = 102, .esn = true, .replay = 128 },
		{ .name = "ipv4 transport", .family = AF_INET, .mode = KERNEL_MODE_TRANSPORT,
		  .reqid = 103, .replay = 32 },
		{ .name = "ipv6 transport", .family = AF_INET6, .mode = KERNEL_MODE_TRANSPORT,
		  .reqid = 104, .replay = 32, .soft_packets = 2 },
	};

	for (size_t i = 0; i < sizeof(conns) / sizeof(conns[0]); i++) {
		if (install(&conns[i]))
			ping_and_count(&conns[i]);
	}
	remove_conn(&conns[0]);
	close(encap_w);
	close(encap_e);

	/* West's IPv6 transport SA had a soft limit of 2 packets. */
	bool expired = wait_event(&west, &west.ev.soft_expires, 1, 3000);

	check(expired && west.ev.expire_counters_ok && west.ev.expire_packets >= 2,
	      "the EXPIRE handler read the SA's counters (%llu packets)",
	      (unsigned long long)west.ev.expire_packets);
	check(expired && west.ev.last_expire.spi == conns[3].spi_east_in && !west.ev.last_expire.hard,
	      "soft EXPIRE for SPI 0x%08x received", conns[3].spi_east_in);

	bypass_test(AF_INET);
	bypass_test(AF_INET6);

	shutdown_and_check(&west);
	shutdown_and_check(&east);
	printf("%s: %d failure%s\n", failures == 0 ? "PASS" : "FAIL", failures,
	       failures == 1 ? "" : "s");
	return failures == 0 ? 0 : 1;
}
