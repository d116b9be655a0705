/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xfrm-backend-test: what its three files share (see xfrm-backend-test.c).
 */
#ifndef XFRM_BACKEND_TEST_H
#define XFRM_BACKEND_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

#ifndef UDP_ENCAP
#define UDP_ENCAP 100
#endif
#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

/* ---- the two hosts ---- */

struct events {
	struct kernel **k;	/* the instance, for calls from inside a handler */
	bool expire_counters_ok;
	uint64_t expire_packets;
	unsigned acquires, soft_expires, hard_expires, mappings;
	struct kernel_mapping last_mapping;
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

extern struct host west, east;
extern const struct kernel_ops *ops;

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

/* xfrm-backend-test.c: reporting and helpers */
void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
bool run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void enter(const struct host *h);
struct ip_address addr(const char *s);
struct ip_selector sel(const char *s, unsigned prefix, uint8_t proto, uint16_t port);
bool wait_event(struct host *h, const unsigned *counter, unsigned want, int timeout_ms);
int count_lines(const char *ns, const char *obj, const char *word, const char *except);
void journal_path(const struct host *h, char *buf, size_t len);

/* xfrm-backend-esp.c: ESP connections */
void random_key(uint8_t *k, size_t n);
struct kernel_sa esp_sa(const struct conn *c, const struct host *from,
			const struct host *to, uint32_t spi, const uint8_t *key,
			enum kernel_sa_dir dir);
struct kernel_policy esp_policy(const struct conn *c, const struct host *from,
				const struct host *to, enum kernel_policy_dir dir);
struct kernel_said said_of(const struct conn *c, const struct host *from,
			   const struct host *to, uint32_t spi);
bool install(struct conn *c);
void ping_and_count(struct conn *c);
void remove_conn(struct conn *c);

/* xfrm-backend-sockets.c: sockets, bypass, ACQUIRE, crash */
int udp_socket(struct host *h, int family, const char *a, uint16_t port, bool bypass);
bool udp_delivered(int family, int from, int to, const char *dst, uint16_t port);
int encap_socket(struct host *h);
void bypass_test(int family);
/* add_batch: one exchange for a Child SA; a refused batch undone. */
void batch_test(void);
void crash_test(void);

#endif
