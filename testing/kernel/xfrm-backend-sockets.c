/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xfrm-backend-test: per-socket bypass against a policy that has no SA,
 * the ACQUIRE it raises and the SAs that answer it, UDP-encapsulation
 * sockets, and recovery after a crashed instance.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bytes.h"
#include "xfrm-backend-test.h"

/* ---- bypass and ACQUIRE ---- */

int count_lines(const char *ns, const char *obj, const char *word, const char *except);

int udp_socket(struct host *h, int family, const char *a, uint16_t port, bool bypass)
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

bool udp_delivered(int family, int from, int to, const char *dst, uint16_t port)
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

void bypass_test(int family)
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
	check(ok, "%s acquire: SAs for reqid %u installed (seq %u)%s%s", fam, REQID, acq_seq,
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

/* UDP port 4500 sockets that decapsulate ESP-in-UDP, on both hosts. */
int encap_socket(struct host *h)
{
	int fd = udp_socket(h, AF_INET, h->outer4, 4500, true);
	int type = UDP_ENCAP_ESPINUDP;

	if (setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) < 0)
		die("UDP_ENCAP: %s", strerror(errno));
	return fd;
}

/*
 * A daemon that dies leaves its SAs and policies in the kernel.  A child
 * installs an SA pair and a policy in west and exits without cleaning up;
 * the next instance on the same journal must remove exactly those.
 */
void crash_test(void)
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
