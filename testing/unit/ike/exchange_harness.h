/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Two IKE ends in one process (the idea of strongSwan's libcharon
 * exchange tests): "west" and "east" each have an ike_env whose send()
 * puts the datagram on an in-memory queue, a mock kernel ops struct that
 * records SAs and policies, and one connection.  The connection layer
 * is replaced by the few functions the exchanges call.
 */
#ifndef XSWAN_TEST_EXCHANGE_HARNESS_H
#define XSWAN_TEST_EXCHANGE_HARNESS_H

#include "connections.h"
#include "ikev2.h"
#include "kernel.h"

#define MOCK_MAX_SAS 512	/* testing/bench/tunnel-heap brings up hundreds */
#define MOCK_MAX_POLICIES 64

struct kernel {
	uint32_t next_spi;
	struct mock_sa {
		bool used, larval;
		struct ip_address src, dst;
		uint32_t spi;
		struct kernel_sa sa;	/* keys not kept */
	} sas[MOCK_MAX_SAS];
	struct mock_policy {
		bool used;
		struct kernel_policy p;
	} policies[MOCK_MAX_POLICIES];
	unsigned add_sa_calls, del_sa_calls;
	unsigned spi_unused_calls;	/* SPIs chosen without ALLOCSPI */
	unsigned spis_taken;		/* spi_unused says "taken" this often */
	unsigned updates_in_place;	/* UPDSA of a valid (not larval) SA */
	unsigned batch_calls;		/* add_batch */
	bool fail_add_sa, fail_add_policy;
	/* What features() answers (activate-on-receipt tests set one). */
	struct kernel_features features;
};

struct side {
	const char *name;
	struct ike_env env;
	struct kernel kernel;
	struct connection conn;
	struct conn_config cfg;
	struct ip_address addr;
	char psk[64];
	bool accept;		/* connection_find_for_responder answers */
	/* Every datagram this side sent (most recent last). */
	unsigned sent;
};

extern struct side west, east;
extern const struct kernel_ops mock_kernel_ops;

/* Set both sides up: west 192.0.2.1 (192.0.1.0/24), east 192.0.2.2
 * (192.0.3.0/24), the same PSK, ike=/esp= defaults. */
void harness_setup(void);
void harness_teardown(void);
/* ike= / esp= for one side (NULL: defaults); false on a parse error. */
bool side_set_proposals(struct side *s, const char *ike, const char *esp);
/* West initiates its connection: the new IKE SA.  A failure is a bug in
 * the test or the code: it is printed and the test program aborts, which
 * the unit runner reports as a failure. */
struct ike_sa *harness_initiate(void);
/* Deliver queued datagrams until the queue is empty or MAX were
 * delivered; returns how many. */
unsigned pump(unsigned max);
/* Drop the next queued datagram (simulates loss); false when none. */
bool drop_next(void);
/* The next queued datagram travels between PORT and PORT instead
 * (a peer that moves IKE to 4500 on its own, as MOBIKE does). */
void retarget_next(uint16_t port);
/* The last datagram SIDE sent, re-sent (simulates a retransmit). */
void resend_last(struct side *s);
unsigned queue_len(void);

/* The link in one turn of harness_turn(): deliver up to this many queued
 * datagrams (a count), or none, or drop them all (the peer is dead). */
#define LINK_HOLD 0
#define LINK_DEAD (-1)
struct event_base;
/* One turn of BASE's loop without waiting (timers due fire), then the
 * link: LINK is a datagram count, LINK_HOLD or LINK_DEAD. */
void harness_turn(struct event_base *base, int link);
/* Turns until DONE() holds (NULL: never) or MAX_MS pass; whether it holds. */
bool harness_run_until(struct event_base *base, bool (*done)(void), int link, uint64_t max_ms);
/* How early a timer that is on time can look to clock_mono_ms(): libevent
 * runs timers on CLOCK_MONOTONIC_COARSE (a precise timer would cost a
 * timerfd_settime() per loop turn, a system call under UML), which trails
 * CLOCK_MONOTONIC by up to one tick, plus a millisecond of truncation.
 * Checks that a timer did not fire early allow this much. */
uint64_t harness_timer_slack_ms(void);
/* Deliver raw bytes to SIDE as if from the other side. */
void inject(struct side *to, const uint8_t *bytes, size_t len);

/* Deliver raw bytes to SIDE as if from FROM:PORT (a spoofed source). */
void inject_from(struct side *to, const struct ip_address *from, uint16_t from_port,
		 const uint8_t *bytes, size_t len);
/* The last datagram SIDE sent (NULL when none); valid until the next. */
bool last_sent_by(const struct side *s, const uint8_t **bytes, size_t *len);

/* Calls of the connection layer's hooks since harness_setup(). */
extern unsigned updown_up_calls, updown_down_calls, state_gone_calls;

unsigned mock_sa_count(const struct kernel *k, bool larval);
unsigned mock_policy_count(const struct kernel *k);
struct ike_sa *side_ike(struct side *s);	/* its only IKE SA, or NULL */
unsigned side_ike_count(struct side *s);

#endif
