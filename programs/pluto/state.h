/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE SAs and Child SAs: pluto's "states".
 *
 * Both kinds share one serial-number counter (#1, #2, ...), as Libreswan's
 * states do, so log lines and `ipsec showstates` name them the same way.
 * An IKE SA owns its Child SAs (a list); deleting the IKE SA deletes them.
 * All states live on one list in creation order (status output), and IKE
 * SAs are also found by their SPI pair (demux).
 *
 * The environment an SA runs in (event loop, kernel backend, how packets
 * leave) is a `struct ike_env`, so unit tests can run two ends in one
 * process over an in-memory queue with a mock kernel.
 */
#ifndef PLUTO_STATE_H
#define PLUTO_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "diag.h"
#include "ip_address.h"
#include "id.h"
#include "crypto/dh.h"
#include "crypto/prf.h"
#include "crypto/proposal.h"
#include "kernel.h"

struct connection;
struct kernel;
struct kernel_ops;
struct iface_udp;
struct whack_ctx;
struct event_base;
struct event;

typedef unsigned long so_serial_t;	/* 0: none */

enum sa_role {
	SA_ROLE_INITIATOR = 1,	/* of the IKE SA (the IKE_SA_INIT initiator) */
	SA_ROLE_RESPONDER = 2,
};

/*
 * IKE SA states, with Libreswan 4.x's names (showstates prints them).
 */
enum ike_sa_state {
	IKE_STATE_PARENT_I0 = 0,	/* STATE_V2_PARENT_I0: nothing sent yet */
	IKE_STATE_PARENT_I1,		/* STATE_V2_PARENT_I1: sent IKE_SA_INIT request */
	IKE_STATE_PARENT_I2,		/* STATE_V2_PARENT_I2: sent IKE_AUTH request */
	IKE_STATE_PARENT_R1,		/* STATE_V2_PARENT_R1: sent IKE_SA_INIT response */
	IKE_STATE_ESTABLISHED,		/* STATE_V2_ESTABLISHED_IKE_SA */
	IKE_STATE_DELETING,		/* STATE_V2_IKE_SA_DELETE: Delete sent, awaiting answer */
	IKE_STATE_ROOF
};

enum child_sa_state {
	CHILD_STATE_LARVAL = 0,		/* STATE_V2_IKE_AUTH_CHILD_I0/R0: negotiating */
	CHILD_STATE_ESTABLISHED,	/* STATE_V2_ESTABLISHED_CHILD_SA */
	CHILD_STATE_DELETING,
	CHILD_STATE_ROOF
};

/* "STATE_V2_ESTABLISHED_IKE_SA" and its story "established IKE SA". */
const char *ike_state_name(enum ike_sa_state s);
const char *ike_state_story(enum ike_sa_state s);
const char *child_state_name(enum child_sa_state s);
const char *child_state_story(enum child_sa_state s);

/* A message we sent, kept for retransmission (requests) or for answering a
 * retransmitted request (responses). */
struct sent_msg {
	uint8_t *bytes;		/* malloc'd; NULL when none */
	size_t len;
	uint32_t msgid;
};

/*
 * Message IDs (RFC 7296 2.3), window size 1 in both directions (we never
 * send SET_WINDOW_SIZE, so the peer may have one request outstanding).
 */
struct msgid_window {
	/* Our requests. */
	uint32_t next_send;		/* the ID our next request gets */
	bool request_outstanding;	/* sent, no response yet */
	struct sent_msg request;	/* last request sent (retransmit) */
	/* The peer's requests. */
	uint32_t next_recv;		/* the ID the peer's next request must have */
	bool have_response;		/* .response answers request next_recv - 1 */
	struct sent_msg response;	/* our last response */
};

/* Retransmission of our outstanding request (RFC 7296 2.1). */
struct retransmit {
	struct event *timer;
	unsigned count;			/* sends so far, the first included */
	uint64_t delay_ms;		/* current interval; doubles each time */
	uint64_t started_ms;		/* first send (monotonic), for the timeout */
	bool last_wait;			/* the running wait ends at the timeout */
	uint64_t due_ms;		/* planned time of the next send, from started_ms */
};

struct child_sa {
	so_serial_t serial;
	struct ike_sa *ike;		/* owner */
	struct child_sa *next_of_ike;	/* the owner's list */
	struct child_sa *next_all, *prev_all;	/* global state list */
	struct connection *c;
	enum child_sa_state state;

	/* Negotiated. */
	uint32_t spi_in, spi_out;	/* host order; spi_in from the kernel's ALLOCSPI */
	struct ike_suite suite;		/* encr/integ/esn (dh when PFS) */
	struct proposal chosen;
	bool transport;			/* USE_TRANSPORT_MODE agreed */
	bool encap;			/* ESP in UDP (NAT or encapsulation=yes) */
	uint32_t reqid;
	/* Negotiated selectors (after narrowing), ours and the peer's. */
	struct ip_selector local_ts, remote_ts;

	/* What is in the kernel (each removed exactly once). */
	bool spi_allocated;		/* ALLOCSPI made a larval inbound SA */
	bool kernel_sa_in, kernel_sa_out;
	unsigned kernel_policies;	/* how many of out, in, fwd are installed */

	time_t established_at;		/* wall clock, for status */
	/* Byte/packet limits for XFRM's soft and hard expires; set by
	 * ikev2_rekey_timers.c before install (all zero: none). */
	struct kernel_lifetime kernel_limits;
	/* KEYMAT, kept while installed: a changed NAT mapping re-adds the
	 * SAs with the peer's new address/port (child_migrate). */
	struct child_sa_keys keys;
	bool have_keys;
	/* Activate-on-receipt kernels: install the outbound SA on standby
	 * for at most this long (0: active at once); see
	 * ikev2_create_child_responder.c. */
	uint32_t standby_ms;
};

struct ike_env;

struct ike_sa {
	so_serial_t serial;
	struct ike_env *env;
	struct ike_sa *next_all, *prev_all;	/* global list (IKE SAs only) */
	struct ike_sa *next_hash;		/* SPI hash chain */
	struct connection *c;
	enum sa_role role;
	enum ike_sa_state state;

	uint8_t spi_i[8], spi_r[8];	/* spi_r all zero until the response */

	/* Where the peer is; NAT-T moves both ports to 4500. */
	struct ip_address local, remote;
	uint16_t local_port, remote_port;
	const struct iface_udp *iface;	/* NULL in unit tests */
	bool nat_detected_local;	/* we are behind a NAT */
	bool nat_detected_remote;	/* the peer is */
	bool natt;			/* switched to port 4500 (non-ESP marker) */

	/* IKE_SA_INIT material. */
	struct dh_local dh;
	const struct ike_alg *ke_group;	/* group of our KE (after INVALID_KE retry) */
	uint8_t ni[256], nr[256];
	size_t ni_len, nr_len;
	struct sent_msg init_request, init_response;	/* both IKE_SA_INIT messages, for AUTH */
	uint8_t *cookie;		/* COOKIE the responder asked for */
	size_t cookie_len;
	unsigned ke_retries, cookie_retries;
	struct proposal chosen;		/* the IKE proposal */
	struct ike_sa_keys keys;
	bool have_keys;

	/* IKE_AUTH. */
	struct id peer_id;
	bool initial_contact_sent;
	struct child_sa *first_child;	/* the Child SA negotiated in IKE_AUTH */
	struct child_sa *children;	/* all Child SAs of this IKE SA */

	struct msgid_window msgid;
	struct retransmit rt;
	/* A whack waiting for the result of `up` (NULL when none). */
	struct whack_ctx *whack;

	time_t established_at;		/* wall clock */
	uint64_t created_ms;		/* monotonic, for "aged 1.5s" */
	uint64_t last_contact_ms;	/* monotonic: last authenticated message */
	struct event *lifetime_timer;	/* delete on timeout of half-open SAs */
	struct event *liveness_timer;	/* dpddelay= checks (established SAs) */
	struct event *keepalive_timer;	/* NAT keepalives (we are behind a NAT) */
	/* Lost, not closed: the peer went quiet or deleted it.  An
	 * auto=start connection is revived then (ike_revival.c). */
	bool revive;
	/* Round trip of our last request answered without a retransmit
	 * (0: none yet); stretches the retired-SA grace (child_retire.c). */
	uint64_t rtt_ms;
	/* Initiation pacing (ike_pacing.c): this SA holds one of the
	 * slots, or waits in the queue for one. */
	bool pace_slot, pace_queued;
	struct ike_sa *pace_next;
};

/*
 * The environment: one per pluto (two in the exchange unit test).
 * send() puts a finished message on the wire (the NAT-T socket adds the
 * non-ESP marker); the kernel pointers may be NULL when no backend runs
 * (then no Child SA can be installed and the exchange says so).
 */
struct ike_env {
	const char *name;		/* "west": prefix in unit tests, NULL in pluto */
	struct event_base *base;
	const struct kernel_ops *kernel_ops;
	struct kernel *kernel;
	bool (*send)(struct ike_env *env, struct ike_sa *ike, const uint8_t *msg, size_t len,
		     struct diag *d);
	void *send_ctx;
	/* The same without the NAT-T non-ESP marker (NAT keepalives);
	 * NULL: keepalives are not sent. */
	bool (*send_raw)(struct ike_env *env, struct ike_sa *ike, const uint8_t *msg, size_t len,
			 struct diag *d);
	uint64_t nat_keepalive_ms;	/* 0: NAT_KEEPALIVE_DEFAULT_MS */
	/* Log lines of an SA with a whack waiting go to it too (NULL: none). */
	void (*echo)(struct whack_ctx *w, const char *line);
	/* The exchange a whack waited for ended (whack_finish in pluto). */
	void (*whack_done)(struct whack_ctx *w, bool ok);
	/* SPI hash of this environment's IKE SAs. */
	struct ike_sa *spi_hash[256];
	/* COOKIE support (responder, ike_dos.c): the current secret and
	 * the one before (rotated every cookie_secret_lifetime_ms). */
	uint8_t cookie_secret[32], cookie_secret_prev[32];
	bool cookie_secret_set, cookie_prev_set;
	unsigned cookie_generation;
	uint64_t cookie_secret_born_ms;
	uint64_t cookie_secret_lifetime_ms;	/* 0: IKE_COOKIE_SECRET_LIFETIME_MS */
	bool require_cookie;		/* always demand one (ddos-mode=busy) */
	bool never_cookie;		/* never demand one (ddos-mode=unlimited) */
	unsigned half_open;		/* responder SAs in PARENT_R1 */
	uint64_t half_open_timeout_ms;	/* 0: IKE_HALF_OPEN_TIMEOUT_MS */
	/* Overrides of the DoS numbers (0: the defaults in ikev2.h). */
	unsigned cookie_threshold, cookie_threshold_ip, half_open_max;
	/* What the flood defences did (status, tests). */
	unsigned long cookies_sent, inits_dropped_full, half_open_peak;
	bool cookie_mode;		/* past the global threshold (logged) */
	/* uniqueids= (config setup; default yes): a new IKE SA with a
	 * peer's ID replaces that peer's older ones. */
	bool uniqueids;
	/* Revival of auto=start connections (ike_revival.c); 0: defaults. */
	uint64_t revive_delay_ms, revive_delay_max_ms;
	/* Grace of retired inbound SAs; 0: from the round trip (tests set it). */
	uint64_t retire_grace_ms;
	/* Initiations in flight and the queue behind them (ike_pacing.c);
	 * initiating_max 0: IKE_INITIATING_MAX. */
	unsigned initiating, initiating_max, initiating_peak;
	struct ike_sa *pace_head, *pace_tail;
	bool pace_scheduled;
};

/* The daemon's environment (ike_env_init_daemon sets it up). */
extern struct ike_env *ike_env_default;

/* ---- initiation pacing (ike_pacing.c) ---- */

/* True: IKE (a new initiator SA) may send its IKE_SA_INIT now and holds
 * a slot; false: it waits in the queue and is started when one frees. */
bool ike_pacing_admit(struct ike_sa *ike);
/* IKE's initiation is over (established, retransmitting, deleted): its
 * slot goes to the next in the queue; a queued SA leaves the queue. */
void ike_pacing_release(struct ike_sa *ike);

/* ---- life cycle (ike_sa.c, child_sa.c) ---- */

struct ike_sa *ike_sa_new(struct ike_env *env, struct connection *c, enum sa_role role);
/* Find by the header's SPIs.  SPI_R all zero: a half-open initiator SA
 * or a responder SA created by this SPI_I (retransmitted IKE_SA_INIT). */
struct ike_sa *ike_sa_find(struct ike_env *env, const uint8_t spi_i[8],
			   const uint8_t spi_r[8]);
/* A responder SA created for a peer's IKE_SA_INIT: SPIi + peer address. */
struct ike_sa *ike_sa_find_half_open(struct ike_env *env, const uint8_t spi_i[8],
				     const struct ip_address *remote, uint16_t remote_port);
/* Set SPIr (initiator, on the IKE_SA_INIT response) and rehash. */
void ike_sa_set_spi_r(struct ike_sa *ike, const uint8_t spi_r[8]);
struct ike_sa *ike_sa_by_serial(so_serial_t serial);

/* Remove the IKE SA and its Child SAs from the kernel and memory,
 * without telling the peer (use ike_sa_delete_notify for that). */
void ike_sa_delete(struct ike_sa *ike);
/* Send INFORMATIONAL Delete(IKE) and delete (established SAs); a
 * half-open SA is just deleted. */
void ike_sa_delete_notify(struct ike_sa *ike);

struct child_sa *child_sa_new(struct ike_sa *ike, struct connection *c);
/* Remove from the kernel and the lists, free. */
void child_sa_delete(struct child_sa *child);
struct child_sa *child_sa_find_by_spi_out(struct ike_sa *ike, uint32_t spi_out);
struct child_sa *child_sa_find_by_spi_in(struct ike_sa *ike, uint32_t spi_in);

/* Iteration over every state in serial order (IKE SAs and Child SAs
 * interleaved as created): FN returns false to stop. */
struct state_ref {
	struct ike_sa *ike;		/* set for an IKE SA */
	struct child_sa *child;		/* set for a Child SA (ike is its owner then too) */
};
typedef bool state_visit_fn(void *arg, const struct state_ref *st);
void states_visit(state_visit_fn *fn, void *arg);
/* Counts for `ipsec status` ("IKE SAs: total(N), ..."). */
unsigned ike_sa_count(void);
unsigned child_sa_count(void);

/* Kernel byte counters of an installed Child SA; false when not installed
 * or the kernel refuses (D says why). */
bool child_sa_traffic(const struct child_sa *child, uint64_t *in_bytes,
		      uint64_t *out_bytes, struct diag *d);

/* ---- what the connection layer calls ---- */

/* Start IKE_SA_INIT for C (`ipsec up`, auto=start).  W (may be NULL)
 * gets the progress lines and whack_finish() when the exchange ends. */
struct ike_sa *ike_initiate(struct connection *c, struct whack_ctx *w, struct diag *d);
/* Delete every SA of C, telling the peer (`ipsec down`, `ipsec delete`). */
void ike_terminate_connection(struct connection *c);
/* The connection is going away: forget it without telling the peer
 * (shutdown). */
void ike_delete_all(bool notify_peer);

/* ---- demux (demux.c) ---- */

/* One received IKE message (the non-ESP marker already stripped). */
void ikev2_demux(struct ike_env *env, const uint8_t *ptr, size_t len,
		 const struct ip_address *local, uint16_t local_port,
		 const struct ip_address *remote, uint16_t remote_port,
		 const struct iface_udp *iface);

/* ---- daemon wiring (ike_daemon.c) ---- */

struct pluto;
/* Start crypto and the kernel backend, register the IKE demux and the
 * socket bypass with the interfaces.  Call before ifaces_listen(). */
bool ike_daemon_init(struct pluto *p, struct diag *d);
void ike_daemon_shutdown(struct pluto *p);

#endif
