/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the XFRM backend: shared by kernel_xfrm_*.c and the unit tests,
 * not by the rest of pluto (which sees only kernel.h).
 *
 * Rooms:
 *   kernel_xfrm_attrs.c    one validation table per received message type
 *   kernel_xfrm_netlink.c  sockets, request/ACK exchange, extended ACK
 *   kernel_xfrm_addr.c     ip_address/ip_selector <-> xfrm structs
 *   kernel_xfrm_sa.c       ALLOCSPI, NEWSA/UPDSA, DELSA, GETSA
 *   kernel_xfrm_policy.c   UPDPOLICY/NEWPOLICY, DELPOLICY, priorities, bypass
 *   kernel_xfrm_events.c   ACQUIRE, EXPIRE, MAPPING, POLEXPIRE
 *   kernel_xfrm_probe.c    feature probes
 *   kernel_xfrm_ext.c      the xswan series' interfaces (unknown-SPI notification)
 *   kernel_xfrm_track.c    what this instance installed
 *   kernel_xfrm_journal.c  ...written down, for the next instance after a crash
 *   kernel_xfrm.c          the ops struct
 */
#ifndef XSWAN_KERNEL_XFRM_H
#define XSWAN_KERNEL_XFRM_H

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "diag.h"
#include "kernel.h"
#include "kernel_xfrm_uapi.h"

/* A request is small: the largest (NEWSA with AEAD, auth and crypt keys)
 * stays far below this. */
#define XFRM_REQ_SIZE 4096
/* Replies and events; an ACK with extended TLVs or a GETSA answer. */
#define XFRM_RECV_SIZE 16384

/* ---- attribute validation (kernel_xfrm_attrs.c) ---- */

enum xfrm_attr_len_rule {
	XFRM_ATTR_EXACT,	/* payload is exactly len bytes */
	XFRM_ATTR_MIN,		/* payload is at least len bytes */
	XFRM_ATTR_ARRAY,	/* one or more elements of len bytes */
	XFRM_ATTR_STRING,	/* NUL-terminated, at most len bytes */
};

struct xfrm_attr_rule {
	const char *name;
	enum xfrm_attr_len_rule rule;
	size_t len;
};

/* The largest attribute number any table covers (XFRM and NLMSGERR). */
#define XFRM_ATTR_TABLE_MAX XSWAN_XFRMA_MAX

/* Room for the largest fixed part we receive (xfrm_user_acquire). */
#define XFRM_FIXED_MAX 512

/* One received message with its fixed part and validated attributes;
 * attr[t] is NULL when attribute t is absent.  The fixed part is copied:
 * netlink only aligns messages to 4 bytes, and the XFRM structs hold
 * 64-bit counters. */
struct xfrm_msg {
	const struct nlmsghdr *nlh;
	const void *fixed;	/* points at fixed_copy */
	alignas(8) uint8_t fixed_copy[XFRM_FIXED_MAX];
	const struct nlattr *attr[XFRM_ATTR_TABLE_MAX + 1];
};

/*
 * Check NLH (LEN bytes were received for it) as message type TYPE: the
 * header length, the fixed part, then every attribute against the table
 * for that type (length, no nesting flag, no duplicates, nothing left
 * over).  Attributes the table does not name are ignored (a newer kernel
 * may add some).  False + diag when anything is off.
 */
bool xfrm_parse_msg(const struct nlmsghdr *nlh, size_t len,
		    struct xfrm_msg *m, struct diag *d);

/*
 * Walk the messages of a datagram: the message at *OFF, or NULL when no
 * whole message starts there (then *OFF < LEN means stray bytes).
 * libmnl's mnl_nlmsg_ok() compares nlmsg_len as a signed int, so a
 * length above 2^31 passes it; this one does not.
 */
const struct nlmsghdr *xfrm_next_msg(const uint8_t *buf, size_t len, size_t *off);

/* The attributes after an NLMSG_ERROR's echoed header (extended ACK). */
struct xfrm_ack {
	int error;		/* 0 or a positive errno */
	bool have_msg;
	char msg[160];		/* sanitised NLMSGERR_ATTR_MSG */
	bool have_offset;
	uint32_t offset;	/* NLMSGERR_ATTR_OFFS: byte offset in our request */
};
bool xfrm_parse_ack(const struct nlmsghdr *nlh, size_t len,
		    struct xfrm_ack *ack, struct diag *d);

const char *xfrm_msg_name(uint16_t type);

/* ---- building requests ---- */

struct xfrm_req {
	alignas(8) uint8_t buf[XFRM_REQ_SIZE];
	struct nlmsghdr *nlh;
	bool overflow;		/* something did not fit; do not send */
	bool secret;		/* holds key bytes; wiped after sending */
};

/* Start a request of TYPE with a zeroed fixed part of FIXED_LEN bytes;
 * returns the fixed part (NULL cannot happen: FIXED_LEN is small). */
void *xfrm_req_start(struct xfrm_req *r, uint16_t type, uint16_t flags,
		     size_t fixed_len);
/* Bounded attribute puts; on failure set r->overflow. */
void xfrm_req_put(struct xfrm_req *r, uint16_t type, size_t len, const void *data);
void xfrm_req_put_u8(struct xfrm_req *r, uint16_t type, uint8_t v);
/* Wipe the whole buffer (it may have held keys). */
void xfrm_req_wipe(struct xfrm_req *r);

bool xfrm_build_allocspi(struct xfrm_req *r, const struct ip_address *src,
			 const struct ip_address *dst, uint8_t proto,
			 uint32_t reqid, uint32_t min, uint32_t max,
			 bool with_sa_dir, struct diag *d);
bool xfrm_build_sa(struct xfrm_req *r, const struct kernel_sa *sa, bool update,
		   bool with_sa_dir, struct diag *d);
bool xfrm_build_said(struct xfrm_req *r, uint16_t type,
		     const struct kernel_said *said, struct diag *d);
bool xfrm_build_policy(struct xfrm_req *r, const struct kernel_policy *p,
		       bool replace, struct diag *d);
bool xfrm_build_delpolicy(struct xfrm_req *r, const struct kernel_policy *p,
			  struct diag *d);
bool xfrm_bypass_socket(int fd, int family, struct diag *d);

/* Replies. */
bool xfrm_parse_allocspi_reply(const struct xfrm_msg *m, uint32_t *spi,
			       struct diag *d);
bool xfrm_parse_counters(const struct xfrm_msg *m,
			 struct kernel_sa_counters *c, struct diag *d);

/* ---- events (kernel_xfrm_events.c) ---- */

enum kernel_event_kind {
	KERNEL_EVENT_ACQUIRE = 1,
	KERNEL_EVENT_EXPIRE,
	KERNEL_EVENT_MAPPING,
	KERNEL_EVENT_POLICY_EXPIRE,
	KERNEL_EVENT_UNKNOWN_SPI,
};

struct kernel_event {
	enum kernel_event_kind kind;
	union {
		struct kernel_acquire acquire;
		struct kernel_expire expire;
		struct kernel_mapping mapping;
		struct kernel_policy_expire policy_expire;
		struct kernel_unknown_spi unknown_spi;
	} u;
};

/* Parse one event message; false + diag for anything malformed or of a
 * type that is not an event. */
bool xfrm_parse_event(const struct nlmsghdr *nlh, size_t len,
		      struct kernel_event *ev, struct diag *d);
/* Call the handler for EV (none set: dropped with a debug line). */
void xfrm_dispatch_event(const struct kernel_event_handlers *h,
			 const struct kernel_event *ev);
/* Walk a datagram of messages from the event socket. */
bool xfrm_process_datagram(const struct kernel_event_handlers *h,
			   const void *buf, size_t len, struct diag *d);

/* ---- activate-on-receipt (kernel_xfrm_aor.c) ---- */

/* Probe (XFRM_MSG_ACTIVATESA for no SA: ESRCH with patch 0004, EINVAL
 * without), log the one start-up line, and join XFRMNLGRP_ACTIVATE when
 * present. */
void xfrm_aor_probe(struct kernel *k, struct kernel_feature *f);
/* NEWSA: add XFRMA_SA_ACTIVATE for a standby SA (nothing otherwise). */
bool xfrm_aor_put_standby(struct xfrm_req *r, const struct kernel_sa *sa,
			  bool kernel_has_it, struct diag *d);
/* An XFRM_MSG_ACTIVATESA from the event socket: check, hand to H. */
bool xfrm_aor_event(const struct kernel_event_handlers *h, const struct nlmsghdr *nlh,
		    size_t len, struct diag *d);
bool xfrm_aor_parse(const struct xfrm_msg *m, struct kernel_activated *a, struct diag *d);

/* ---- addresses and selectors (kernel_xfrm_addr.c) ---- */

bool xfrm_addr_put(xfrm_address_t *x, const struct ip_address *a,
		   const char *what, struct diag *d);
bool xfrm_addr_get(struct ip_address *a, unsigned family,
		   const xfrm_address_t *x, const char *what, struct diag *d);
bool xfrm_selector_put(struct xfrm_selector *s, const struct ip_selector *src,
		       const struct ip_selector *dst, struct diag *d);
bool xfrm_selector_get(const struct xfrm_selector *s, struct ip_selector *src,
		       struct ip_selector *dst, struct diag *d);
bool xfrm_family_ok(unsigned family);
/* Text for logs ("192.0.2.1", "2001:db8::1", "<unset>"). */
struct xfrm_addr_text { char s[48]; };
struct xfrm_addr_text xfrm_addr_text(const struct ip_address *a);
struct xfrm_sel_text { char s[64]; };
struct xfrm_sel_text xfrm_sel_text(const struct ip_selector *s);

/* ---- what this instance installed (kernel_xfrm_track.c) ---- */

struct xfrm_tracked_policy {
	struct ip_selector src, dst;
	enum kernel_policy_dir dir;
	struct kernel_mark mark;
};

struct xfrm_track {
	struct kernel_said *sas;
	size_t nsas, sas_cap;
	struct xfrm_tracked_policy *policies;
	size_t npolicies, policies_cap;
};

bool xfrm_track_sa(struct xfrm_track *t, const struct kernel_said *said);
void xfrm_untrack_sa(struct xfrm_track *t, const struct kernel_said *said);
/* An SA to DST with PROTO and SPI is tracked (whatever its mark). */
bool xfrm_tracks_spi(const struct xfrm_track *t, const struct ip_address *dst, uint8_t proto,
		     uint32_t spi);
bool xfrm_track_policy(struct xfrm_track *t, const struct kernel_policy *p);
void xfrm_untrack_policy(struct xfrm_track *t, const struct kernel_policy *p);
void xfrm_track_free(struct xfrm_track *t);
void xfrm_tracked_policy_to_policy(const struct xfrm_tracked_policy *tp,
				   struct kernel_policy *p);

/* ---- the install journal (kernel_xfrm_journal.c) ---- */

struct xfrm_journal {
	FILE *f;		/* NULL: no journal */
	char path[256];
	bool complained;	/* a write failed and was logged */
	bool held;		/* lines wait for xfrm_journal_release() */
	unsigned long lines;	/* in the file since it was (re)written */
};

/* A batch's lines go to the file in one write: hold, write the lines,
 * release (which flushes) -- still before the batch is sent. */
void xfrm_journal_hold(struct xfrm_journal *j);
void xfrm_journal_release(struct xfrm_journal *j);
void xfrm_journal_sa(struct xfrm_journal *j, bool add, const struct kernel_said *s);
void xfrm_journal_policy(struct xfrm_journal *j, bool add, const struct kernel_policy *p);
/* A new, empty journal file at PATH (mode 0600, not through a symlink);
 * NULL with errno set. */
FILE *xfrm_journal_create(const char *path);
/* An "add" line for everything T tracks. */
void xfrm_journal_write_tracked(struct xfrm_journal *j, const struct xfrm_track *t);
/* The journal only grows (an add and a del line per SA or policy ever
 * installed), and /run is memory: once its lines outnumber what is
 * tracked XFRM_JOURNAL_SLACK times (and XFRM_JOURNAL_COMPACT_MIN), it is
 * rewritten as what is tracked, into PATH.new renamed over PATH (a crash
 * leaves one complete file or the other). */
#define XFRM_JOURNAL_COMPACT_MIN 4096
#define XFRM_JOURNAL_SLACK 4
bool xfrm_journal_compact_due(const struct xfrm_journal *j, const struct xfrm_track *t);
bool xfrm_journal_compact(struct xfrm_journal *j, const struct xfrm_track *t, struct diag *d);
/* Add what the journal at PATH says is installed to T; a missing file is
 * an empty journal.  Malformed lines are logged, counted and skipped. */
bool xfrm_journal_replay(const char *path, struct xfrm_track *t, unsigned *bad_lines,
			 struct diag *d);
bool xfrm_journal_replay_file(FILE *f, const char *name, struct xfrm_track *t,
			      unsigned *bad_lines);

/* ---- sockets (kernel_xfrm_netlink.c) ---- */

struct kernel {
	struct mnl_socket *req;	/* requests, answered with an ACK */
	struct mnl_socket *ev;	/* multicast events */
	uint32_t seq;
	struct kernel_event_handlers handlers;
	struct kernel_features features;
	struct xfrm_track track;
	struct xfrm_journal journal;
	/* Separate buffers: an event handler may call back into the
	 * backend (install an SA on ACQUIRE), whose answer must not
	 * overwrite the datagram still being read. */
	alignas(8) uint8_t rbuf[XFRM_RECV_SIZE];	/* answers */
	alignas(8) uint8_t evbuf[XFRM_RECV_SIZE];	/* events */
	struct xfrm_req batch[KERNEL_BATCH_MAX];	/* add_batch's requests */
};

bool xfrm_open_sockets(struct kernel *k, struct diag *d);
void xfrm_close_sockets(struct kernel *k);

/* Called for each reply message (not the ACK) that matches the request. */
typedef bool xfrm_reply_fn(const struct xfrm_msg *m, void *arg, struct diag *d);

/*
 * Send R (wiping it afterwards when it holds keys), then read until the
 * kernel's ACK for it.  Returns true when the kernel said 0.  ACK, when
 * not NULL, receives the raw answer (errno, extended-ACK text, offset) so
 * a caller can tell expected errors apart; D gets "MSGNAME: strerror
 * (kernel text)" on failure.
 */
bool xfrm_request(struct kernel *k, struct xfrm_req *r, xfrm_reply_fn *reply,
		  void *arg, struct xfrm_ack *ack, struct diag *d);
/*
 * Send the N requests of REQS (none expecting a reply) in one datagram,
 * NLM_F_ACK on the last only: the kernel handles them in order and
 * answers an error for any it refuses, then the last one's ACK, so a
 * batch that succeeds costs one send and one read.  ACKS[i] gets request
 * i's answer (error 0 when the kernel said nothing against it).  False
 * with D when the exchange itself failed (sending, reading, a timeout):
 * then nothing is known of the requests' fate.  Key-bearing requests are
 * wiped once sent.
 */
bool xfrm_request_batch(struct kernel *k, struct xfrm_req *reqs, unsigned n,
			struct xfrm_ack *acks, struct diag *d);

bool xfrm_read_events(struct kernel *k, struct diag *d);

/* ---- probes (kernel_xfrm_probe.c) ---- */

void xfrm_probe_features(struct kernel *k);

/* ---- the xswan kernel series' interfaces (kernel_xfrm_ext.c) ---- */

/* The unknown-SPI notification is there exactly when its sysctl file
 * (XFRM_UNKNOWN_SPI_SYSCTL) exists: joining group 9 succeeds on any
 * kernel, and the message cannot be sent to the kernel to test it.
 * PATH is the file to look for (tests pass their own). */
#define XFRM_UNKNOWN_SPI_SYSCTL "/proc/sys/net/core/xfrm_unknown_spi_interval_ms"
void xfrm_probe_unknown_spi(const char *path, struct kernel_feature *f);
/* Join XFRMNLGRP_UNKNOWN_SPI on the event socket. */
bool xfrm_join_unknown_spi(struct kernel *k, struct diag *d);
/* XFRM_MSG_UNKNOWN_SPI (already checked by xfrm_parse_msg) -> U. */
bool xfrm_parse_unknown_spi(const struct xfrm_msg *m, struct kernel_unknown_spi *u,
			    struct diag *d);

#endif
