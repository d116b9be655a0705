/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE_SA_INIT (RFC 7296 1.2), both roles: SA, KE, Ni/Nr, NAT detection
 * (2.23), SIGNATURE_HASH_ALGORITHMS (RFC 7427), INVALID_KE_PAYLOAD (the
 * responder names the group it wants; the initiator retries with it) and
 * COOKIE (2.6: the initiator resends with the cookie; a responder under
 * load demands and verifies one).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pk11pub.h>

#include "connections.h"
#include "crypto/crypto_nss.h"
#include "crypto/sk.h"
#include "crypto/symkey.h"
#include "ikev2.h"
#include "ikev2_rules.h"
#include "log.h"

bool ike_sa_responder_spis(struct ike_sa *ike, const uint8_t spi_i[8]);

#define NAT_HASH_SIZE 20	/* SHA-1 (RFC 7296 2.23) */
#define MAX_KE_RETRIES 3
#define MAX_COOKIE_RETRIES 3
#define COOKIE_MAX 64		/* RFC 7296 2.6: 1..64 octets */

/* RFC 7427 hash algorithm ids we can verify: SHA2-256, -384, -512. */
static const uint8_t sig_hash_algs[] = { 0, 2, 0, 3, 0, 4 };

static bool nat_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const struct ip_address *a,
		     uint16_t port, uint8_t out[NAT_HASH_SIZE])
{
	uint8_t in[8 + 8 + 16 + 2];
	size_t alen = ip_address_len(a), n = 0;

	memcpy(in, spi_i, 8);
	memcpy(in + 8, spi_r, 8);
	n = 16;
	memcpy(in + n, a->bytes, alen);
	n += alen;
	in[n++] = (uint8_t)(port >> 8);
	in[n++] = (uint8_t)port;
	return PK11_HashBuf(SEC_OID_SHA1, out, in, (PRInt32)n) == SECSuccess;
}

static bool add_nat_detection(struct ikev2_builder *b, const struct ike_sa *ike,
			      const uint8_t spi_r[8], struct diag *d)
{
	uint8_t src[NAT_HASH_SIZE], dst[NAT_HASH_SIZE];

	if (!nat_hash(ike->spi_i, spi_r, &ike->local, ike->local_port, src) ||
	    !nat_hash(ike->spi_i, spi_r, &ike->remote, ike->remote_port, dst))
		return diag(d, "NSS SHA-1 failed");
	return ikev2_add_notify(b, 0, NO_BYTES, IKEV2_N_NAT_DETECTION_SOURCE_IP,
				BYTES(src, sizeof(src)), d) &&
	       ikev2_add_notify(b, 0, NO_BYTES, IKEV2_N_NAT_DETECTION_DESTINATION_IP,
				BYTES(dst, sizeof(dst)), d);
}

/*
 * The peer's NAT_DETECTION payloads against what we see.  SPI_R is
 * what the sender used (zero in a request).  A source mismatch: the
 * peer is behind a NAT; a destination mismatch: we are.
 */
static void check_nat_detection(struct ike_sa *ike, const struct ikev2_msg *m,
				const uint8_t spi_r[8])
{
	const struct ikev2_notify *src = ikev2_msg_notify(m, IKEV2_N_NAT_DETECTION_SOURCE_IP);
	const struct ikev2_notify *dst = ikev2_msg_notify(m, IKEV2_N_NAT_DETECTION_DESTINATION_IP);
	uint8_t h[NAT_HASH_SIZE];

	if (src == NULL || dst == NULL)
		return;
	/* Several SOURCE_IP payloads are allowed (multi-homed peers): any
	 * match means no NAT in front of the peer. */
	bool src_match = false;
	for (const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_N); p != NULL;
	     p = ikev2_msg_next_of_type(m, p)) {
		if (p->u.n.type != IKEV2_N_NAT_DETECTION_SOURCE_IP ||
		    p->u.n.data.len != NAT_HASH_SIZE)
			continue;
		if (nat_hash(ike->spi_i, spi_r, &ike->remote, ike->remote_port, h) &&
		    memcmp(h, p->u.n.data.ptr, NAT_HASH_SIZE) == 0)
			src_match = true;
	}
	bool dst_match = dst->data.len == NAT_HASH_SIZE &&
			 nat_hash(ike->spi_i, spi_r, &ike->local, ike->local_port, h) &&
			 memcmp(h, dst->data.ptr, NAT_HASH_SIZE) == 0;

	ike->nat_detected_remote = !src_match;
	ike->nat_detected_local = !dst_match;
	if (!src_match || !dst_match)
		ike_log(ike, "NAT detected: %s%s%s", !dst_match ? "we are behind a NAT" : "",
			!src_match && !dst_match ? "; " : "",
			!src_match ? "the peer is behind a NAT" : "");
}

static bool save_msg(struct sent_msg *m, struct bytes bytes)
{
	uint8_t *copy = malloc(bytes.len);

	if (copy == NULL)
		return false;
	memcpy(copy, bytes.ptr, bytes.len);
	free(m->bytes);
	m->bytes = copy;
	m->len = bytes.len;
	m->msgid = 0;
	return true;
}

/*
 * The payloads of an IKE_SA_INIT request after its COOKIE notification
 * (RFC 7296 2.6: the COOKIE comes first), or all of them when it has
 * none.  MSG is a request that parsed already; the bounds are checked
 * again all the same.  Empty when it cannot be read.
 */
static struct bytes payloads_after_cookie(struct bytes msg)
{
	const uint8_t *p = msg.ptr;

	if (msg.len < IKEV2_HDR_SIZE)
		return NO_BYTES;
	if (p[16] != IKEV2_NP_N)
		return BYTES(p + IKEV2_HDR_SIZE, msg.len - IKEV2_HDR_SIZE);
	/* Notify: generic header, protocol ID, SPI size, type. */
	if (msg.len < IKEV2_HDR_SIZE + IKEV2_GENERIC_HDR_SIZE + 4)
		return NO_BYTES;
	const uint8_t *n = p + IKEV2_HDR_SIZE;
	size_t nlen = (size_t)n[2] << 8 | n[3];
	unsigned type = (unsigned)n[6] << 8 | n[7];
	if (type != IKEV2_N_COOKIE)
		return BYTES(p + IKEV2_HDR_SIZE, msg.len - IKEV2_HDR_SIZE);
	if (nlen < IKEV2_GENERIC_HDR_SIZE + 4 || nlen > msg.len - IKEV2_HDR_SIZE)
		return NO_BYTES;
	return BYTES(n + nlen, msg.len - IKEV2_HDR_SIZE - nlen);
}

/*
 * The initiator sent its IKE_SA_INIT, retransmitted it, and we answered
 * one copy with a COOKIE (we were demanding them) and made this SA from
 * the other (we no longer were).  It answered the COOKIE with the same
 * request plus the cookie, and it will sign that last request in
 * IKE_AUTH (RFC 7296 2.15: its first message as it sent it).  So the
 * resend replaces the copy AUTH is checked against -- when it is the
 * same offer (every payload after the cookie identical: SA, KE, nonce,
 * NAT detection) with a cookie of ours.  A late copy without a cookie
 * changes nothing.  Without this the initiator's AUTH failed under load
 * (12 of 200 tunnels in the setup-rate benchmark).
 */
void ikev2_sa_init_note_resend(struct ike_sa *ike, const struct ikev2_msg *m)
{
	const struct sent_msg *have = &ike->init_request;

	if (ike->role != SA_ROLE_RESPONDER || ike->state != IKE_STATE_PARENT_R1 ||
	    have->bytes == NULL)
		return;
	if (m->datagram.len == have->len && memcmp(m->datagram.ptr, have->bytes, have->len) == 0)
		return;		/* a plain retransmission */
	const struct ikev2_notify *ck = ikev2_msg_notify(m, IKEV2_N_COOKIE);
	if (ck == NULL)
		return;
	struct bytes now = payloads_after_cookie(m->datagram);
	struct bytes before = payloads_after_cookie(BYTES(have->bytes, have->len));
	if (now.len == 0 || now.len != before.len || memcmp(now.ptr, before.ptr, now.len) != 0)
		return;
	if (!ike_cookie_valid(ike->env, ck->data, BYTES(ike->ni, ike->ni_len), &ike->remote,
			      ike->spi_i))
		return;
	if (!save_msg(&ike->init_request, m->datagram))
		return;		/* out of memory: AUTH will tell */
	ldbg(DBG_BASE, "#%lu: the initiator resent IKE_SA_INIT with our COOKIE; AUTH is checked "
	     "against that copy", ike->serial);
}

/* "{cipher=AES_GCM_16_256 integ=n/a prf=HMAC_SHA2_512 group=DH19}" */
const char *suite_fmt(const struct ike_suite *s, char *buf, size_t cap)
{
	char cipher[48];

	if (s->enc_key_bits != 0)
		snprintf(cipher, sizeof(cipher), "%s_%u", s->encr->fqn, s->enc_key_bits);
	else
		snprintf(cipher, sizeof(cipher), "%s", s->encr->fqn);
	snprintf(buf, cap, "{cipher=%s integ=%s prf=%s group=%s}", cipher,
		 s->integ == NULL || s->integ->id == IKEv2_INTEG_NONE ? "n/a" : s->integ->fqn,
		 s->prf != NULL ? s->prf->fqn : "n/a", s->dh != NULL ? s->dh->fqn : "none");
	return buf;
}

/* g^ir, SKEYSEED and the SK_* keys, once both nonces and SPIs are known. */
static bool derive_ike_keys(struct ike_sa *ike, struct bytes peer_ke, struct diag *d)
{
	struct ike_suite suite;

	if (!proposal_to_suite(&ike->chosen, &suite, d))
		return false;
	if (suite.prf == NULL || suite.dh == NULL)
		return diag(d, "the IKE proposal lacks a PRF or a DH group");
	PK11SymKey *gir = dh_shared_secret(&ike->dh, peer_ke, d);
	if (gir == NULL)
		return false;
	/* Nothing needs our DH private key again (a retry after COOKIE or
	 * INVALID_KE comes before this); its public value stays. */
	dh_local_drop_private(&ike->dh);
	PK11SymKey *skeyseed = ikev2_skeyseed(suite.prf, BYTES(ike->ni, ike->ni_len),
					      BYTES(ike->nr, ike->nr_len), gir, d);
	symkey_release(&gir);
	if (skeyseed == NULL)
		return false;
	bool ok = ikev2_derive_ike_keys(&suite, skeyseed, BYTES(ike->ni, ike->ni_len),
					BYTES(ike->nr, ike->nr_len), ike->spi_i, ike->spi_r,
					&ike->keys, d);
	symkey_release(&skeyseed);
	ike->have_keys = ok;
	return ok;
}

/* ---- initiator ---- */

struct ike_sa *ike_initiate(struct connection *c, struct whack_ctx *w, struct diag *d)
{
	struct ike_env *env = ike_env_default;

	if (env == NULL) {
		diag(d, "the IKE layer is not running");
		return NULL;
	}
	if (!ip_address_is_set(&c->remote.host) || ip_address_is_any(&c->remote.host)) {
		diag(d, "cannot initiate: the remote address is %%any");
		return NULL;
	}
	struct ike_sa *ike = ike_sa_new(env, c, SA_ROLE_INITIATOR);
	if (ike == NULL) {
		diag(d, "out of memory (or no random IKE SPI)");
		return NULL;
	}
	ike->local = c->local.host;
	ike->remote = c->remote.host;
	ike->local_port = c->local.ike_port != 0 ? c->local.ike_port : 500;
	ike->remote_port = c->remote.ike_port != 0 ? c->remote.ike_port : 500;
	ike->whack = w;
	c->newest_ike_sa = ike->serial;
	ike_log(ike, "initiating IKEv2 connection");
	if (!ike_pacing_admit(ike))
		return ike;	/* queued: ike_pacing.c starts it */
	if (!ikev2_sa_init_initiate(ike, d)) {
		ike->whack = NULL;	/* the caller reports D */
		ike_sa_delete(ike);
		return NULL;
	}
	return ike;
}

/* The group of our KE: the first DH of our first proposal, unless the
 * responder asked for another one (INVALID_KE_PAYLOAD). */
static const struct ike_alg *first_group(const struct proposals *ps)
{
	for (unsigned i = 0; i < ps->count; i++) {
		const struct transform_list *dh = &ps->p[i].types[TRANS_DH];
		for (unsigned k = 0; k < dh->count; k++)
			if (dh->t[k].id != IKEv2_DH_NONE)
				return ike_alg_by_id(TRANS_DH, dh->t[k].id);
	}
	return NULL;
}

static bool we_offer_group(const struct proposals *ps, unsigned group)
{
	for (unsigned i = 0; i < ps->count; i++) {
		const struct transform_list *dh = &ps->p[i].types[TRANS_DH];
		for (unsigned k = 0; k < dh->count; k++)
			if (dh->t[k].id == group && group != IKEv2_DH_NONE)
				return true;
	}
	return false;
}

bool ikev2_sa_init_initiate(struct ike_sa *ike, struct diag *d)
{
	struct connection *c = ike->c;
	static const uint8_t zero[8];

	if (ike->ke_group == NULL)
		ike->ke_group = first_group(&c->ike_proposals);
	if (ike->ke_group == NULL)
		return diag(d, "ike= proposals name no DH group");
	/* A COOKIE retry resends the same KE and nonce (RFC 7296 2.6). */
	if (ike->dh.priv == NULL || ike->dh.group != ike->ke_group) {
		dh_local_free(&ike->dh);
		if (!dh_local_new(ike->ke_group, &ike->dh, d))
			return false;
	}
	if (ike->ni_len == 0) {
		ike->ni_len = IKE_NONCE_SIZE;
		if (!crypto_random(ike->ni, ike->ni_len))
			return diag(d, "NSS random number generator failed");
	}

	uint8_t sa_body[2048];
	struct buf sab = BUF(sa_body, sizeof(sa_body));
	if (!sa_payload_emit(&c->ike_proposals, true, &sab, d))
		return false;
	if (sab.overflow)
		return diag(d, "ike= proposals do not fit in an SA payload");

	struct ikev2_out *o = calloc(1, sizeof(*o));
	if (o == NULL)
		return diag(d, "out of memory");
	/* IKE_SA_INIT always uses message ID 0, retries included. */
	ike->msgid.next_send = 0;
	ike->msgid.request_outstanding = false;
	bool ok = ikev2_out_start(o, ike, IKEV2_EXCH_IKE_SA_INIT, false, 0, false, d) &&
		  (ike->cookie == NULL ||
		   ikev2_add_notify(&o->bld, 0, NO_BYTES, IKEV2_N_COOKIE,
				    BYTES(ike->cookie, ike->cookie_len), d)) &&
		  ikev2_add_sa_body(&o->bld, buf_bytes(&sab), d) &&
		  ikev2_add_ke(&o->bld, ike->ke_group->id, BYTES(ike->dh.ke, ike->dh.ke_len), d) &&
		  ikev2_add_nonce(&o->bld, BYTES(ike->ni, ike->ni_len), d) &&
		  add_nat_detection(&o->bld, ike, zero, d) &&
		  ikev2_add_notify(&o->bld, 0, NO_BYTES, IKEV2_N_SIGNATURE_HASH_ALGORITHMS,
				   BYTES(sig_hash_algs, sizeof(sig_hash_algs)), d) &&
		  ikev2_out_finish(o, ike, d) &&
		  save_msg(&ike->init_request, BYTES(o->buf, o->len));
	if (ok) {
		ikev2_send_cleanup(ike);	/* a retry restarts the schedule */
		ok = ikev2_send_request(ike, o, d);
	}
	if (ok) {
		char ep[IP_FMT_BUF];
		ike->state = IKE_STATE_PARENT_I1;
		ike_log(ike, "sent IKE_SA_INIT request to %s",
			endpoint_fmt(&ike->remote, ike->remote_port, ep));
	}
	free(o);
	return ok;
}

static void initiator_fail(struct ike_sa *ike, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void initiator_fail(struct ike_sa *ike, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ike_log(ike, "%s", msg);
	ike->state = IKE_STATE_DELETING;
	ike_sa_delete(ike);
}

/* The responder answered with a notify instead of an SA: retry or give up. */
static bool handle_init_notify(struct ike_sa *ike, const struct ikev2_msg *m)
{
	struct diag d;
	const struct ikev2_notify *n;

	if ((n = ikev2_msg_notify(m, IKEV2_N_COOKIE)) != NULL) {
		if (n->data.len < 1 || n->data.len > COOKIE_MAX) {
			ike_log(ike, "ignoring COOKIE notification of %zu octets (1..64 allowed)",
				n->data.len);
			return true;
		}
		if (ike->cookie != NULL && n->data.len == ike->cookie_len &&
		    memcmp(n->data.ptr, ike->cookie, ike->cookie_len) == 0) {
			/* The answer to a copy sent before the cookie (our
			 * retransmission): the request with it is on its way
			 * and keeps its own schedule. */
			ldbg(DBG_BASE, "#%lu: COOKIE we already sent back; ignored", ike->serial);
			return true;
		}
		if (++ike->cookie_retries > MAX_COOKIE_RETRIES) {
			initiator_fail(ike, "%s", "too many COOKIE requests from the responder; giving up");
			return true;
		}
		free(ike->cookie);
		ike->cookie = malloc(n->data.len);
		if (ike->cookie == NULL) {
			initiator_fail(ike, "%s", "out of memory");
			return true;
		}
		memcpy(ike->cookie, n->data.ptr, n->data.len);
		ike->cookie_len = n->data.len;
		ikev2_request_done(ike);
		ike_log(ike, "received COOKIE notification; resending IKE_SA_INIT request with it");
		if (!ikev2_sa_init_initiate(ike, &d))
			initiator_fail(ike, "resending IKE_SA_INIT failed: %s", d.msg);
		return true;
	}
	if ((n = ikev2_msg_notify(m, IKEV2_N_INVALID_KE_PAYLOAD)) != NULL) {
		if (n->data.len != 2) {
			ike_log(ike, "ignoring INVALID_KE_PAYLOAD notification with %zu octets of data "
				"(2 expected)", n->data.len);
			return true;
		}
		unsigned group = (unsigned)n->data.ptr[0] << 8 | n->data.ptr[1];
		const struct ike_alg *g = ike_alg_by_id(TRANS_DH, group);
		if (g == NULL || !we_offer_group(&ike->c->ike_proposals, group) ||
		    g == ike->ke_group) {
			char gname[16];
			snprintf(gname, sizeof(gname), "%u", group);
			initiator_fail(ike, "IKE_SA_INIT response asked for DH group %s, which we did "
				       "not offer or already sent; giving up", gname);
			return true;
		}
		if (++ike->ke_retries > MAX_KE_RETRIES) {
			initiator_fail(ike, "%s", "too many INVALID_KE_PAYLOAD responses; giving up");
			return true;
		}
		ike_log(ike, "received INVALID_KE_PAYLOAD response suggesting %s; resending "
			"IKE_SA_INIT request with KE %s", g->fqn, g->fqn);
		ike->ke_group = g;
		ikev2_request_done(ike);
		if (!ikev2_sa_init_initiate(ike, &d))
			initiator_fail(ike, "resending IKE_SA_INIT failed: %s", d.msg);
		return true;
	}
	/* Any error notify ends the attempt. */
	for (const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_N); p != NULL;
	     p = ikev2_msg_next_of_type(m, p)) {
		if (p->u.n.type < IKEV2_N_STATUS_FIRST) {
			char ep[IP_FMT_BUF];
			ike_log(ike, "IKE_SA_INIT request rejected by %s with %s",
				endpoint_fmt(&ike->remote, ike->remote_port, ep),
				name_of(&ikev2_notify_names, p->u.n.type));
			ike_sa_delete(ike);
			return true;
		}
	}
	return false;
}

void ikev2_sa_init_process_response(struct ike_sa *ike, struct ikev2_msg *m)
{
	struct diag d;
	const struct ikev2_rule_set *rs = ikev2_rules_for(m);
	char ep[IP_FMT_BUF];
	static const uint8_t zero[8];

	if (handle_init_notify(ike, m))
		return;
	if (rs == NULL || !ikev2_check_payload_rules(m, rs, &d)) {
		/* Unauthenticated garbage: keep waiting for a good answer. */
		ike_log(ike, "ignoring bad IKE_SA_INIT response: %s", rs ? d.msg : "no rules");
		return;
	}
	if (memcmp(m->hdr.spi_r.ptr, zero, 8) == 0) {
		ike_log(ike, "ignoring IKE_SA_INIT response with a zero SPIr");
		return;
	}
	const struct ikev2_payload *sa = ikev2_msg_first(m, IKEV2_NP_SA);
	const struct ikev2_payload *ke = ikev2_msg_first(m, IKEV2_NP_KE);
	const struct ikev2_payload *nr = ikev2_msg_first(m, IKEV2_NP_NONCE);
	struct proposals answer;

	if (sa == NULL || ke == NULL || nr == NULL || sa->raw.len < IKEV2_GENERIC_HDR_SIZE) {
		ike_log(ike, "ignoring IKE_SA_INIT response without SA, KE or Nr");
		return;
	}
	if (!sa_payload_parse(sa->u.sa.body, &answer, &d) ||
	    !proposals_check_answer(&ike->c->ike_proposals, &answer, SA_PROTO_IKE, 0,
				    &ike->chosen, &d)) {
		initiator_fail(ike, "IKE_SA_INIT response has an unacceptable SA payload: %s", d.msg);
		return;
	}
	const struct transform_list *dh = &ike->chosen.types[TRANS_DH];
	if (dh->count != 1 || dh->t[0].id != ike->ke_group->id || ke->u.ke.group != ike->ke_group->id) {
		initiator_fail(ike, "%s", "IKE_SA_INIT response: the accepted DH group or the KE "
			       "group is not the one we sent");
		return;
	}
	if (nr->u.nonce.data.len < 16 || nr->u.nonce.data.len > sizeof(ike->nr)) {
		initiator_fail(ike, "%s", "IKE_SA_INIT response: Nr has a bad length");
		return;
	}
	memcpy(ike->nr, nr->u.nonce.data.ptr, nr->u.nonce.data.len);
	ike->nr_len = nr->u.nonce.data.len;
	ike_sa_set_spi_r(ike, m->hdr.spi_r.ptr);
	check_nat_detection(ike, m, ike->spi_r);
	if (!derive_ike_keys(ike, ke->u.ke.data, &d)) {
		initiator_fail(ike, "IKE_SA_INIT response: key derivation failed: %s", d.msg);
		return;
	}
	if (!save_msg(&ike->init_response, m->datagram)) {
		initiator_fail(ike, "%s", "out of memory");
		return;
	}
	ikev2_request_done(ike);
	char suite[160];
	ldbg(DBG_BASE, "#%lu: processed IKE_SA_INIT response from %s %s, initiating IKE_AUTH",
	     ike->serial, endpoint_fmt(&ike->remote, ike->remote_port, ep),
	     suite_fmt(&ike->keys.suite, suite, sizeof(suite)));
	/* RFC 7296 2.23: behind a NAT (either side) IKE moves to 4500. */
	bool force = ike->c->config != NULL && ike->c->config->encapsulation == YNA_YES;
	if (ike->nat_detected_local || ike->nat_detected_remote || force) {
		ike->natt = true;
		ike->local_port = 4500;
		if (ike->remote_port == 500)
			ike->remote_port = 4500;
		ike->iface = NULL;	/* the sender finds the 4500 socket */
	}
	if (!ikev2_auth_initiate(ike, &d))
		initiator_fail(ike, "cannot send IKE_AUTH request: %s", d.msg);
}

/* ---- responder ---- */

/* An answer with one notify and no state (errors, COOKIE).  CNAME is
 * the connection's quoted name for the log, NULL when there is none. */
static void send_init_notify(struct ike_env *env, const struct ikev2_msg *m,
			     const struct ip_address *local, uint16_t local_port,
			     const struct ip_address *remote, uint16_t remote_port,
			     const struct iface_udp *iface, const char *cname,
			     uint16_t type, struct bytes data)
{
	struct ike_sa tmp = {
		.env = env, .role = SA_ROLE_RESPONDER,
		.local = *local, .local_port = local_port,
		.remote = *remote, .remote_port = remote_port, .iface = iface,
	};
	struct ikev2_out *o = calloc(1, sizeof(*o));
	struct diag d;

	if (o == NULL)
		return;
	memcpy(tmp.spi_i, m->hdr.spi_i.ptr, 8);
	/* Libreswan 4.10's words; COOKIEs are sent under load: not logged. */
	if (type != IKEV2_N_COOKIE) {
		char ep[IP_FMT_BUF];
		llog("%s%sresponding to IKE_SA_INIT message (ID %u) from %s with unencrypted "
		     "notification %s", cname != NULL ? cname : "", cname != NULL ? ": " : "",
		     m->hdr.msgid, endpoint_fmt(remote, remote_port, ep),
		     name_of(&ikev2_notify_names, type));
	}
	if (!ikev2_out_start(o, &tmp, IKEV2_EXCH_IKE_SA_INIT, true, 0, false, &d) ||
	    !ikev2_add_notify(&o->bld, 0, NO_BYTES, type, data, &d) ||
	    !ikev2_out_finish(o, &tmp, &d) || !ikev2_send_raw(&tmp, o->buf, o->len, &d))
		llog("cannot answer IKE_SA_INIT with %s: %s", name_of(&ikev2_notify_names, type),
		     d.msg);
	free(o);
}

void ikev2_sa_init_respond(struct ike_env *env, struct ikev2_msg *m,
			   const struct ip_address *local, uint16_t local_port,
			   const struct ip_address *remote, uint16_t remote_port,
			   const struct iface_udp *iface)
{
	char ep[IP_FMT_BUF], cname[CONNECTION_NAME_BUF];
	struct diag d;
	const struct ikev2_rule_set *rs = ikev2_rules_for(m);

	endpoint_fmt(remote, remote_port, ep);
	if (rs == NULL || !ikev2_check_payload_rules(m, rs, &d)) {
		llog("dropping IKE_SA_INIT request from %s: %s", ep, rs ? d.msg : "no rules");
		return;
	}
	const struct ikev2_payload *sa = ikev2_msg_first(m, IKEV2_NP_SA);
	const struct ikev2_payload *ke = ikev2_msg_first(m, IKEV2_NP_KE);
	const struct ikev2_payload *ni = ikev2_msg_first(m, IKEV2_NP_NONCE);
	if (sa == NULL || ke == NULL || ni == NULL || sa->raw.len < IKEV2_GENERIC_HDR_SIZE) {
		llog("dropping IKE_SA_INIT request from %s: SA, KE or Ni missing", ep);
		return;
	}
	struct bytes ni_data = ni->u.nonce.data;
	if (ni_data.len < 16 || ni_data.len > 256) {
		llog("dropping IKE_SA_INIT request from %s: Ni of %zu octets", ep, ni_data.len);
		return;
	}

	/* Under load, demand proof that the peer receives at its address
	 * (ike_dos.c); at the cap, make no state at all. */
	ike_dos_note(env);
	switch (ike_dos_check(env, remote)) {
	case IKE_DOS_ACCEPT:
		break;
	case IKE_DOS_DROP:
		if (env->inits_dropped_full++ % 1000 == 0)
			llog("dropping IKE_SA_INIT request from %s: %u half-open IKE SAs (the limit); "
			     "%lu dropped so far", ep, env->half_open, env->inits_dropped_full);
		return;
	case IKE_DOS_COOKIE: {
		uint8_t want[IKE_COOKIE_SIZE];
		const struct ikev2_notify *ck = ikev2_msg_notify(m, IKEV2_N_COOKIE);
		if (ck != NULL && ike_cookie_valid(env, ck->data, ni_data, remote,
						   m->hdr.spi_i.ptr))
			break;
		if (!ike_cookie_make(env, ni_data, remote, m->hdr.spi_i.ptr, want))
			return;
		ldbg(DBG_BASE, "IKE_SA_INIT from %s: %s; answering with COOKIE", ep,
		     ck == NULL ? "no cookie" : "wrong cookie");
		env->cookies_sent++;
		send_init_notify(env, m, local, local_port, remote, remote_port, iface,
				 NULL, IKEV2_N_COOKIE, BYTES(want, sizeof(want)));
		return;
	}
	}

	struct connection *c = connection_find_for_responder(local, remote);
	if (c == NULL) {
		llog("IKE_SA_INIT request from %s: no connection is configured for it", ep);
		send_init_notify(env, m, local, local_port, remote, remote_port, iface, NULL,
				 IKEV2_N_NO_PROPOSAL_CHOSEN, NO_BYTES);
		return;
	}
	connection_name(c, cname);

	struct proposals *remote_props = calloc(1, sizeof(*remote_props));
	struct proposal chosen;
	if (remote_props == NULL)
		return;
	bool parsed = sa_payload_parse(sa->u.sa.body, remote_props, &d);
	bool chosen_ok = parsed && proposals_choose(&c->ike_proposals, remote_props, SA_PROTO_IKE,
						    0, &chosen, &d);
	if (!chosen_ok) {
		if (parsed) {
			/* Libreswan 4.10's words, our proposal notation. */
			char list[600] = "", one[160];
			for (unsigned i = 0; i < remote_props->count && i < PROPOSALS_MAX; i++) {
				proposal_str(&remote_props->p[i], one, sizeof(one));
				size_t at = strlen(list);
				snprintf(list + at, sizeof(list) - at, "%s%u:%s", i > 0 ? " " : "",
					 remote_props->p[i].number, one);
			}
			llog("%s: no local proposal matches remote proposals %s", cname, list);
		} else {
			llog("%s: IKE_SA_INIT request from %s: %s", cname, ep, d.msg);
		}
		free(remote_props);
		send_init_notify(env, m, local, local_port, remote, remote_port, iface, cname,
				 IKEV2_N_NO_PROPOSAL_CHOSEN, NO_BYTES);
		return;
	}
	free(remote_props);
	const struct transform_list *dh = &chosen.types[TRANS_DH];
	const struct ike_alg *group = dh->count == 1 ? ike_alg_by_id(TRANS_DH, dh->t[0].id) : NULL;
	if (group == NULL) {
		llog("%s: IKE_SA_INIT request from %s: the chosen proposal has no usable DH group",
		     cname, ep);
		send_init_notify(env, m, local, local_port, remote, remote_port, iface, cname,
				 IKEV2_N_NO_PROPOSAL_CHOSEN, NO_BYTES);
		return;
	}
	if (ke->u.ke.group != group->id) {
		uint8_t want[2] = { (uint8_t)(group->id >> 8), (uint8_t)group->id };
		const struct ike_alg *sent = ike_alg_by_id(TRANS_DH, ke->u.ke.group);
		char sent_name[16];
		snprintf(sent_name, sizeof(sent_name), "%u", ke->u.ke.group);
		llog("%s: IKE_SA_INIT request from %s has KE %s; suggesting %s", cname, ep,
		     sent != NULL ? sent->fqn : sent_name, group->fqn);
		send_init_notify(env, m, local, local_port, remote, remote_port, iface, cname,
				 IKEV2_N_INVALID_KE_PAYLOAD, BYTES(want, sizeof(want)));
		return;
	}
	if (ke->u.ke.data.len != group->ke_size) {
		llog("\"%s\": dropping IKE_SA_INIT request from %s: KE of %zu octets for %s "
		     "(%zu expected)", c->name, ep, ke->u.ke.data.len, group->fqn, group->ke_size);
		return;
	}

	if (c->kind == CK_TEMPLATE) {
		struct connection *inst = connection_instantiate(c, remote);
		if (inst == NULL) {
			llog("\"%s\": cannot instantiate for %s", c->name, ep);
			return;
		}
		c = inst;
	}
	struct ike_sa *ike = ike_sa_new(env, c, SA_ROLE_RESPONDER);
	if (ike == NULL || !ike_sa_responder_spis(ike, m->hdr.spi_i.ptr)) {
		llog("\"%s\": out of memory for IKE_SA_INIT from %s", c->name, ep);
		if (ike != NULL)
			ike_sa_delete(ike);
		return;
	}
	ike->local = *local;
	ike->local_port = local_port;
	ike->remote = *remote;
	ike->remote_port = remote_port;
	ike->iface = iface;
	ike->chosen = chosen;
	ike->ke_group = group;
	ike->state = IKE_STATE_PARENT_R1;
	env->half_open++;
	if (env->half_open > env->half_open_peak)
		env->half_open_peak = env->half_open;
	memcpy(ike->ni, ni_data.ptr, ni_data.len);
	ike->ni_len = ni_data.len;
	ike->nr_len = IKE_NONCE_SIZE;
	static const uint8_t zero[8];

	check_nat_detection(ike, m, zero);
	struct ikev2_out *o = NULL;
	uint8_t sa_body[512];
	struct buf sab = BUF(sa_body, sizeof(sa_body));
	struct proposals one = { .count = 1 };
	one.p[0] = chosen;

	bool ok = crypto_random(ike->nr, ike->nr_len) &&
		  dh_local_new(group, &ike->dh, &d) &&
		  derive_ike_keys(ike, ke->u.ke.data, &d) &&
		  save_msg(&ike->init_request, m->datagram) &&
		  sa_payload_emit(&one, false, &sab, &d) && !sab.overflow &&
		  (o = calloc(1, sizeof(*o))) != NULL &&
		  ikev2_out_start(o, ike, IKEV2_EXCH_IKE_SA_INIT, true, 0, false, &d) &&
		  ikev2_add_sa_body(&o->bld, buf_bytes(&sab), &d) &&
		  ikev2_add_ke(&o->bld, group->id, BYTES(ike->dh.ke, ike->dh.ke_len), &d) &&
		  ikev2_add_nonce(&o->bld, BYTES(ike->nr, ike->nr_len), &d) &&
		  add_nat_detection(&o->bld, ike, ike->spi_r, &d) &&
		  ikev2_add_notify(&o->bld, 0, NO_BYTES, IKEV2_N_SIGNATURE_HASH_ALGORITHMS,
				   BYTES(sig_hash_algs, sizeof(sig_hash_algs)), &d) &&
		  ikev2_out_finish(o, ike, &d) &&
		  save_msg(&ike->init_response, BYTES(o->buf, o->len));
	if (!ok) {
		ike_log(ike, "cannot answer IKE_SA_INIT request from %s: %s", ep, d.msg);
		free(o);
		ike_sa_delete(ike);
		return;
	}
	char suite[160];
	ike->msgid.next_recv = 1;
	ike_half_open_timer(ike);
	if (!ikev2_send_response(ike, o, 0, &d))
		ike_log(ike, "sending IKE_SA_INIT response to %s failed: %s", ep, d.msg);
	else	/* Libreswan 4.10's words */
		ike_log(ike, "sent IKE_SA_INIT reply %s",
			suite_fmt(&ike->keys.suite, suite, sizeof(suite)));
	free(o);
}
