/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the kernel selftests in testing/kernel/: check
 * reporting, XFRM netlink requests on libmnl, /proc/net/xfrm_stat
 * counters, network namespaces.  The selftests run as root inside the
 * UML guest (testing/kernel/run-selftests), never on the build host.
 */
#ifndef XSWAN_SELFTEST_H
#define XSWAN_SELFTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>

/* Netlink buffers: fixed, larger than any message the tests expect. */
#define NL_BUF_SIZE 16384

/* One check: prints "ok - what" or "not ok - what", remembers failures. */
bool check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Exit status for the whole program: 0 if every check passed. */
int checks_done(void);
/* Give up: the environment is broken, not the behaviour under test. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Run a shell command (setup only); fatal if it fails. */
void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Switch this thread to the named network namespace (/run/netns/NAME). */
void netns_enter(const char *name);

/* A counter from /proc/self/net/xfrm_stat of the current namespace, or -1
 * if this kernel does not have it. */
long long xfrm_stat(const char *name);

/* Poll a counter until it reaches AT_LEAST or TIMEOUT_MS pass; returns
 * the last value read. */
long long xfrm_stat_wait(const char *name, long long at_least, int timeout_ms);

/* Write VALUE to /proc/sys/PATH; false if the file is missing. */
bool sysctl_write(const char *path, const char *value);

/* Milliseconds on a monotonic clock. */
long long now_ms(void);

/* Start "ping -c COUNT -i INTERVAL DST" in namespace NS in the
 * background, its output to LOG; ping_finish() waits for it and reads
 * the summary (-1 each if there is none). */
pid_t ping_start(const char *ns, const char *dst, int count, const char *interval,
		 const char *log);
void ping_finish(pid_t pid, const char *log, int *transmitted, int *received);

/* An XFRM netlink socket in the current namespace. */
struct mnl_socket *xfrm_open(void);

/* Send one request and wait for its answer.  Returns 0 on success or
 * -errno from the kernel's NLMSG_ERROR.  If REPLY is given, the first
 * non-error message of the answer is copied there (REPLY_LEN bytes max). */
int xfrm_request(struct mnl_socket *nl, struct nlmsghdr *nlh,
		 void *reply, size_t reply_len);

/* Called once per message of a dump or of a notification. */
typedef void (*xfrm_msg_cb)(const struct nlmsghdr *nlh, void *data);

/* Send a dump request of TYPE (no payload) and pass every answer to CB.
 * Returns the number of messages, or -errno from the kernel. */
int xfrm_dump(struct mnl_socket *nl, uint16_t type, xfrm_msg_cb cb, void *data);

/* xfrm_dump() of a request the caller built (NLMSG header with TYPE,
 * payload, attributes such as a filter); flags and sequence are set here. */
int xfrm_dump_msg(struct mnl_socket *nl, struct nlmsghdr *req, xfrm_msg_cb cb, void *data);

/* An XFRM netlink socket in the current namespace that listens on the
 * multicast GROUP (XFRMNLGRP_*). */
struct mnl_socket *xfrm_listen(unsigned int group);

/* Pass each message queued on the listener NL to CB until CB's DONE flag
 * (*done) is true or TIMEOUT_MS pass; with TIMEOUT_MS 0 it only drains
 * what is queued.  Returns the number of messages seen. */
int xfrm_listen_until(struct mnl_socket *nl, int timeout_ms, xfrm_msg_cb cb,
		      void *data, const bool *done);

/* The attribute TYPE in an XFRM message whose fixed header is HDR_LEN
 * bytes, or NULL. */
const struct nlattr *xfrm_attr(const struct nlmsghdr *nlh, size_t hdr_len,
			       uint16_t type);

/* ---- Building XFRM requests (ESP) ----
 * Addresses are strings, IPv4 or IPv6 (those with a ':'); an SA, a
 * template or a selector takes the family of its destination. */

/* AF_INET6 if ADDR has a ':', else AF_INET. */
int addr_family(const char *addr);

/* ADDR into A (zero-filled); returns its family, fatal if it is not an
 * address. */
int xfrm_addr_parse(xfrm_address_t *a, const char *addr);

/* Every limit of LFT infinite: what a daemon installs. */
void xfrm_lft_infinite(struct xfrm_lifetime_cfg *lft);

/* A selector SRC/PREFIXLEN -> DST/PREFIXLEN for PROTO (0 = any), of
 * DST's family (the name is older than IPv6 support). */
void xfrm_selector_v4(struct xfrm_selector *sel, const char *src, const char *dst,
		      uint8_t prefixlen, uint8_t proto);

/* An ESP SA between two addresses with AES-GCM (rfc4106, 160-bit
 * key whose every byte is KEY_BYTE, 128-bit ICV) and infinite lifetimes. */
struct sa_spec {
	const char *src, *dst;
	uint32_t spi;
	uint8_t mode;		/* XFRM_MODE_* */
	uint32_t reqid;
	uint8_t replay_window;
	uint8_t key_byte;
};

/* A NEWSA/UPDSA message of TYPE for S in BUF (NL_BUF_SIZE bytes), with
 * its XFRMA_ALG_AEAD; add attributes, then xfrm_request() it. */
struct nlmsghdr *xfrm_sa_msg(char *buf, uint16_t type, const struct sa_spec *s);

/* xfrm_sa_msg() without the algorithm, for tests that want others. */
struct nlmsghdr *xfrm_sa_msg_noalg(char *buf, uint16_t type, const struct sa_spec *s);

/* xfrm_sa_msg() sent as is: 0 or -errno. */
int xfrm_sa_put(struct mnl_socket *nl, uint16_t type, const struct sa_spec *s);

/* A message of TYPE (GETSA, DELSA) naming the ESP SA (DST, SPI) in BUF. */
struct nlmsghdr *xfrm_sa_id_msg(char *buf, uint16_t type, const char *dst, uint32_t spi);

/* GETSA of (DST, SPI) into REPLY: 0, -errno, or -EPROTO if the answer is
 * not a whole XFRM_MSG_NEWSA. */
int xfrm_sa_get(struct mnl_socket *nl, const char *dst, uint32_t spi,
		void *reply, size_t reply_len);

/* DELSA of (DST, SPI): 0 or -errno. */
int xfrm_sa_del(struct mnl_socket *nl, const char *dst, uint32_t spi);

/* A policy SEL_SRC/PREFIXLEN -> SEL_DST/PREFIXLEN (PROTO, 0 = any)
 * in direction DIR, priority 1000, allowing, with one ESP template
 * TMPL_SRC -> TMPL_DST in MODE for REQID. */
struct policy_spec {
	const char *sel_src, *sel_dst;
	uint8_t prefixlen;
	uint8_t proto;
	uint8_t dir;		/* XFRM_POLICY_* */
	const char *tmpl_src, *tmpl_dst;
	uint8_t mode;		/* XFRM_MODE_* */
	uint32_t reqid;
};

/* A NEWPOLICY/UPDPOLICY message of TYPE for P in BUF with its
 * XFRMA_TMPL; add attributes (or change the header through
 * mnl_nlmsg_get_payload()), then xfrm_request() it. */
struct nlmsghdr *xfrm_policy_msg(char *buf, uint16_t type, const struct policy_spec *p);

/* xfrm_policy_msg() sent as is: 0 or -errno. */
int xfrm_policy_put(struct mnl_socket *nl, uint16_t type, const struct policy_spec *p);

/* Copy the payload (SIZE bytes) of every message of TYPE that arrives on
 * the listener NL within TIMEOUT_MS (0: only what is queued now) into
 * OUT[0..MAX-1], stopping after the first if FIRST_ONLY.  A message too
 * short is a failed check "NAME too short (LEN)" if NAME is given,
 * otherwise skipped.  Returns how many arrived (may exceed MAX). */
int xfrm_collect(struct mnl_socket *nl, uint16_t type, const char *name,
		 void *out, size_t size, int max, int timeout_ms, bool first_only);

/* ---- Namespaces, sockets, packets ---- */

/* Move this process into a fresh network namespace with lo up. */
void netns_private(void);

/* netns_private(), plus dummy0 holding 10.1.0.1/16 and a route through
 * it for each prefix of ROUTES (NULL-terminated): traffic to them meets
 * the outbound policies without leaving the namespace. */
void netns_private_dummy(const char *const routes[]);

/* Fresh namespaces NS_A and NS_B (stale ones of the name are removed)
 * joined by a veth pair, "va" in NS_A and "vb" in NS_B, all links up. */
void netns_veth_pair(const char *ns_a, const char *ns_b);

/* Add address CIDR to DEV in namespace NS (IPv6 without DAD). */
void netns_addr(const char *ns, const char *dev, const char *cidr);

/* netns_veth_pair() with ADDR_A/24 on va and ADDR_B/24 on vb, and an
 * outbound ESP transport policy (ip xfrm, REQID) each way between them. */
void netns_veth_esp_pair(const char *ns_a, const char *addr_a, const char *ns_b,
			 const char *addr_b, uint32_t reqid);

/* Remove the namespaces of netns_veth_pair(). */
void netns_veth_pair_del(const char *ns_a, const char *ns_b);

/* ADDR:PORT (IPv4 or IPv6) into SS; returns the length to pass with it;
 * fatal if ADDR is not an address. */
socklen_t sockaddr_parse(struct sockaddr_storage *ss, const char *addr, uint16_t port);

/* A UDP socket of ADDR's family bound to ADDR:PORT (NULL = IPv4 any,
 * "::" = IPv6 any); fatal on failure. */
int udp_socket_bound(const char *addr, uint16_t port);

/* One byte from FD to DST (IPv4 or IPv6) port 9, result ignored: the
 * route lookup is what matters (it triggers, or not, an acquire). */
void udp_poke(int fd, const char *dst);

/* WORDS 32-bit words of junk ESP: SPI and sequence number first. */
void esp_packet_fill(uint32_t *pkt, size_t words, uint32_t spi, uint32_t seq);

#endif
