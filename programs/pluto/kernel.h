/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel backend interface: everything pluto asks of the kernel's IPsec
 * stack (SPI allocation, SAs, SPD entries, counters, per-socket bypass, and
 * the events the kernel sends back), as one ops struct.
 *
 * `kernel_xfrm_ops` (kernel_xfrm*.c) speaks stock Linux XFRM over netlink.
 * Extended interfaces are probed at init and recorded in struct
 * kernel_features; callers look there before relying on one.
 *
 * Conventions:
 *  - every call that can fail returns false and fills a struct diag with
 *    one line (with the kernel's extended-ACK text when it gave one);
 *  - SPIs and reqids are host order; addresses are struct ip_address;
 *  - key bytes passed in are copied into the netlink request only, and the
 *    request buffer is wiped after sending; the caller owns (and wipes) its
 *    own copy;
 *  - the backend remembers every SA and policy it installed and removes
 *    exactly those at shutdown (never a FLUSH).
 */
#ifndef XSWAN_KERNEL_H
#define XSWAN_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ip_address.h"

enum kernel_mode {
	KERNEL_MODE_TRANSPORT = 1,
	KERNEL_MODE_TUNNEL = 2,
};

/* Policy direction, as the SPD sees it. */
enum kernel_policy_dir {
	KERNEL_POLICY_IN = 1,
	KERNEL_POLICY_OUT = 2,
	KERNEL_POLICY_FWD = 3,
};

/* SA direction (XFRMA_SA_DIR); UNSET when the kernel lacks it or the
 * caller does not care. */
enum kernel_sa_dir {
	KERNEL_SA_DIR_UNSET = 0,
	KERNEL_SA_DIR_IN = 1,
	KERNEL_SA_DIR_OUT = 2,
};

enum kernel_policy_action {
	KERNEL_POLICY_ALLOW = 1,	/* with templates: require IPsec; without: pass */
	KERNEL_POLICY_BLOCK = 2,
};

enum kernel_encap_type {
	KERNEL_ENCAP_NONE = 0,
	KERNEL_ENCAP_ESPINUDP = 2,	/* RFC 3948, UDP_ENCAP_ESPINUDP */
	KERNEL_ENCAP_ESPINTCP = 7,	/* RFC 8229, TCP_ENCAP_ESPINTCP */
};

/* A mark and mask; mask 0 means "no mark". */
struct kernel_mark {
	uint32_t value;
	uint32_t mask;
};

/* Byte and packet limits; 0 means unlimited.  Time limits are pluto's
 * own timers, not the kernel's. */
struct kernel_lifetime {
	uint64_t soft_bytes, hard_bytes;
	uint64_t soft_packets, hard_packets;
};

/* An algorithm as the kernel names it ("rfc4106(gcm(aes))",
 * "hmac(sha256)", "cbc(aes)"); the algorithm table maps IKE transforms to
 * these.  The key includes any salt (GCM: key || 4-byte salt). */
struct kernel_alg {
	const char *name;	/* NULL: not used */
	const uint8_t *key;
	size_t key_len;		/* bytes */
};

#define KERNEL_ALG_KEY_MAX 512	/* bytes; more than any XFRM algorithm needs */

/* One SA.  An AEAD SA sets `aead` (and icv_bits); otherwise `encr` and
 * `integ` (integ's truncation is icv_bits). */
struct kernel_sa {
	struct ip_address src, dst;
	uint32_t spi;
	uint8_t proto;		/* IPPROTO_ESP */
	enum kernel_mode mode;
	uint32_t reqid;
	/* Transport mode: the traffic the SA carries (unset family: src→dst
	 * host to host, any protocol).  Tunnel mode: ignored. */
	struct ip_selector sel_src, sel_dst;
	struct kernel_alg aead, encr, integ;
	unsigned icv_bits;	/* AEAD ICV or integrity truncation, in bits */
	bool esn;
	uint32_t replay_window;	/* packets; 0 = none (outbound) */
	struct {
		enum kernel_encap_type type;
		uint16_t sport, dport;	/* host order */
	} encap;
	struct kernel_mark mark;
	struct kernel_lifetime lifetime;
	enum kernel_sa_dir dir;	/* sent only when the kernel has XFRMA_SA_DIR */
	uint32_t acquire_seq;	/* completes the kernel's larval SA; 0 = none */
	/* Activate-on-receipt (features.activate_on_receipt): an outbound
	 * SA installed on standby, used only once a packet authenticates
	 * on its paired inbound SA (or the timeout passes).  Ignored when
	 * !standby; refused by add_sa when the kernel lacks the feature. */
	struct kernel_standby {
		bool standby;
		uint32_t in_spi;		/* the paired inbound SA */
		struct kernel_mark in_mark;	/* its lookup mark (value) */
		uint32_t timeout_ms;		/* 1 .. KERNEL_STANDBY_TIMEOUT_MAX_MS */
	} activate;
};

#define KERNEL_STANDBY_TIMEOUT_MAX_MS 3600000u

/* What identifies an SA in the kernel. */
struct kernel_said {
	struct ip_address src, dst;
	uint32_t spi;
	uint8_t proto;
	struct kernel_mark mark;
};

#define KERNEL_MAX_TEMPLATES 4

struct kernel_template {
	uint8_t proto;		/* IPPROTO_ESP */
	enum kernel_mode mode;
	uint32_t reqid;
	struct ip_address src, dst;	/* tunnel endpoints; unset in transport */
};

/* One SPD entry. */
struct kernel_policy {
	struct ip_selector src, dst;
	enum kernel_policy_dir dir;
	enum kernel_policy_action action;
	unsigned ntemplates;	/* 0 with ALLOW: a pass (bypass) policy */
	struct kernel_template templates[KERNEL_MAX_TEMPLATES];
	uint32_t priority;	/* 0: kernel_policy_priority(src, dst, STATIC) */
	struct kernel_mark mark;
};

/*
 * Policy priorities (lower wins in the kernel).  A band keeps kinds of
 * policy apart; inside a band, more specific selectors get lower values:
 * address prefix bits first (src + dst), then a protocol, then ports.
 * Values below KERNEL_PRIORITY_BAND_SIZE are left for an administrator's
 * explicit `priority=`.  See kernel_xfrm_policy.c for the arithmetic.
 */
enum kernel_priority_band {
	KERNEL_PRIORITY_STATIC = 1,	/* configured tunnels, pass and drop */
	KERNEL_PRIORITY_ONDEMAND = 2,	/* trap policies waiting for an ACQUIRE */
	KERNEL_PRIORITY_FALLBACK = 3,	/* catch-alls behind everything else */
};
#define KERNEL_PRIORITY_BAND_SIZE 4096u
uint32_t kernel_policy_priority(const struct ip_selector *src,
				const struct ip_selector *dst,
				enum kernel_priority_band band);

/* Traffic counters of one SA (GETSA). */
struct kernel_sa_counters {
	uint64_t bytes, packets;
	uint64_t add_time;	/* seconds since the epoch */
	uint64_t first_use_time;	/* 0: never used */
	uint64_t last_used;	/* XFRMA_LASTUSED; 0: none reported */
	bool have_last_used;
};

/* Events from the kernel. */

/* A packet matched a policy whose SA does not exist yet. */
struct kernel_acquire {
	struct ip_address src, dst;	/* the packet's addresses */
	uint8_t ipproto;
	uint16_t sport, dport;		/* host order; 0 = not known */
	uint32_t reqid;			/* from the first template; 0 = none */
	uint32_t policy_index;
	enum kernel_policy_dir policy_dir;
	uint32_t seq;			/* pass back as kernel_sa.acquire_seq */
};

struct kernel_expire {
	uint32_t spi;
	uint8_t proto;
	struct ip_address src, dst;
	uint32_t reqid;
	bool hard;
};

/* A NAT-T peer's address or port changed (RFC 3948 §2.2 NAT keepalives
 * or ESP from a new mapping). */
struct kernel_mapping {
	uint32_t spi;
	uint8_t proto;
	struct ip_address dst;
	uint32_t reqid;
	struct ip_address old_addr, new_addr;
	uint16_t old_port, new_port;	/* host order */
};

struct kernel_policy_expire {
	struct ip_selector src, dst;
	enum kernel_policy_dir dir;
	uint32_t index;
	bool hard;
};

/* An IPsec packet arrived for an SPI without an SA (the xswan kernel
 * series' XFRM_MSG_UNKNOWN_SPI, rate-limited by the kernel).  Nothing in
 * it is authenticated: a hint that the peer SRC may hold SAs we lost, or
 * that it lost ours.  Sent only when features.unknown_spi is present. */
struct kernel_unknown_spi {
	struct ip_address src, dst;	/* outer: the peer, this host */
	uint32_t spi;			/* host order */
	uint32_t seq;			/* low 32 bits; 0 if none */
	uint8_t proto;			/* IPPROTO_ESP, IPPROTO_AH, IPPROTO_COMP */
	uint32_t ifindex;
	enum kernel_encap_type encap;	/* KERNEL_ENCAP_NONE, _ESPINUDP, _ESPINTCP */
	uint16_t encap_sport, encap_dport;	/* host order; 0 = none or not known */
};

/* A standby outbound SA became active (activate-on-receipt). */
enum kernel_activate_reason {
	KERNEL_ACTIVATE_PACKET = 1,	/* a packet authenticated on the inbound SA */
	KERNEL_ACTIVATE_TIMEOUT = 2,
	KERNEL_ACTIVATE_REQUEST = 3,	/* userland asked */
};

struct kernel_activated {
	struct ip_address src, dst;	/* of the outbound SA: us, the peer */
	uint32_t spi;			/* the outbound SA now in use */
	uint32_t in_spi;		/* its paired inbound SA */
	uint32_t old_spi;		/* newest outbound SA retired; 0 = none */
	uint32_t retired;		/* how many were retired */
	uint32_t reqid;
	uint8_t proto;
	enum kernel_activate_reason reason;
};

struct kernel_event_handlers {
	void *ctx;
	void (*acquire)(void *ctx, const struct kernel_acquire *a);
	void (*sa_expire)(void *ctx, const struct kernel_expire *e);
	void (*mapping)(void *ctx, const struct kernel_mapping *m);
	void (*policy_expire)(void *ctx, const struct kernel_policy_expire *p);
	/* NULL: the backend does not subscribe to unknown-SPI notifications. */
	void (*unknown_spi)(void *ctx, const struct kernel_unknown_spi *u);
	void (*activated)(void *ctx, const struct kernel_activated *a);
};

/*
 * Features found by probing at init.  `reason` says why a feature is
 * absent (or how it was seen), for `ipsec status` and the logs.
 */
struct kernel_feature {
	bool present;
	char reason[160];
};

struct kernel_features {
	struct kernel_feature sa_dir;		/* XFRMA_SA_DIR (Linux 6.10) */
	struct kernel_feature unknown_spi;	/* unknown-SPI notifications (xswan series) */
	struct kernel_feature pfp;		/* populate-from-packet acquires (xswan series) */
	struct kernel_feature activate_on_receipt; /* standby outbound SA (xswan series) */
};

/* What a cleanup removed, and what it could not. */
struct kernel_cleanup_stats {
	unsigned sas_removed, policies_removed;
	unsigned sas_gone, policies_gone;	/* already gone */
	unsigned failures;
};

struct kernel;	/* one backend instance; opaque */

struct kernel_init {
	struct kernel_event_handlers handlers;	/* copied */
	/* The install journal (e.g. /run/pluto/kernel.journal), NULL for
	 * none.  At init, whatever a previous instance recorded there and
	 * did not remove (it crashed) is removed first; then this instance
	 * records what it installs. */
	const char *journal;
};

/* One add of kernel_ops.add_batch: an SA or a policy. */
struct kernel_add {
	const struct kernel_sa *sa;		/* NEWSA, or UPDSA when update */
	bool update;
	const struct kernel_policy *policy;	/* when sa is NULL; UPDPOLICY when replace */
	bool replace;
};
#define KERNEL_BATCH_MAX 8

struct kernel_ops {
	const char *name;

	/* Open the sockets, probe features, remove a crashed previous
	 * instance's leftovers (counted in LEFTOVERS, may be NULL). */
	struct kernel *(*init)(const struct kernel_init *args,
			       struct kernel_cleanup_stats *leftovers, struct diag *d);
	/* Remove everything this instance installed, close, free (and
	 * delete the journal when everything went). */
	void (*shutdown)(struct kernel *k, struct kernel_cleanup_stats *stats);
	/* Remove everything installed so far, keep running.  Entries the
	 * kernel refuses to remove stay tracked for the next cleanup. */
	void (*cleanup)(struct kernel *k, struct kernel_cleanup_stats *stats);

	/* The event socket: watch it for EV_READ and call process_events. */
	int (*event_fd)(const struct kernel *k);
	/* Drain pending events without blocking; false on a socket error
	 * (events may have been lost; d says which).  Handlers may call the
	 * other operations (install an SA on ACQUIRE), but not shutdown. */
	bool (*process_events)(struct kernel *k, struct diag *d);

	const struct kernel_features *(*features)(const struct kernel *k);

	/* Allocate an SPI in [min, max] for an inbound SA (creates the
	 * kernel's larval SA; add_sa with update=true fills it in). */
	bool (*alloc_spi)(struct kernel *k, const struct ip_address *src,
			  const struct ip_address *dst, uint8_t proto,
			  uint32_t reqid, uint32_t min, uint32_t max,
			  uint32_t *spi, struct diag *d);
	/* Whether no SA this backend installed has DST, PROTO and SPI: an
	 * inbound SA the caller installs (NEWSA) before it tells the peer
	 * the SPI can take a random SPI checked here, without alloc_spi's
	 * kernel round trip.  Optional (NULL: use alloc_spi). */
	bool (*spi_unused)(struct kernel *k, const struct ip_address *dst, uint8_t proto,
			   uint32_t spi);
	/* NEWSA, or UPDSA when update (the SPI came from alloc_spi). */
	bool (*add_sa)(struct kernel *k, const struct kernel_sa *sa, bool update,
		       struct diag *d);
	bool (*del_sa)(struct kernel *k, const struct kernel_said *said,
		       struct diag *d);
	bool (*get_sa_counters)(struct kernel *k, const struct kernel_said *said,
				struct kernel_sa_counters *out, struct diag *d);

	/* UPDPOLICY (replace=true) or NEWPOLICY (fails if it exists). */
	bool (*add_policy)(struct kernel *k, const struct kernel_policy *p,
			   bool replace, struct diag *d);
	/* Selectors, dir and mark identify the policy; the rest is ignored. */
	bool (*del_policy)(struct kernel *k, const struct kernel_policy *p,
			   struct diag *d);
	/*
	 * Up to KERNEL_BATCH_MAX adds in one exchange with the kernel, in
	 * order: a Child SA's two SAs and three policies cost one send and
	 * one read instead of five of each (system calls are what a tunnel
	 * costs most under UML).  All or nothing: when the kernel refuses
	 * one, the others that went in are removed again -- except an
	 * updated (larval) SA, which stays for its owner to remove as after
	 * a failed add_sa -- and D names the refused one.  Optional: NULL
	 * means one add_sa/add_policy call each.
	 */
	bool (*add_batch)(struct kernel *k, const struct kernel_add *adds, unsigned n,
			  struct diag *d);

	/* Let a socket's own traffic (IKE) bypass the SPD in and out. */
	bool (*bypass_socket)(struct kernel *k, int fd, int family,
			      struct diag *d);
};

extern const struct kernel_ops kernel_xfrm_ops;

#endif
