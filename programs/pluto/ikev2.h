/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the exchange files (demux, ikev2_send, ikev2_sa_init, ikev2_auth,
 * ikev2_child, ikev2_informational) call in each other.  Not for the
 * connection layer: that uses state.h.
 */
#ifndef PLUTO_IKEV2_H
#define PLUTO_IKEV2_H

#include "state.h"
#include "ikev2_build.h"
#include "ikev2_msg.h"
#include "kernel.h"

/* Largest message we build (no fragmentation yet; real ones are < 2 KiB). */
#define IKEV2_BUILD_MAX 8192

/* ---- logging with the Libreswan prefix ("name" #N: ...) ---- */
void ike_log(const struct ike_sa *ike, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void child_log(const struct child_sa *child, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Milliseconds as seconds for log lines: "60", "0.2". */
const char *secs_fmt(uint64_t ms, char buf[32]);
/* "{cipher=AES_GCM_16_256 integ=n/a prf=HMAC_SHA2_512 group=DH19}" */
const char *suite_fmt(const struct ike_suite *s, char *buf, size_t cap);
/* "192.0.2.1:500" */
const char *endpoint_fmt(const struct ip_address *a, uint16_t port, char buf[IP_FMT_BUF]);

/* ---- a message being built (ikev2_send.c) ---- */
struct ikev2_out {
	uint8_t buf[IKEV2_BUILD_MAX];
	struct buf b;
	struct ikev2_builder bld;
	bool encrypted;
	size_t sk_header_len;	/* through the SK generic header */
	size_t len;		/* when finished */
};

/* Start a message of IKE on EXCHANGE; a response takes MSGID, a request
 * the next ID of our window.  ENCRYPT opens the SK payload. */
bool ikev2_out_start(struct ikev2_out *o, struct ike_sa *ike, uint8_t exchange,
		     bool response, uint32_t msgid, bool encrypt, struct diag *d);
/* Close and (when encrypted) protect it. */
bool ikev2_out_finish(struct ikev2_out *o, struct ike_sa *ike, struct diag *d);

/* Send a request and keep it for retransmission (window of 1). */
bool ikev2_send_request(struct ike_sa *ike, struct ikev2_out *o, struct diag *d);
/* Send a response and keep it in the last-response cache. */
bool ikev2_send_response(struct ike_sa *ike, struct ikev2_out *o, uint32_t msgid,
			 struct diag *d);
/* Answer request MSGID of EXCHANGE with one encrypted notify (cached as
 * the response like any other). */
bool ikev2_respond_notify(struct ike_sa *ike, uint8_t exchange, uint32_t msgid,
			  uint16_t type, struct diag *d);
/* Send a message kept nowhere (an unprotected notify answer). */
bool ikev2_send_raw(struct ike_sa *ike, const uint8_t *msg, size_t len, struct diag *d);
/* The outstanding request was answered: stop retransmitting. */
void ikev2_request_done(struct ike_sa *ike);
/* Stop timers (the SA is being freed). */
void ikev2_send_cleanup(struct ike_sa *ike);
/* Retransmission schedule: the delay before send number N+1 given the
 * interval and cap (exposed for unit tests). */
uint64_t retransmit_delay_ms(uint64_t interval_ms, unsigned sends_so_far);

/* ---- message-ID window decisions (demux.c; pure, unit-tested) ---- */
enum msgid_verdict {
	MSGID_NEW_REQUEST,	/* process it */
	MSGID_RETRANSMIT,	/* answer from the last-response cache */
	MSGID_OLD_REQUEST,	/* older than the cache: drop */
	MSGID_FUTURE_REQUEST,	/* beyond the window: drop */
	MSGID_EXPECTED_RESPONSE,	/* answers our outstanding request */
	MSGID_UNEXPECTED_RESPONSE,	/* drop */
};
enum msgid_verdict msgid_check(const struct msgid_window *w, bool response, uint32_t msgid);
const char *msgid_verdict_name(enum msgid_verdict v);

/* ---- exchange handlers; M is decoded (and decrypted) ---- */
/* Responder: a new IKE_SA_INIT request (no SA yet). */
void ikev2_sa_init_respond(struct ike_env *env, struct ikev2_msg *m,
			   const struct ip_address *local, uint16_t local_port,
			   const struct ip_address *remote, uint16_t remote_port,
			   const struct iface_udp *iface);
bool ikev2_sa_init_initiate(struct ike_sa *ike, struct diag *d);
void ikev2_sa_init_process_response(struct ike_sa *ike, struct ikev2_msg *m);
/* The IKE SA is established: drop what only IKE_AUTH used (SK_pi and
 * SK_pr, both IKE_SA_INIT messages).  Each NSS key object costs about
 * 5 KiB for as long as it lives. */
void ike_sa_auth_done(struct ike_sa *ike);
/* A copy of the IKE_SA_INIT request that made the half-open responder SA
 * IKE arrived again: if it is the initiator's resend with our COOKIE
 * (same offer), AUTH is checked against it from now on. */
void ikev2_sa_init_note_resend(struct ike_sa *ike, const struct ikev2_msg *m);

bool ikev2_auth_initiate(struct ike_sa *ike, struct diag *d);
void ikev2_auth_process_request(struct ike_sa *ike, struct ikev2_msg *m);
void ikev2_auth_process_response(struct ike_sa *ike, struct ikev2_msg *m);

void ikev2_informational_process_request(struct ike_sa *ike, struct ikev2_msg *m);
void ikev2_informational_process_response(struct ike_sa *ike, struct ikev2_msg *m);
bool ikev2_send_delete_ike(struct ike_sa *ike, struct diag *d);
bool ikev2_send_delete_child(struct child_sa *child, struct diag *d);
bool ikev2_send_liveness(struct ike_sa *ike, struct diag *d);

/* ---- Child SA (ikev2_child.c) ---- */
/* Request MSG's TSi and TSr fit connection C (narrowed if C allows it);
 * the signature connection_refine_by_ts() takes. */
bool child_ts_fit(const struct connection *c, void *msg);
/* Whether C allows narrowing its traffic selectors (narrowing=yes);
 * false for no connection or one without config (tests). */
bool conn_narrowing(const struct connection *c);
/* Allocate our inbound SPI: kernel ALLOCSPI, or a random unused one
 * where no larval SA is needed (ikev2_child.c says when). */
enum spi_use {
	SPI_ANNOUNCED_FIRST,	/* in our request; the SA comes with the answer */
	SPI_ANNOUNCED_IN_IKE_AUTH, /* the same, while the IKE SA is not up yet */
	SPI_INSTALLED_FIRST,	/* the SA goes in, then our response names it */
};
bool child_alloc_spi(struct child_sa *child, enum spi_use use, struct diag *d);
/* Derive keys and install SAs and policies (IKE_AUTH: the IKE SA's
 * nonces, no PFS). */
bool child_install(struct child_sa *child, struct diag *d);
/* The same with a CREATE_CHILD_SA exchange's own nonces and, with PFS,
 * its g^ir (RFC 7296 2.17); NEW_GIR NULL: no PFS. */
bool child_install_keymat(struct child_sa *child, PK11SymKey *new_gir, struct bytes ni,
			  struct bytes nr, struct diag *d);
/* A rekey's responder (strongSwan's order, no packet lost): the inbound
 * SA and the policies now, the outbound SA later (when the old Child
 * SA's Delete arrives) from the keys the child keeps. */
bool child_install_inbound(struct child_sa *child, PK11SymKey *new_gir, struct bytes ni,
			   struct bytes nr, struct diag *d);
bool child_install_outbound(struct child_sa *child, struct diag *d);
/* The peer moved (NAT mapping): re-add the SAs and update the tunnel
 * policies for child->ike's new remote address/port; OLD_REMOTE is
 * where the SAs pointed before. */
bool child_migrate(struct child_sa *child, const struct ip_address *old_remote,
		   struct diag *d);
/* Free the kept KEYMAT (child_sa_delete). */
void child_forget_keys(struct child_sa *child);
/* Remove what child_install put in the kernel. */
void child_uninstall(struct child_sa *child);
void child_log_established(const struct child_sa *child);
/* Log the established line and run updown "up" (after any response). */
void child_announce(struct child_sa *child);
/* The kernel mark of one direction (mark=, mark-in=, mark-out=). */
struct kernel_mark;
void child_kernel_mark(const struct child_sa *child, bool inbound, struct kernel_mark *out);
/* Does the kernel backend put outbound SAs on standby (activate-on-receipt)? */
bool child_kernel_aor(const struct ike_env *env);

/* Liveness (ikev2_liveness.c): start dpddelay= checks on an
 * established IKE SA; a no-op when dpddelay=0 or without a loop. */
void ike_liveness_start(struct ike_sa *ike);
/* Responder: forget an SA that never got its IKE_AUTH request. */
void ike_half_open_timer(struct ike_sa *ike);
#define IKE_HALF_OPEN_TIMEOUT_MS 30000

/* ---- NAT-T after detection (ikev2_natt.c) ---- */
#define NAT_KEEPALIVE_DEFAULT_MS 20000	/* Libreswan's keep-alive= default */
/* Behind a NAT, on 4500, and nat-keepalive= not "no"? */
bool ike_nat_keepalive_wanted(const struct ike_sa *ike);
/* One 0xFF octet to the peer, no marker. */
bool ike_send_nat_keepalive(struct ike_sa *ike, struct diag *d);
/* Start the keepalive timer of an established IKE SA (no-op when not wanted). */
void ike_nat_keepalive_start(struct ike_sa *ike);
/* XFRM_MSG_MAPPING: follow the peer to its new address/port. */
void ike_kernel_mapping(struct ike_env *env, const struct kernel_mapping *m);

/* The kernel saw ESP from a peer for an SPI we have no SA for
 * (ike_unknown_spi.c): initiate or check liveness, rate-limited per peer;
 * never deletes anything (the report is unauthenticated). */
struct kernel_unknown_spi;
void ike_unknown_spi(struct ike_env *env, const struct kernel_unknown_spi *u);

/* ---- revival (ike_revival.c): what a lost IKE SA leads to, per auto= ---- */
#define IKE_REVIVE_DELAY_MS 5000	/* attempt 2; doubles after */
#define IKE_REVIVE_DELAY_MAX_MS 300000
/* Delay before revival ATTEMPT (1: at once), pure. */
uint64_t ike_revival_delay_ms(uint64_t delay_ms, uint64_t max_ms, unsigned attempt);
/* IKE is being deleted: was it lost (ike->revive) on an auto=start
 * connection with no other IKE SA? */
bool ike_revival_wanted(const struct ike_sa *ike);
/* Initiate C again after the backoff of its next attempt. */
void ike_revival_schedule(struct ike_env *env, struct connection *c, so_serial_t serial);
unsigned ike_revival_attempts(const struct connection *c);
bool ike_revival_pending(const struct connection *c);
/* C is up again, or taken down on purpose: no more attempts. */
void ike_revival_cancel(const struct connection *c);
void ike_revival_forget_all(void);

/* The IKE SA finished (established or failed): tell a waiting whack. */
void ike_whack_done(struct ike_sa *ike, bool ok);

/* ---- the responder under a flood (ike_dos.c; numbers explained there) ---- */
#define IKE_COOKIE_THRESHOLD 30		/* half-open SAs in all */
/* Our own IKE SA initiations in flight at once (ike_pacing.c): below
 * IKE_COOKIE_THRESHOLD, so that a burst of ours alone does not make an
 * xswan or strongSwan responder ask for cookies, with room for a few
 * others.  24 rather than 16: more work per loop turn at both ends, a
 * fifth fewer context switches (setup-rate, 8 runs alternating: rounds
 * averaged 429 against 370 tunnels/s). */
#define IKE_INITIATING_MAX 24
#define IKE_COOKIE_THRESHOLD_PER_IP 3	/* half-open SAs from one address */
#define IKE_HALF_OPEN_MAX 5000		/* no new half-open SA beyond this */
#define IKE_COOKIE_SECRET_LIFETIME_MS 120000
#define IKE_COOKIE_SIZE 33		/* generation octet + SHA-256 */
enum ike_dos_verdict {
	IKE_DOS_ACCEPT,		/* make state */
	IKE_DOS_COOKIE,		/* only with a valid COOKIE */
	IKE_DOS_DROP,		/* no state at all: the cap is reached */
};
enum ike_dos_verdict ike_dos_check(const struct ike_env *env, const struct ip_address *remote);
/* Log when the responder starts or stops demanding COOKIEs from everyone. */
void ike_dos_note(struct ike_env *env);
/* "ddos-cookies-threshold=N, ddos-max-halfopen=N, ddos-mode=M" as
 * Libreswan's `ipsec status` shows them (the values in force). */
void ike_dos_describe(const struct ike_env *env, char *buf, size_t len);
unsigned ike_half_open_from(const struct ike_env *env, const struct ip_address *remote);
bool ike_cookie_make(struct ike_env *env, struct bytes ni, const struct ip_address *ipi,
		     const uint8_t spi_i[8], uint8_t out[IKE_COOKIE_SIZE]);
bool ike_cookie_valid(struct ike_env *env, struct bytes cookie, struct bytes ni,
		      const struct ip_address *ipi, const uint8_t spi_i[8]);

#endif
