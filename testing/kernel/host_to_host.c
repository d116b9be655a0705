/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for host-to-host route-based IPsec (kernel/patches, "xfrm:
 * host-to-host route-based IPsec on VTI and xfrm interfaces").
 *
 * Two namespaces joined by a veth pair: "a" (192.0.2.1, fd00:6b::1) and
 * "b" (192.0.2.2, fd00:6b::2).  "b" protects its traffic with plain
 * policy-based IPsec; "a" routes the peer's own address (/32, /128)
 * into a route-based tunnel whose underlying device is the veth: VTI,
 * ip6_vti and an XFRM interface, each with tunnel-mode and with
 * transport-mode states.  For every case a ping from "a" to "b" must
 * be answered, the tunnel device must count the packets both ways, the
 * states in "a" must count them, and the ping must make the tunnel count
 * no routing loop (collisions) and no refused state (tx_carrier_errors).
 * An unpatched 6.1 kernel drops every case: tunnel mode as a routing
 * loop, transport mode on VTI as a refused state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "selftest.h"

#define NS_A	"xs-h2h-a"
#define NS_B	"xs-h2h-b"
#define A4	"192.0.2.1"
#define B4	"192.0.2.2"
#define A6	"fd00:6b::1"
#define B6	"fd00:6b::2"
#define KEY_AB	"0x1111111111111111111111111111111111111111"
#define KEY_BA	"0x2222222222222222222222222222222222222222"
#define PINGS	3

/* One way of building the tunnel in "a". */
struct tunnel_kind {
	const char *name;	/* what the checks print */
	const char *dev;	/* the device's name in "a" */
	bool ipv6;
	/* "ip link add" arguments after the device name */
	const char *link_args;
	/* how states and policies in "a" name the tunnel */
	const char *xfrm_tag;
};

static const struct tunnel_kind kinds[] = {
	{ "VTI", "vti4h", false,
	  "type vti local " A4 " remote " B4 " key 42 dev va", "mark 42" },
	{ "ip6_vti", "vti6h", true,
	  "type vti6 local " A6 " remote " B6 " key 43 dev va", "mark 43" },
	{ "XFRM interface (IPv4)", "xfrm4h", false,
	  "type xfrm dev va if_id 44", "if_id 44" },
	{ "XFRM interface (IPv6)", "xfrm6h", true,
	  "type xfrm dev va if_id 45", "if_id 45" },
};

static const char *const modes[] = { "tunnel", "transport" };

/* Run a shell command; true if it exited with status 0. */
static bool try_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool try_run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int n, status;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(cmd))
		fatal("command too long");
	status = system(cmd);
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The number a shell command prints, or -1. */
static long long read_number(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long read_number(const char *fmt, ...)
{
	char cmd[1024], out[64];
	long long value = -1;
	va_list ap;
	FILE *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(cmd))
		fatal("command too long");
	p = popen(cmd, "r");
	if (p == NULL)
		fatal("popen '%s'", cmd);
	if (fgets(out, sizeof(out), p) != NULL && sscanf(out, "%lld", &value) != 1)
		value = -1;
	pclose(p);
	return value;
}

static long long dev_stat(const char *dev, const char *counter)
{
	return read_number("ip netns exec " NS_A " cat /sys/class/net/%s/statistics/%s 2>/dev/null",
			   dev, counter);
}

/* Packets the state with this SPI in "a" has processed. */
static long long sa_packets(unsigned int spi)
{
	return read_number("ip -n " NS_A " -s xfrm state list spi 0x%x | "
			   "sed -n 's/.*(bytes), \\([0-9]*\\)(packets).*/\\1/p'", spi);
}

static void setup_namespaces(void)
{
	try_run("ip netns del " NS_A " 2>/dev/null; ip netns del " NS_B " 2>/dev/null");
	run("ip netns add " NS_A " && ip netns add " NS_B);
	run("ip link add va netns " NS_A " type veth peer name vb netns " NS_B);
	run("ip -n " NS_A " link set lo up && ip -n " NS_B " link set lo up");
	run("ip -n " NS_A " addr add " A4 "/24 dev va && ip -n " NS_A " addr add " A6 "/64 dev va nodad");
	run("ip -n " NS_B " addr add " B4 "/24 dev vb && ip -n " NS_B " addr add " B6 "/64 dev vb nodad");
	run("ip -n " NS_A " link set va up && ip -n " NS_B " link set vb up");
	/* The plain path works before any IPsec. */
	run("ip netns exec " NS_A " ping -q -c 1 -W 2 " B4 " > /dev/null");
	run("ip netns exec " NS_A " ping -q -c 1 -W 2 " B6 " > /dev/null");
}

/* Both directions' states and policies in both namespaces. */
static void setup_ipsec(const struct tunnel_kind *k, const char *mode,
			unsigned int spi_ab, unsigned int spi_ba)
{
	const char *a = k->ipv6 ? A6 : A4, *b = k->ipv6 ? B6 : B4;
	const char *plen = k->ipv6 ? "128" : "32";
	const char *aead = "aead 'rfc4106(gcm(aes))'";

	/* "b": policy-based. */
	run("ip -n " NS_B " xfrm state add src %s dst %s proto esp spi 0x%x mode %s %s " KEY_AB " 128",
	    a, b, spi_ab, mode, aead);
	run("ip -n " NS_B " xfrm state add src %s dst %s proto esp spi 0x%x mode %s %s " KEY_BA " 128",
	    b, a, spi_ba, mode, aead);
	run("ip -n " NS_B " xfrm policy add src %s/%s dst %s/%s dir out tmpl src %s dst %s proto esp mode %s",
	    b, plen, a, plen, b, a, mode);
	run("ip -n " NS_B " xfrm policy add src %s/%s dst %s/%s dir in tmpl src %s dst %s proto esp mode %s",
	    a, plen, b, plen, a, b, mode);

	/* "a": route-based, the peer's own address routed into the tunnel. */
	run("ip -n " NS_A " link add %s %s", k->dev, k->link_args);
	/* No IPv6 link-local address: no router solicitation or MLD report
	 * of the device's own can pass for the ping's traffic. */
	run("ip -n " NS_A " link set %s addrgenmode none", k->dev);
	run("ip -n " NS_A " link set %s up", k->dev);
	run("ip -n " NS_A " route add %s/%s dev %s", b, plen, k->dev);
	run("ip -n " NS_A " xfrm state add src %s dst %s proto esp spi 0x%x mode %s %s %s " KEY_AB " 128",
	    a, b, spi_ab, mode, k->xfrm_tag, aead);
	run("ip -n " NS_A " xfrm state add src %s dst %s proto esp spi 0x%x mode %s %s %s " KEY_BA " 128",
	    b, a, spi_ba, mode, k->xfrm_tag, aead);
	run("ip -n " NS_A " xfrm policy add src %s/%s dst %s/%s dir out %s tmpl src %s dst %s proto esp mode %s",
	    a, plen, b, plen, k->xfrm_tag, a, b, mode);
	run("ip -n " NS_A " xfrm policy add src %s/%s dst %s/%s dir in %s tmpl src %s dst %s proto esp mode %s",
	    b, plen, a, plen, k->xfrm_tag, b, a, mode);
}

static void teardown_ipsec(const struct tunnel_kind *k)
{
	run("ip -n " NS_A " link del %s", k->dev);
	run("ip -n " NS_A " xfrm state flush && ip -n " NS_A " xfrm policy flush");
	run("ip -n " NS_B " xfrm state flush && ip -n " NS_B " xfrm policy flush");
}

static void one_case(const struct tunnel_kind *k, const char *mode,
		     unsigned int spi_ab, unsigned int spi_ba)
{
	const char *b = k->ipv6 ? B6 : B4;
	long long loops, refused, tx, rx, out, in;
	bool answered;

	setup_ipsec(k, mode, spi_ab, spi_ba);
	/* Only what the ping does counts: IPv6 router solicitations and
	 * MLD reports the device sends on its own have no state. */
	loops = dev_stat(k->dev, "collisions");
	refused = dev_stat(k->dev, "tx_carrier_errors");
	answered = try_run("ip netns exec " NS_A " ping -q -c %d -i 0.2 -W 1 %s > /dev/null",
			   PINGS, b);
	loops = dev_stat(k->dev, "collisions") - loops;
	refused = dev_stat(k->dev, "tx_carrier_errors") - refused;
	tx = dev_stat(k->dev, "tx_packets");
	rx = dev_stat(k->dev, "rx_packets");
	out = sa_packets(spi_ab);
	in = sa_packets(spi_ba);

	check(answered, "%s, %s mode: host-to-host ping %s is answered", k->name, mode, b);
	check(tx >= PINGS, "%s, %s mode: the tunnel sent %d packets (tx_packets %lld)",
	      k->name, mode, PINGS, tx);
	check(rx >= PINGS, "%s, %s mode: the tunnel received %d packets (rx_packets %lld)",
	      k->name, mode, PINGS, rx);
	check(out >= PINGS, "%s, %s mode: the outbound state counts %d packets (%lld)",
	      k->name, mode, PINGS, out);
	check(in >= PINGS, "%s, %s mode: the inbound state counts %d packets (%lld)",
	      k->name, mode, PINGS, in);
	check(loops == 0 && refused == 0,
	      "%s, %s mode: no routing loop, no refused state (collisions +%lld, tx_carrier_errors +%lld)",
	      k->name, mode, loops, refused);
	teardown_ipsec(k);
}

int main(void)
{
	unsigned int spi = 0x1000;
	size_t i, m;

	setup_namespaces();
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			one_case(&kinds[i], modes[m], spi, spi + 1);
			spi += 2;
		}
	}
	try_run("ip netns del " NS_A "; ip netns del " NS_B);
	return checks_done();
}
