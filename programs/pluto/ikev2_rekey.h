/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CREATE_CHILD_SA (RFC 7296 1.3) and the lifetimes that start it.
 *
 * ikev2_create_child.c: additional Child SAs, Child SA rekey (REKEY_SA;
 * new inbound SA first, then outbound, then the old pair deleted), IKE
 * SA rekey (Child SAs move to the new IKE SA, the old one is deleted),
 * simultaneous rekeys resolved by the lowest nonce (2.8.1), PFS.
 *
 * ikev2_rekey_timers.c: per-SA REKEY and REPLACE events from
 * ikelifetime= / ipsec-lifetime= with rekeymargin= and rekeyfuzz=
 * (Libreswan's rule: the SA's initiator uses margin * (100 + rnd(0..fuzz))
 * / 100, its responder margin / 2, so the initiator rekeys first), the
 * kernel's soft/hard expires, and the `whack --rekey-*` entry point.
 */
#ifndef PLUTO_IKEV2_REKEY_H
#define PLUTO_IKEV2_REKEY_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "state.h"

struct ikev2_msg;
struct kernel_expire;

/* ---- ikev2_create_child.c ---- */

/* Demux: a decrypted CREATE_CHILD_SA request on an established IKE SA. */
void ikev2_create_child_process_request(struct ike_sa *ike, struct ikev2_msg *m);
/* Demux: the response to our CREATE_CHILD_SA request (any state). */
void ikev2_create_child_process_response(struct ike_sa *ike, struct ikev2_msg *m);

/* Start rekeying OLD (REKEY_SA).  False (D says why) when the IKE SA is
 * busy or the Child SA is not established; nothing was sent then. */
bool ikev2_rekey_child_initiate(struct child_sa *old, struct diag *d);
/* Start rekeying IKE (its Child SAs move to the new IKE SA). */
bool ikev2_rekey_ike_initiate(struct ike_sa *ike, struct diag *d);
/* An additional Child SA for C (its first selectors) under IKE. */
bool ikev2_create_child_initiate(struct ike_sa *ike, struct connection *c, struct diag *d);
/* INFORMATIONAL: our request on IKE was answered.  A Child SA replaced
 * by our rekey is removed only now: until the peer has deleted its side
 * it may still send on the old SA (the peer's in-flight packets). */
void rekey_informational_answered(struct ike_sa *ike);
/* Is a CREATE_CHILD_SA exchange of ours outstanding on IKE? */
bool ikev2_create_child_pending(const struct ike_sa *ike);

/* ---- ikev2_rekey_timers.c ---- */

/* The SA is up: schedule its REKEY and REPLACE events.  INITIATOR: we
 * initiated the exchange that created it (decides the margin). */
void rekey_ike_established(struct ike_sa *ike);
void rekey_child_established(struct child_sa *child);
void rekey_child_established_as(struct child_sa *child, bool initiator);
void rekey_ike_established_as(struct ike_sa *ike, bool initiator);
/* The SA is being freed: forget its events (and, for an IKE SA, any
 * CREATE_CHILD_SA exchange in flight). */
void rekey_ike_gone(struct ike_sa *ike);
void rekey_child_gone(struct child_sa *child);
/* ipsec-max-bytes= / ipsec-max-packets= into CHILD->kernel_limits,
 * before the SAs are installed.  INITIATOR: we initiated the exchange
 * that creates the Child SA (decides the soft limit). */
void rekey_child_limits(struct child_sa *child, bool initiator);
/* Soft expire: rekey the Child SA; hard expire: delete it. */
void rekey_kernel_expire(struct ike_env *env, const struct kernel_expire *e);
/* `ipsec whack --rekey-ike|--rekey-child --name C`. */
bool rekey_connection_now(struct connection *c, bool ike, struct diag *d);

/*
 * The arithmetic (pure, unit-tested): when the REKEY event fires after
 * establishment, in ms; 0 when the margin leaves no room (only REPLACE
 * at LIFETIME then).  RND is a random number (any value: taken modulo
 * fuzz_percent + 1).
 */
uint64_t rekey_delay_ms(uint64_t lifetime_ms, uint64_t margin_ms, unsigned fuzz_percent,
			bool initiator, uint32_t rnd);

/*
 * The kernel's soft limit for a hard limit HARD (bytes or packets), as
 * stock Libreswan 4.10 sets them (its ipsec.conf(5) says 25% and 50%
 * "with 12% fuzz"; measured on its SAs: 25-31% and 44-50%): on the end
 * that initiated the Child SA 25% of HARD plus a random fuzz of up to
 * 6.25% of HARD, on the responder 50% less up to 6.25%, so the initiator
 * always rekeys first, as with rekeymargin=.  Never 0 (the kernel reads
 * 0 as "expire at once") and never above HARD; HARD 0 (no limit) gives
 * 0.  RND as above.
 */
uint64_t rekey_soft_limit(uint64_t hard, bool initiator, uint32_t rnd);

/* Deferred-retry interval when the IKE SA's window is busy. */
#define REKEY_BUSY_RETRY_MS 1000

/* ---- ikev2_create_child_responder.c: activate-on-receipt ---- */

/* How long a rekey responder's new outbound SA may wait on standby
 * before the kernel activates it anyway: the old SA normally goes a
 * round trip after our answer (the initiator's Delete), long before. */
#define AOR_STANDBY_TIMEOUT_MS 30000u
/* The kernel activated a standby outbound SA: log it (one line) on its
 * Child SA; false when no Child SA of ENV owns it. */
bool rekey_kernel_activated(struct ike_env *env, const struct kernel_activated *a);

/* ---- child_retire.c ---- */

/* Retired inbound SAs: kept for ESP still in flight after their Child
 * SA went (see child_retire.c for the grace arithmetic). */
#define RETIRE_GRACE_MIN_MS 2000
#define RETIRE_GRACE_MAX_MS 30000
#define RETIRE_RTT_MULTIPLE 4
/* Delete CHILD now (state, outbound SA, policies unless a newer Child SA
 * took them over) but keep its inbound SA for the grace period. */
void child_sa_retire(struct child_sa *child);
/* The grace period for IKE's Child SAs, in ms. */
uint64_t child_retire_grace_ms(const struct ike_sa *ike);
/* Remove IKE's retired inbound SAs now (the IKE SA is being deleted). */
void child_retired_flush(struct ike_sa *ike);
/* An IKE SA rekey: the retired SAs follow the Child SAs to TO. */
void child_retired_move(struct ike_sa *from, struct ike_sa *to);
/* How many are waiting (IKE NULL: all). */
unsigned child_retired_count(const struct ike_sa *ike);

/* Internal to the two files. */
void ccs_forget_ike(struct ike_sa *ike);
void ccs_forget_child(struct child_sa *child);

#endif
