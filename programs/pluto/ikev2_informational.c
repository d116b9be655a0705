/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * INFORMATIONAL (RFC 7296 1.4): Delete of the IKE SA and of Child SAs in
 * both directions (kernel SAs and policies removed), and empty liveness
 * requests, answered.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "connections.h"
#include "ikev2.h"
#include "ikev2_rekey.h"
#include "log.h"

#define MAX_DELETE_SPIS 64	/* per answer; more in one request is abuse */

static void log_traffic(const struct child_sa *child)
{
	uint64_t in, out;
	struct diag d;

	if (child->state == CHILD_STATE_ESTABLISHED && child_sa_traffic(child, &in, &out, &d))
		child_log(child, "ESP traffic information: in=%lluB out=%lluB",
			  (unsigned long long)in, (unsigned long long)out);
}

void ikev2_informational_process_request(struct ike_sa *ike, struct ikev2_msg *m)
{
	uint32_t msgid = m->hdr.msgid;
	bool delete_ike = false;
	uint8_t spis[MAX_DELETE_SPIS * 4];
	uint16_t n_spis = 0;
	struct diag d;

	for (const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_D); p != NULL;
	     p = ikev2_msg_next_of_type(m, p)) {
		const struct ikev2_delete *del = &p->u.del;
		switch (del->protocol) {
		case IKEV2_PROTO_IKE:
			if (del->spi_size != 0 || del->n_spis != 0) {
				ike_log(ike, "ignoring Delete(IKE) with SPI size %u and %u SPIs",
					del->spi_size, del->n_spis);
				break;
			}
			delete_ike = true;
			break;
		case IKEV2_PROTO_ESP:
		case IKEV2_PROTO_AH:
			if (del->spi_size != 4 || del->spis.len != (size_t)del->n_spis * 4) {
				ike_log(ike, "ignoring Delete(%s) with SPI size %u",
					name_of(&ikev2_protocol_names, del->protocol), del->spi_size);
				break;
			}
			for (unsigned i = 0; i < del->n_spis; i++) {
				uint32_t be;
				memcpy(&be, del->spis.ptr + 4 * i, 4);
				struct child_sa *ch = child_sa_find_by_spi_out(ike, ntohl(be));
				if (ch == NULL) {
					ldbg(DBG_BASE, "#%lu: Delete for unknown SPI 0x%08x", ike->serial,
					     ntohl(be));
					continue;
				}
				child_log(ch, "received Delete SA payload: deleting Child SA "
					  "(%s)", child_state_name(ch->state));
				log_traffic(ch);
				if (n_spis < MAX_DELETE_SPIS) {
					uint32_t ours = htonl(ch->spi_in);
					memcpy(spis + 4 * n_spis, &ours, 4);
					n_spis++;
				}
				/* Its ESP may still be on the way. */
				child_sa_retire(ch);
			}
			break;
		default:
			ike_log(ike, "ignoring Delete with protocol %u", del->protocol);
			break;
		}
	}

	struct ikev2_out *o = calloc(1, sizeof(*o));
	bool ok = o != NULL &&
		  ikev2_out_start(o, ike, IKEV2_EXCH_INFORMATIONAL, true, msgid, true, &d) &&
		  (delete_ike || n_spis == 0 ||
		   ikev2_add_delete(&o->bld, IKEV2_PROTO_ESP, 4, n_spis, BYTES(spis, 4u * n_spis), &d)) &&
		  ikev2_out_finish(o, ike, &d) && ikev2_send_response(ike, o, msgid, &d);
	free(o);
	if (!ok)
		ike_log(ike, "cannot answer INFORMATIONAL request: %s", ok ? "" : d.msg);
	if (delete_ike) {
		ike_log(ike, "received Delete SA payload: deleting IKE SA (%s)",
			ike_state_name(ike->state));
		for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike)
			log_traffic(ch);
		/* Libreswan revives an auto=start connection the peer
		 * deleted (unless another IKE SA took over, as in a rekey). */
		ike->revive = true;
		ike_sa_delete(ike);
	}
}

void ikev2_informational_process_response(struct ike_sa *ike, struct ikev2_msg *m)
{
	/* A rekey waiting for its old Child SA's Delete to be answered. */
	rekey_informational_answered(ike);
	if (ike->state == IKE_STATE_DELETING) {
		ike_sa_delete(ike);
		return;
	}
	/* Our Child SA deletes are done locally when sent; a liveness
	 * answer needs nothing beyond the contact time demux recorded. */
	ldbg(DBG_BASE, "#%lu: INFORMATIONAL response %u processed", ike->serial, m->hdr.msgid);
}

static bool send_informational(struct ike_sa *ike, uint8_t protocol, struct bytes spis,
			       uint16_t n_spis, bool with_delete, struct diag *d)
{
	struct ikev2_out *o = calloc(1, sizeof(*o));

	if (o == NULL)
		return diag(d, "out of memory");
	/* With a request outstanding the window (size 1) is full; a Delete
	 * goes anyway (we are about to forget the SA) but is not retransmitted. */
	bool busy = ike->msgid.request_outstanding;
	bool ok = ikev2_out_start(o, ike, IKEV2_EXCH_INFORMATIONAL, false, 0, true, d) &&
		  (!with_delete ||
		   ikev2_add_delete(&o->bld, protocol, protocol == IKEV2_PROTO_IKE ? 0 : 4, n_spis,
				    spis, d)) &&
		  ikev2_out_finish(o, ike, d);
	if (ok) {
		if (busy)
			ok = ikev2_send_raw(ike, o->buf, o->len, d);
		else
			ok = ikev2_send_request(ike, o, d);
	}
	free(o);
	return ok;
}

bool ikev2_send_delete_ike(struct ike_sa *ike, struct diag *d)
{
	return send_informational(ike, IKEV2_PROTO_IKE, NO_BYTES, 0, true, d);
}

bool ikev2_send_delete_child(struct child_sa *child, struct diag *d)
{
	uint32_t be = htonl(child->spi_in);

	return send_informational(child->ike, IKEV2_PROTO_ESP, BYTES(&be, 4), 1, true, d);
}

bool ikev2_send_liveness(struct ike_sa *ike, struct diag *d)
{
	if (ike->msgid.request_outstanding)
		return true;	/* that request proves liveness already */
	return send_informational(ike, 0, NO_BYTES, 0, false, d);
}

void ike_sa_delete_notify(struct ike_sa *ike)
{
	struct diag d;

	char aged[32];

	snprintf(aged, sizeof(aged), "%.6f", (double)(clock_mono_ms() - ike->created_ms) / 1000);
	if (ike->state != IKE_STATE_ESTABLISHED) {
		ike_log(ike, "deleting state (%s) aged %ss and NOT sending notification",
			ike_state_name(ike->state), aged);
		ike->state = IKE_STATE_DELETING;
		ike_sa_delete(ike);
		return;
	}
	ike_log(ike, "deleting state (%s) aged %ss and sending notification",
		ike_state_name(ike->state), aged);
	for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike)
		log_traffic(ch);
	/* Deleting the IKE SA deletes its Child SAs on both ends. */
	if (!ikev2_send_delete_ike(ike, &d))
		ike_log(ike, "cannot send Delete: %s", d.msg);
	ike->state = IKE_STATE_DELETING;
	ike_sa_delete(ike);
}
