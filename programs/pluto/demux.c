/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * From a datagram to an exchange handler: refuse IKEv1, decode the
 * header and payloads, find the IKE SA by its SPIs (or make a responder
 * SA for a new IKE_SA_INIT), apply the message-ID window (a retransmitted
 * request is answered from the last-response cache; a response must
 * answer our outstanding request), decrypt SK, check the payload rules,
 * dispatch.  Every check happens before a byte is trusted.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "connections.h"
#include "crypto/sk.h"
#include "ikev2.h"
#include "ikev2_rekey.h"
#include "ikev2_rules.h"
#include "log.h"

struct ike_sa *ike_sa_find_initiator(struct ike_env *env, const uint8_t spi_i[8]);

enum msgid_verdict msgid_check(const struct msgid_window *w, bool response, uint32_t msgid)
{
	if (response) {
		if (w->request_outstanding && msgid == w->request.msgid)
			return MSGID_EXPECTED_RESPONSE;
		return MSGID_UNEXPECTED_RESPONSE;
	}
	if (msgid == w->next_recv)
		return MSGID_NEW_REQUEST;
	if (w->have_response && w->response.msgid == msgid && msgid + 1 == w->next_recv)
		return MSGID_RETRANSMIT;
	if (msgid < w->next_recv)
		return MSGID_OLD_REQUEST;
	return MSGID_FUTURE_REQUEST;
}

const char *msgid_verdict_name(enum msgid_verdict v)
{
	switch (v) {
	case MSGID_NEW_REQUEST: return "new request";
	case MSGID_RETRANSMIT: return "retransmitted request";
	case MSGID_OLD_REQUEST: return "old request";
	case MSGID_FUTURE_REQUEST: return "request beyond the window";
	case MSGID_EXPECTED_RESPONSE: return "expected response";
	case MSGID_UNEXPECTED_RESPONSE: return "unexpected response";
	}
	return "?";
}

static void drop(const struct ip_address *remote, uint16_t port, const char *why)
{
	char ep[IP_FMT_BUF];

	llog("dropping packet from %s: %s", endpoint_fmt(remote, port, ep), why);
}

/* Decrypt M's SK payload in place (BUF is M's datagram, writable) and
 * decode what is inside; check the exchange's payload rules. */
static bool decrypt_and_decode(struct ike_sa *ike, struct ikev2_msg *m, uint8_t *buf,
			       size_t len, struct diag *d)
{
	const struct ikev2_rule_set *rs = ikev2_rules_for(m);

	if (rs == NULL)
		return diag(d, "%s exchange is not supported",
			    name_of(&ikev2_exchange_names, m->hdr.exchange));
	if (!ikev2_check_plaintext_rules(m, rs, d))
		return false;
	if (!m->sk.present)
		return diag(d, "no SK payload");
	if (m->sk.fragment)
		return diag(d, "IKE fragments (SKF) are not supported");
	if (!ike->have_keys)
		return diag(d, "encrypted message before keys exist");
	/* SK is the last payload: its end is the message's end. */
	if (m->sk.offset + m->sk.aad.len == 0 || m->sk.aad.len > len)
		return diag(d, "SK payload out of range");
	size_t header_len = m->sk.aad.len;
	size_t plain_off, plain_len;
	bool sender_is_initiator = (m->hdr.flags & IKEV2_FLAG_INITIATOR) != 0;

	if (!sk_decrypt(&ike->keys, sender_is_initiator, buf, header_len, m->hdr.length,
			&plain_off, &plain_len, d))
		return false;
	if (ikev2_msg_decode_inner(m, BYTES(buf + plain_off, plain_len), m->sk.inner_next, d) !=
	    IKEV2_MSG_OK)
		return false;
	/* CREATE_CHILD_SA's rules depend on what is inside: look again. */
	rs = ikev2_rules_for(m);
	return rs != NULL && ikev2_check_payload_rules(m, rs, d);
}

static void answer_retransmit(struct ike_sa *ike, const struct ikev2_msg *m)
{
	struct diag d;

	/* Libreswan 4.10's words. */
	ike_log(ike, "%s request has duplicate Message ID %u; retransmitting response",
		name_of(&ikev2_exchange_names, m->hdr.exchange), m->hdr.msgid);
	if (!ikev2_send_raw(ike, ike->msgid.response.bytes, ike->msgid.response.len, &d))
		ike_log(ike, "resending response failed: %s", d.msg);
}

/* "SK{IDi,N(INITIAL_CONTACT),AUTH,SA,TSi,TSr}" */
static const char *inner_payloads_fmt(const struct ikev2_msg *m, char *buf, size_t cap)
{
	struct buf b = BUF((uint8_t *)buf, cap - 1);

	buf_put(&b, "SK{", 3);
	bool first = true;
	for (unsigned i = 0; i < m->n_payloads && i < IKEV2_MAX_PAYLOADS; i++) {
		const struct ikev2_payload *p = &m->payloads[i];
		if (!p->encrypted)
			continue;
		char one[80];
		if (p->type == IKEV2_NP_N)
			snprintf(one, sizeof(one), "%sN(%s)", first ? "" : ",",
				 name_of(&ikev2_notify_names, p->u.n.type));
		else
			snprintf(one, sizeof(one), "%s%s", first ? "" : ",",
				 name_of(&ikev2_payload_names, p->type));
		buf_put(&b, one, strlen(one));
		first = false;
	}
	buf_put(&b, "}", 1);
	buf[b.overflow ? cap - 1 : b.len] = '\0';
	return buf;
}

static void dispatch_request(struct ike_sa *ike, struct ikev2_msg *m)
{
	switch (m->hdr.exchange) {
	case IKEV2_EXCH_IKE_AUTH:
		if (ike->role == SA_ROLE_RESPONDER && ike->state == IKE_STATE_PARENT_R1) {
			char list[400];
			ike_log(ike, "processing decrypted IKE_AUTH request: %s",
				inner_payloads_fmt(m, list, sizeof(list)));
			ikev2_auth_process_request(ike, m);
			return;
		}
		break;
	case IKEV2_EXCH_INFORMATIONAL:
		if (ike->state == IKE_STATE_ESTABLISHED || ike->state == IKE_STATE_DELETING) {
			ikev2_informational_process_request(ike, m);
			return;
		}
		break;
	case IKEV2_EXCH_CREATE_CHILD_SA:
		if (ike->state == IKE_STATE_ESTABLISHED) {
			/* Additional Child SAs and rekeys (ikev2_create_child.c
			 * answers every refusal itself). */
			ikev2_create_child_process_request(ike, m);
			return;
		}
		break;
	default:
		break;
	}
	ike_log(ike, "%s request with message ID %u is not expected in state %s; dropped",
		name_of(&ikev2_exchange_names, m->hdr.exchange), m->hdr.msgid,
		ike_state_name(ike->state));
}

static void dispatch_response(struct ike_sa *ike, struct ikev2_msg *m)
{
	switch (m->hdr.exchange) {
	case IKEV2_EXCH_IKE_AUTH:
		if (ike->state == IKE_STATE_PARENT_I2) {
			ikev2_auth_process_response(ike, m);
			return;
		}
		break;
	case IKEV2_EXCH_INFORMATIONAL:
		ikev2_informational_process_response(ike, m);
		return;
	case IKEV2_EXCH_CREATE_CHILD_SA:
		ikev2_create_child_process_response(ike, m);
		return;
	default:
		break;
	}
	ike_log(ike, "%s response with message ID %u is not expected in state %s; dropped",
		name_of(&ikev2_exchange_names, m->hdr.exchange), m->hdr.msgid,
		ike_state_name(ike->state));
}

void ikev2_demux(struct ike_env *env, const uint8_t *ptr, size_t len,
		 const struct ip_address *local, uint16_t local_port,
		 const struct ip_address *remote, uint16_t remote_port,
		 const struct iface_udp *iface)
{
	char ep[IP_FMT_BUF];
	struct diag d;

	/* Version octet: IKEv1 gets one clear line and no state (checked
	 * before anything else so even a short IKEv1 packet is named). */
	if (len >= 18 && (ptr[17] >> 4) == 1) {
		llog("IKEv1 packet from %s ignored: xswan speaks IKEv2 only",
		     endpoint_fmt(remote, remote_port, ep));
		return;
	}
	if (len < IKEV2_HDR_SIZE) {
		drop(remote, remote_port, "shorter than an IKE header");
		return;
	}
	/* Our own copy: SK is decrypted in place and the payload views
	 * point into it. */
	uint8_t *buf = malloc(len);
	struct ikev2_msg *m = calloc(1, sizeof(*m));

	if (buf == NULL || m == NULL) {
		drop(remote, remote_port, "out of memory");
		goto out;
	}
	memcpy(buf, ptr, len);
	switch (ikev2_msg_decode(m, BYTES(buf, len), &d)) {
	case IKEV2_MSG_OK:
		break;
	case IKEV2_MSG_IKEV1:
		llog("IKEv1 packet from %s ignored: xswan speaks IKEv2 only",
		     endpoint_fmt(remote, remote_port, ep));
		goto out;
	case IKEV2_MSG_BAD_MAJOR:
	case IKEV2_MSG_MALFORMED:
	case IKEV2_MSG_UNSUPPORTED_CRITICAL:
		drop(remote, remote_port, d.msg);
		goto out;
	}
	const uint8_t *spi_i = m->hdr.spi_i.ptr, *spi_r = m->hdr.spi_r.ptr;
	bool response = ikev2_msg_is_response(m);
	bool from_initiator = (m->hdr.flags & IKEV2_FLAG_INITIATOR) != 0;
	static const uint8_t zero[8];

	ldbg(DBG_PARSING, "received %s %s (message ID %u, %zu bytes) from %s",
	     name_of(&ikev2_exchange_names, m->hdr.exchange), response ? "response" : "request",
	     m->hdr.msgid, len, endpoint_fmt(remote, remote_port, ep));

	if (m->hdr.exchange == IKEV2_EXCH_IKE_SA_INIT) {
		if (!response) {
			if (!from_initiator || m->hdr.msgid != 0 || memcmp(spi_r, zero, 8) != 0) {
				drop(remote, remote_port, "IKE_SA_INIT request with a bad header");
				goto out;
			}
			struct ike_sa *old = ike_sa_find_half_open(env, spi_i, remote, remote_port);
			if (old != NULL) {
				if (old->msgid.have_response && old->msgid.response.msgid == 0) {
					ikev2_sa_init_note_resend(old, m);
					answer_retransmit(old, m);
				}
				goto out;
			}
			ikev2_sa_init_respond(env, m, local, local_port, remote, remote_port, iface);
			goto out;
		}
		struct ike_sa *ike = ike_sa_find_initiator(env, spi_i);
		if (ike == NULL || from_initiator || ike->state != IKE_STATE_PARENT_I1 ||
		    msgid_check(&ike->msgid, true, m->hdr.msgid) != MSGID_EXPECTED_RESPONSE) {
			drop(remote, remote_port, "IKE_SA_INIT response that answers nothing of ours");
			goto out;
		}
		ikev2_sa_init_process_response(ike, m);
		goto out;
	}

	struct ike_sa *ike = ike_sa_find(env, spi_i, spi_r);
	if (ike == NULL) {
		drop(remote, remote_port, "no IKE SA for its SPIs");
		goto out;
	}
	/* The I flag says who sent it: the original initiator or not. */
	if (from_initiator != (ike->role == SA_ROLE_RESPONDER)) {
		drop(remote, remote_port, "Initiator flag does not match our role");
		goto out;
	}
	enum msgid_verdict v = msgid_check(&ike->msgid, response, m->hdr.msgid);
	switch (v) {
	case MSGID_RETRANSMIT:
		answer_retransmit(ike, m);
		goto out;
	case MSGID_NEW_REQUEST:
	case MSGID_EXPECTED_RESPONSE:
		break;
	default:
		ldbg(DBG_BASE, "#%lu: message ID %u: %s; dropped", ike->serial, m->hdr.msgid,
		     msgid_verdict_name(v));
		goto out;
	}
	if (!decrypt_and_decode(ike, m, buf, len, &d)) {
		/* Unauthenticated: no answer, the window does not move. */
		ike_log(ike, "dropping %s %s from %s: %s",
			name_of(&ikev2_exchange_names, m->hdr.exchange),
			response ? "response" : "request", endpoint_fmt(remote, remote_port, ep),
			d.msg);
		goto out;
	}
	/* Authenticated: follow the peer to a new port (NAT-T switch to
	 * 4500, or a NAT mapping that changed). */
	if (ike->remote_port != remote_port || ike->local_port != local_port) {
		ike->remote_port = remote_port;
		ike->local_port = local_port;
		ike->iface = iface;
		ike->natt = local_port == 4500;
	}
	ike->last_contact_ms = clock_mono_ms();
	if (response) {
		ikev2_request_done(ike);
		dispatch_response(ike, m);
	} else {
		ike->msgid.next_recv = m->hdr.msgid + 1;
		ike->msgid.have_response = false;
		dispatch_request(ike, m);
	}
out:
	free(m);
	free(buf);
}
