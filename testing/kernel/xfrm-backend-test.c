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
 *  - a soft EXPIRE after a packet limit (and the backend re-entered from
 *    the handler); a NAT MAPPING change on a UDP-encapsulated SA;
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
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "xfrm-backend-test.h"

static int failures;

/*
 * --stable: passing lines lose their trailing "(details)" (SPIs, ports,
 * byte counts, times), so the output can be a scenario's expected
 * console without sanitizing.  A failing line keeps everything.
 */
static bool stable;

static void strip_details(char *line)
{
	size_t n = strlen(line);
	int depth = 0;

	if (n == 0 || line[n - 1] != ')')
		return;
	for (size_t i = n; i-- > 0;) {
		if (line[i] == ')')
			depth++;
		else if (line[i] == '(' && --depth == 0) {
			if (i > 0 && line[i - 1] == ' ')
				line[i - 1] = '\0';
			return;
		}
	}
}

void check(bool ok, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (ok && stable)
		strip_details(line);
	printf("%s %s\n", ok ? "ok  " : "FAIL", line);
	fflush(stdout);
	if (!ok)
		failures++;
}

void die(const char *fmt, ...)
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

struct host west = {
	.name = "west", .outer4 = "192.1.2.45", .outer6 = "2001:db8:1:2::45",
	.inner4 = "192.0.1.254", .inner6 = "2001:db8:0:1::254",
	.net4 = "192.0.1.0", .net6 = "2001:db8:0:1::",
};
struct host east = {
	.name = "east", .outer4 = "192.1.2.23", .outer6 = "2001:db8:1:2::23",
	.inner4 = "192.0.2.254", .inner6 = "2001:db8:0:2::254",
	.net4 = "192.0.2.0", .net6 = "2001:db8:0:2::",
};

const struct kernel_ops *ops = &kernel_xfrm_ops;

void enter(const struct host *h)
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

static void on_mapping(void *ctx, const struct kernel_mapping *m)
{
	struct events *e = ctx;

	e->mappings++;
	e->last_mapping = *m;
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

struct ip_address addr(const char *s)
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

struct ip_selector sel(const char *s, unsigned prefix, uint8_t proto, uint16_t port)
{
	struct ip_selector x = { .subnet = { .addr = addr(s), .prefix_len = (uint8_t)prefix } };

	x.ipproto = proto;
	x.port = port;
	return x;
}

/* Wait until H's event socket has something, then let the backend read it;
 * true when COND became true within the timeout. */
bool wait_event(struct host *h, const unsigned *counter, unsigned want, int timeout_ms)
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

bool run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd) == 0;
}

/* ---- cleanup ---- */

/* How many lines of `ip xfrm OBJ` output in NS contain WORD but not
 * EXCEPT (NULL: no exception). */
int count_lines(const char *ns, const char *obj, const char *word, const char *except)
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

void journal_path(const struct host *h, char *buf, size_t len)
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
		.handlers = { .ctx = &h->ev, .acquire = on_acquire, .sa_expire = on_expire,
			      .mapping = on_mapping },
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

int main(int argc, char **argv)
{
	const char *expect = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--expect-features") == 0 && i + 1 < argc)
			expect = argv[++i];
		else if (strcmp(argv[i], "--stable") == 0)
			stable = true;
		else if (strcmp(argv[i], "--debug") == 0)
			log_set_debug(DBG_KERNEL);
		else
			die("usage: xfrm-backend-test [--expect-features none|NAME,...] [--stable] [--debug]");
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
	/* East's inbound UDP-encapsulated SA was told the peer sends from
	 * port 4501; ESP arrived from 4500, so the kernel reports a NAT
	 * mapping change. */
	bool mapped = wait_event(&east, &east.ev.mappings, 1, 3000);
	const struct kernel_mapping *m = &east.ev.last_mapping;
	struct ip_address west4 = addr(west.outer4);

	check(mapped && m->spi == conns[0].spi_east_in && m->proto == IPPROTO_ESP &&
	      m->old_port == 4501 && m->new_port == 4500 &&
	      memcmp(&m->new_addr, &west4, sizeof(west4)) == 0,
	      "NAT MAPPING received (SPI 0x%08x port %u -> %u)", m->spi,
	      (unsigned)m->old_port, (unsigned)m->new_port);
	remove_conn(&conns[0]);
	close(encap_w);
	close(encap_e);

	/* West's IPv6 transport SA had a soft limit of 2 packets. */
	bool expired = wait_event(&west, &west.ev.soft_expires, 1, 3000);

	check(expired && west.ev.expire_counters_ok && west.ev.expire_packets >= 2,
	      "the EXPIRE handler read the SA's counters (%llu packets)",
	      (unsigned long long)west.ev.expire_packets);
	check(expired && west.ev.last_expire.spi == conns[3].spi_east_in && !west.ev.last_expire.hard,
	      "soft EXPIRE received (SPI 0x%08x)", conns[3].spi_east_in);

	bypass_test(AF_INET);
	bypass_test(AF_INET6);
	batch_test();

	shutdown_and_check(&west);
	shutdown_and_check(&east);
	printf("%s: %d failure%s\n", failures == 0 ? "PASS" : "FAIL", failures,
	       failures == 1 ? "" : "s");
	return failures == 0 ? 0 : 1;
}
