/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CREATE_CHILD_SA requests from the peer: an additional Child SA, a
 * Child SA rekey (only the new inbound SA goes in now; the outbound one
 * waits for the old SA's deletion, see ikev2_create_child.c) and an IKE
 * SA rekey; errors are answered with their notify.
 *
 * On a kernel with activate-on-receipt (patch 0004 of the series) the
 * rekey's new outbound SA goes in at once too, on standby: the kernel
 * switches to it at the first packet that authenticates on the new
 * inbound SA - the initiator has the new pair then, since it sends on
 * it - a round trip before the initiator's Delete would tell us.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "connections.h"
#include "crypto/crypto_nss.h"
#include "ikev2.h"
#include "ikev2_create_child.h"
#include "ikev2_rekey.h"
#include "ikev2_rules.h"
#include "ikev2_ts.h"
#include "log.h"

/* ---- requests from the peer ---- */

static void respond_error(struct ike_sa *ike, uint32_t msgid, uint16_t type,
			  const struct ike_alg *group)
{
	struct diag d;
	struct ikev2_out *o = calloc(1, sizeof(*o));
	uint8_t data[2];
	bool ok = o != NULL;

	if (group != NULL) {
		data[0] = (uint8_t)(group->id >> 8);
		data[1] = (uint8_t)group->id;
	}
	ok = ok && ikev2_out_start(o, ike, IKEV2_EXCH_CREATE_CHILD_SA, true, msgid, true, &d) &&
	     ikev2_add_notify(&o->bld, 0, NO_BYTES, type,
			      group != NULL ? BYTES(data, 2) : NO_BYTES, &d) &&
	     ikev2_out_finish(o, ike, &d) && ikev2_send_response(ike, o, msgid, &d);
	if (!ok)
		ike_log(ike, "cannot answer CREATE_CHILD_SA with %s: %s",
			name_of(&ikev2_notify_names, type), o == NULL ? "out of memory" : d.msg);
	free(o);
}

/* The KE the chosen proposal needs: NULL group when none.  False with
 * *ERR (and *WANT for INVALID_KE_PAYLOAD) when the request lacks it. */
static bool check_ke(const struct ikev2_msg *m, const struct proposal *chosen,
		     const struct ike_alg **group, const struct ikev2_ke **ke, uint16_t *err,
		     struct diag *d)
{
	*group = ccs_chosen_group(chosen);
	*ke = NULL;
	if (*group == NULL)
		return true;
	const struct ikev2_payload *kp = ikev2_msg_first(m, IKEV2_NP_KE);
	if (kp == NULL) {
		*err = IKEV2_N_INVALID_SYNTAX;
		return diag(d, "the chosen proposal has %s but there is no KE payload",
			    (*group)->fqn);
	}
	if (kp->u.ke.group != (*group)->id) {
		*err = IKEV2_N_INVALID_KE_PAYLOAD;
		return diag(d, "KE of group %u but we chose %s", kp->u.ke.group, (*group)->fqn);
	}
	*ke = &kp->u.ke;
	return true;
}

static void child_request(struct ike_sa *ike, struct ikev2_msg *m, enum ikev2_ccsa_kind kind)
{
	uint32_t msgid = m->hdr.msgid;
	struct child_sa *old = NULL;
	struct connection *c = ike->c;
	struct ccs_pending *mine = ccs_pending_of(ike);
	struct diag d;

	if (kind == IKEV2_CCSA_REKEY_CHILD) {
		const struct ikev2_notify *rk = ikev2_msg_notify(m, IKEV2_N_REKEY_SA);
		if (rk->protocol != IKEV2_PROTO_ESP || rk->spi.len != 4) {
			ike_log(ike, "CREATE_CHILD_SA: REKEY_SA for protocol %u with a %zu-octet SPI; "
				"responding with CHILD_SA_NOT_FOUND", rk->protocol, rk->spi.len);
			respond_error(ike, msgid, IKEV2_N_CHILD_SA_NOT_FOUND, NULL);
			return;
		}
		uint32_t be;
		memcpy(&be, rk->spi.ptr, 4);
		old = child_sa_find_by_spi_out(ike, ntohl(be));
		if (old == NULL) {
			ike_log(ike, "CREATE_CHILD_SA: no Child SA with SPI 0x%08x to rekey; responding "
				"with CHILD_SA_NOT_FOUND", ntohl(be));
			respond_error(ike, msgid, IKEV2_N_CHILD_SA_NOT_FOUND, NULL);
			return;
		}
		if (old->state != CHILD_STATE_ESTABLISHED) {
			child_log(old, "CREATE_CHILD_SA: rekey of a Child SA being deleted; "
				  "responding with TEMPORARY_FAILURE");
			respond_error(ike, msgid, IKEV2_N_TEMPORARY_FAILURE, NULL);
			return;
		}
		c = old->c;
	}
	/* A new Child SA for traffic another connection between the same
	 * hosts covers (a peer with several children on one IKE SA): that
	 * connection's, the IKE SA staying where it is. */
	struct connection *better;
	if (old == NULL && !child_ts_fit(c, m) &&
	    (better = connection_refine_by_ts(c, &ike->peer_id, child_ts_fit, m)) != NULL) {
		char name[CONNECTION_NAME_BUF];
		ike_log(ike, "CREATE_CHILD_SA: the Child SA goes to %s: the peer's traffic "
			"selectors fit it", connection_name(better, name));
		c = better;
	}
	/* 2.25.2: a Child SA request while we rekey the IKE SA waits. */
	if (mine != NULL && mine->kind == CCS_REKEY_IKE) {
		ike_log(ike, "CREATE_CHILD_SA: IKE SA rekey in progress; responding with "
			"TEMPORARY_FAILURE");
		respond_error(ike, msgid, IKEV2_N_TEMPORARY_FAILURE, NULL);
		return;
	}
	struct child_sa *child = child_sa_new(ike, c);
	if (child == NULL) {
		respond_error(ike, msgid, IKEV2_N_TEMPORARY_FAILURE, NULL);
		return;
	}
	rekey_child_limits(child, false);
	if (old != NULL)
		child->reqid = old->reqid;
	uint16_t err = IKEV2_N_NO_PROPOSAL_CHOSEN;
	const struct ike_alg *group = NULL;
	const struct ikev2_ke *ke = NULL;
	struct dh_local dh = { 0 };
	PK11SymKey *gir = NULL;
	struct nonce ni, nr;
	struct proposals *ours = calloc(1, sizeof(*ours));
	struct proposals *theirs = calloc(1, sizeof(*theirs));
	bool ok = ours != NULL && theirs != NULL;

	if (!ok) {
		err = IKEV2_N_TEMPORARY_FAILURE;
		diag(&d, "out of memory");
	}
	if (ok) {
		*ours = c->esp_proposals;
		proposals_set_child_dh(ours, ccs_conn_pfs(c) ? ccs_ike_group(ike) : NULL);
		if (!ccs_conn_pfs(c))
			proposals_set_child_dh(ours, NULL);
		ok = ccs_parse_sa(m, theirs, &d) &&
		     proposals_choose(ours, theirs, SA_PROTO_ESP, 4, &child->chosen, &d) &&
		     proposal_to_suite(&child->chosen, &child->suite, &d);
	}
	free(ours);
	free(theirs);
	if (ok) {
		child->spi_out = ccs_spi_of(&child->chosen);
		if (child->spi_out < 256)
			ok = diag(&d, "reserved ESP SPI 0x%x", child->spi_out);
	}
	if (ok && !ccs_take_nonce(m, &ni, &d)) {
		err = IKEV2_N_INVALID_SYNTAX;
		ok = false;
	}
	ok = ok && check_ke(m, &child->chosen, &group, &ke, &err, &d);
	if (ok) {
		bool narrowing = conn_narrowing(c);
		const struct ip_selector *want_r = old != NULL ? &old->remote_ts : &c->remote.selectors[0];
		const struct ip_selector *want_l = old != NULL ? &old->local_ts : &c->local.selectors[0];
		/* TSi is the peer's side, TSr ours. */
		if (!ts_narrow_responder(&m->tsi, want_r, narrowing, &child->remote_ts, &d) ||
		    !ts_narrow_responder(&m->tsr, want_l, narrowing, &child->local_ts, &d)) {
			err = IKEV2_N_TS_UNACCEPTABLE;
			ok = false;
		}
	}
	if (ok) {
		bool peer_transport = ikev2_msg_notify(m, IKEV2_N_USE_TRANSPORT_MODE) != NULL;
		if (ccs_conn_transport(c) && !peer_transport)
			ok = diag(&d, "type=transport but the peer asked for tunnel mode");
		child->transport = ccs_conn_transport(c) && peer_transport;
	}
	if (ok && !ccs_new_nonce(&nr)) {
		err = IKEV2_N_TEMPORARY_FAILURE;
		ok = diag(&d, "no random bytes for a nonce");
	}
	if (ok && group != NULL && !dh_local_new(group, &dh, &d)) {
		err = IKEV2_N_TEMPORARY_FAILURE;
		ok = false;
	}
	if (ok && group != NULL && (gir = dh_shared_secret(&dh, ke->data, &d)) == NULL) {
		err = IKEV2_N_INVALID_SYNTAX;
		ok = false;
	}
	/* A rekey: with activate-on-receipt the outbound SA goes in on
	 * standby; without, inbound only and the outbound waits for OLD to go. */
	bool standby = ok && old != NULL && child_kernel_aor(ike->env);
	if (standby)
		child->standby_ms = AOR_STANDBY_TIMEOUT_MS;
	struct deferred_out *later = ok && old != NULL && !standby ? calloc(1, sizeof(*later)) : NULL;
	if (ok && old != NULL && !standby && later == NULL) {
		err = IKEV2_N_TEMPORARY_FAILURE;
		ok = diag(&d, "out of memory");
	}
	if (ok && (!child_alloc_spi(child, SPI_INSTALLED_FIRST, &d) ||
		   !(later != NULL ? child_install_inbound(child, gir, BYTES(ni.b, ni.len),
							   BYTES(nr.b, nr.len), &d)
				   : child_install_keymat(child, gir, BYTES(ni.b, ni.len),
							  BYTES(nr.b, nr.len), &d)))) {
		err = IKEV2_N_TEMPORARY_FAILURE;
		ok = false;
	}
	if (gir != NULL)
		PK11_FreeSymKey(gir);
	if (!ok) {
		child_log(child, "CREATE_CHILD_SA request (%s): %s; responding with %s",
			  kind == IKEV2_CCSA_REKEY_CHILD ? "rekey" : "new Child SA", d.msg,
			  name_of(&ikev2_notify_names, err));
		dh_local_free(&dh);
		free(later);
		child_sa_delete(child);
		respond_error(ike, msgid, err, err == IKEV2_N_INVALID_KE_PAYLOAD ? group : NULL);
		return;
	}
	if (later != NULL) {
		later->old_serial = old->serial;
		later->child = child;
		ccs_defer_outbound(later);
	}
	/* The answer: SA (our inbound SPI), Nr, [KEr], TSi, TSr. */
	struct ikev2_out *o = calloc(1, sizeof(*o));
	struct proposals answer = { .count = 1 };
	uint32_t be = htonl(child->spi_in);
	answer.p[0] = child->chosen;
	memcpy(answer.p[0].spi, &be, 4);
	answer.p[0].spi_size = 4;
	ok = o != NULL &&
	     ikev2_out_start(o, ike, IKEV2_EXCH_CREATE_CHILD_SA, true, msgid, true, &d) &&
	     (!child->transport ||
	      ikev2_add_notify(&o->bld, 0, NO_BYTES, IKEV2_N_USE_TRANSPORT_MODE, NO_BYTES, &d)) &&
	     ccs_add_sa(&o->bld, &answer, false, &d) &&
	     ikev2_add_nonce(&o->bld, BYTES(nr.b, nr.len), &d) &&
	     (group == NULL || ikev2_add_ke(&o->bld, group->id, BYTES(dh.ke, dh.ke_len), &d)) &&
	     ccs_add_ts(&o->bld, IKEV2_NP_TSi, &child->remote_ts, &d) &&
	     ccs_add_ts(&o->bld, IKEV2_NP_TSr, &child->local_ts, &d) &&
	     ikev2_out_finish(o, ike, &d) && ikev2_send_response(ike, o, msgid, &d);
	free(o);
	dh_local_free(&dh);
	if (!ok) {
		child_log(child, "cannot send CREATE_CHILD_SA response: %s", d.msg);
		child_sa_delete(child);
		return;
	}
	if (old != NULL) {
		child_log(child, "responder rekeyed Child SA #%lu using #%lu", old->serial, ike->serial);
		/* The peer deletes OLD; we no longer rekey it. */
		rekey_child_superseded(old);
		if (mine != NULL && mine->kind == CCS_REKEY_CHILD && mine->old_serial == old->serial) {
			mine->collided = true;
			mine->peer_lowest = *ccs_nonce_min(&ni, &nr);
			mine->peer_new_serial = child->serial;
			child_log(old, "simultaneous rekey: the peer rekeyed it too (#%lu)", child->serial);
		}
	}
	child_log_established(child);
	rekey_child_established_as(child, false);
	if (old == NULL && child->c != NULL)
		updown_run(child->c, child, "up");
}

static void ike_request(struct ike_sa *ike, struct ikev2_msg *m)
{
	uint32_t msgid = m->hdr.msgid;
	struct ccs_pending *mine = ccs_pending_of(ike);
	struct diag d;
	uint16_t err = IKEV2_N_NO_PROPOSAL_CHOSEN;
	struct proposal chosen;
	const struct ike_alg *group = NULL;
	const struct ikev2_ke *ke = NULL;
	struct nonce ni, nr;
	struct dh_local dh = { 0 };
	PK11SymKey *gir = NULL;
	struct ike_sa *new_ike = NULL;

	/* Our Child SA exchange may be out: answer as usual (2.25.2 only
	 * has the peer refuse it, with TEMPORARY_FAILURE, since it is
	 * rekeying the IKE SA); the established Child SAs move now, the
	 * larval one stays with its exchange on the old IKE SA. */
	if (mine != NULL && mine->kind != CCS_REKEY_IKE)
		mine = NULL;
	struct proposals *ours = calloc(1, sizeof(*ours));
	struct proposals *theirs = calloc(1, sizeof(*theirs));
	bool ok = ours != NULL && theirs != NULL;
	if (!ok) {
		err = IKEV2_N_TEMPORARY_FAILURE;
		diag(&d, "out of memory");
	}
	if (ok) {
		*ours = ike->c->ike_proposals;
		ok = ccs_parse_sa(m, theirs, &d) &&
		     proposals_choose(ours, theirs, SA_PROTO_IKE, 8, &chosen, &d);
	}
	free(ours);
	free(theirs);
	static const uint8_t zero[8];
	if (ok && memcmp(chosen.spi, zero, 8) == 0)
		ok = diag(&d, "the proposal's SPI is zero");
	if (ok && ccs_chosen_group(&chosen) == NULL)
		ok = diag(&d, "the chosen proposal has no key exchange");
	ok = ok && check_ke(m, &chosen, &group, &ke, &err, &d);
	if (ok && !ccs_take_nonce(m, &ni, &d)) {
		err = IKEV2_N_INVALID_SYNTAX;
		ok = false;
	}
	if (ok && (!ccs_new_nonce(&nr) || !dh_local_new(group, &dh, &d))) {
		err = IKEV2_N_TEMPORARY_FAILURE;
		ok = false;
	}
	if (ok && (gir = dh_shared_secret(&dh, ke->data, &d)) == NULL) {
		err = IKEV2_N_INVALID_SYNTAX;
		ok = false;
	}
	if (ok) {
		new_ike = ike_sa_new(ike->env, ike->c, SA_ROLE_RESPONDER);
		if (new_ike == NULL) {
			err = IKEV2_N_TEMPORARY_FAILURE;
			ok = diag(&d, "out of memory");
		} else {
			/* Never counted as half-open. */
			new_ike->state = IKE_STATE_ESTABLISHED;
			if (!ike_sa_responder_spis(new_ike, chosen.spi)) {
				err = IKEV2_N_TEMPORARY_FAILURE;
				ok = diag(&d, "no random bytes for an SPI");
			}
		}
	}
	ok = ok && ccs_ike_adopt(new_ike, ike, &chosen, gir, &ni, &nr, group, &d);
	if (gir != NULL)
		PK11_FreeSymKey(gir);
	if (!ok) {
		ike_log(ike, "CREATE_CHILD_SA request (IKE SA rekey): %s; responding with %s", d.msg,
			name_of(&ikev2_notify_names, err));
		dh_local_free(&dh);
		if (new_ike != NULL)
			ike_sa_delete(new_ike);
		respond_error(ike, msgid, err, err == IKEV2_N_INVALID_KE_PAYLOAD ? group : NULL);
		return;
	}
	struct ikev2_out *o = calloc(1, sizeof(*o));
	struct proposals answer = { .count = 1 };
	answer.p[0] = chosen;
	memcpy(answer.p[0].spi, new_ike->spi_r, 8);
	answer.p[0].spi_size = 8;
	ok = o != NULL &&
	     ikev2_out_start(o, ike, IKEV2_EXCH_CREATE_CHILD_SA, true, msgid, true, &d) &&
	     ccs_add_sa(&o->bld, &answer, false, &d) &&
	     ikev2_add_nonce(&o->bld, BYTES(nr.b, nr.len), &d) &&
	     ikev2_add_ke(&o->bld, group->id, BYTES(dh.ke, dh.ke_len), &d) &&
	     ikev2_out_finish(o, ike, &d) && ikev2_send_response(ike, o, msgid, &d);
	free(o);
	dh_local_free(&dh);
	if (!ok) {
		ike_log(ike, "cannot send CREATE_CHILD_SA response: %s", d.msg);
		ike_sa_delete(new_ike);
		return;
	}
	ccs_ike_announce(new_ike, ike, false);
	ccs_move_children(ike, new_ike);
	/* The peer deletes the old IKE SA; we no longer rekey it. */
	rekey_ike_superseded(ike);
	if (mine != NULL) {
		mine->collided = true;
		mine->peer_lowest = *ccs_nonce_min(&ni, &nr);
		mine->peer_new_serial = new_ike->serial;
		ike_log(ike, "simultaneous IKE SA rekey: the peer rekeyed it too (#%lu)",
			new_ike->serial);
	}
}

void ikev2_create_child_process_request(struct ike_sa *ike, struct ikev2_msg *m)
{
	enum ikev2_ccsa_kind kind = ikev2_ccsa_kind(m);

	if (ike->state != IKE_STATE_ESTABLISHED) {
		/* 2.25.2: an IKE SA being closed is not rekeyed. */
		respond_error(ike, m->hdr.msgid, IKEV2_N_TEMPORARY_FAILURE, NULL);
		return;
	}
	if (kind == IKEV2_CCSA_REKEY_IKE)
		ike_request(ike, m);
	else
		child_request(ike, m, kind);
}

/* ---- activate-on-receipt ---- */

static const char *const activate_reasons[] = {
	[KERNEL_ACTIVATE_PACKET] = "first packet authenticated on inbound SA",
	[KERNEL_ACTIVATE_TIMEOUT] = "standby timeout; paired inbound SA",
	[KERNEL_ACTIVATE_REQUEST] = "on request; paired inbound SA",
};

bool rekey_kernel_activated(struct ike_env *env, const struct kernel_activated *a)
{
	for (unsigned b = 0; b < 256; b++) {
		for (struct ike_sa *ike = env->spi_hash[b]; ike != NULL; ike = ike->next_hash) {
			struct child_sa *ch = child_sa_find_by_spi_out(ike, a->spi);
			if (ch == NULL || !ip_address_eq(&ike->remote, &a->dst))
				continue;
			unsigned r = (unsigned)a->reason;
			ch->standby_ms = 0;
			child_log(ch, "outbound ESP SA 0x%08x active (%s 0x%08x; %u older SA%s "
				  "retired)", a->spi,
				  r < sizeof(activate_reasons) / sizeof(activate_reasons[0]) &&
				  activate_reasons[r] != NULL ? activate_reasons[r] : "inbound SA",
				  a->in_spi,
				  a->retired, a->retired == 1 ? "" : "s");
			return true;
		}
	}
	llog("kernel: activated outbound SA 0x%08x belongs to no Child SA", a->spi);
	return false;
}
