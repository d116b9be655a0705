/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CREATE_CHILD_SA (RFC 7296 1.3): an additional Child SA, a Child SA
 * rekey (1.3.3: N(REKEY_SA) names the old SA; the new pair is installed
 * inbound first, then outbound, and only then is the old pair deleted
 * with an INFORMATIONAL Delete), an IKE SA rekey (1.3.2, 2.18: the new
 * keys come from the old SK_d and a fresh g^ir, the Child SAs move to
 * the new IKE SA, the old IKE SA is deleted), PFS (pfs=yes: a KE of the
 * IKE SA's group, INVALID_KE_PAYLOAD answered once), and simultaneous
 * rekeys (2.8.1): each end answers the other's request as usual and,
 * when its own exchange completes, the SA made by the exchange holding
 * the lowest of the four nonces is deleted by the end that started it.
 *
 * The window is one request: a CREATE_CHILD_SA of ours is "pending" on
 * its IKE SA until its response; the pending record lives here, keyed
 * by the IKE SA, and goes with it (ccs_forget_ike).
 *
 * No packet is lost in a Child SA rekey (strongSwan's order; Libreswan
 * switches early and loses some): the responder installs only the new
 * inbound SA when it answers and keeps sending on the old SA until the
 * old one is deleted (the initiator's Delete, or its expiry), then adds
 * the new outbound SA ("deferred outbound").  The initiator installs both
 * new SAs when the answer arrives (its outbound switches then, and the
 * responder can already receive), sends the Delete of the old pair and
 * retires its old Child SA only when that Delete is answered.  Retiring
 * (child_retire.c) keeps the old inbound SA in the kernel for a grace
 * period on both ends, so ESP sent before the switch that a slow or
 * reordering link delivers after the Delete exchange is still accepted.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "connections.h"
#include "crypto/crypto_nss.h"
#include "crypto/symkey.h"
#include "ikev2.h"
#include "ikev2_create_child.h"
#include "ikev2_rekey.h"
#include "ikev2_rules.h"
#include "ikev2_ts.h"
#include "log.h"


static const char *const ccs_kind_names[] = {
	[CCS_NEW_CHILD] = "new Child SA",
	[CCS_REKEY_CHILD] = "Child SA rekey",
	[CCS_REKEY_IKE] = "IKE SA rekey",
};

static struct ccs_pending *pendings;

static struct deferred_out *deferred;

void ccs_defer_outbound(struct deferred_out *later)
{
	later->next = deferred;
	deferred = later;
}

/* A Child SA whose Delete we sent; removed when the answer arrives. */
struct awaiting_delete {
	struct awaiting_delete *next;
	struct child_sa *child;
};
static struct awaiting_delete *awaiting;

struct ccs_pending *ccs_pending_of(const struct ike_sa *ike)
{
	for (struct ccs_pending *p = pendings; p != NULL; p = p->next)
		if (p->ike == ike)
			return p;
	return NULL;
}

bool ikev2_create_child_pending(const struct ike_sa *ike)
{
	return ccs_pending_of(ike) != NULL;
}

/* Unlink and free P; its larval SAs are deleted by the caller (or
 * already gone with their IKE SA). */
static void pending_free(struct ccs_pending *p)
{
	for (struct ccs_pending **pp = &pendings; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	dh_local_free(&p->dh);
	secure_zero(p, sizeof(*p));
	free(p);
}

/* The pending exchange failed: drop its larval SAs too. */
static void pending_abandon(struct ccs_pending *p)
{
	struct child_sa *child = p->child;
	struct ike_sa *new_ike = p->new_ike;

	p->child = NULL;
	p->new_ike = NULL;
	pending_free(p);
	if (child != NULL)
		child_sa_delete(child);
	if (new_ike != NULL)
		ike_sa_delete(new_ike);
}

void ccs_forget_ike(struct ike_sa *ike)
{
	struct ccs_pending *p = ccs_pending_of(ike);

	if (p != NULL) {
		/* The larval Child SA is on IKE's list and goes with it;
		 * a larval new IKE SA has nobody else to delete it. */
		struct ike_sa *new_ike = p->new_ike;
		p->child = NULL;
		p->new_ike = NULL;
		pending_free(p);
		if (new_ike != NULL)
			ike_sa_delete(new_ike);
	}
	/* IKE may itself be the larval SA of another IKE SA's rekey. */
	for (struct ccs_pending *q = pendings; q != NULL; q = q->next)
		if (q->new_ike == ike)
			q->new_ike = NULL;
}

void ccs_forget_child(struct child_sa *child)
{
	struct diag d;

	for (struct ccs_pending *p = pendings; p != NULL; p = p->next)
		if (p->child == child)
			p->child = NULL;
	for (struct awaiting_delete **pp = &awaiting; *pp != NULL;) {
		struct awaiting_delete *a = *pp;
		if (a->child == child) {
			*pp = a->next;
			free(a);
		} else {
			pp = &a->next;
		}
	}
	for (struct deferred_out **pp = &deferred; *pp != NULL;) {
		struct deferred_out *x = *pp;
		if (x->child == child) {
			*pp = x->next;
			free(x);
		} else if (x->old_serial == child->serial) {
			/* The old SA goes: send on the new one from now on. */
			*pp = x->next;
			if (!child_install_outbound(x->child, &d))
				child_log(x->child, "cannot install the outbound SA: %s", d.msg);
			else
				ldbg(DBG_KERNEL, "#%lu: outbound SA 0x%08x installed (#%lu is gone)",
				     x->child->serial, x->child->spi_out, child->serial);
			free(x);
		} else {
			pp = &x->next;
		}
	}
}

void rekey_informational_answered(struct ike_sa *ike)
{
	struct child_sa *gone;

	do {
		gone = NULL;
		for (struct awaiting_delete *a = awaiting; a != NULL; a = a->next) {
			if (a->child->ike == ike) {
				gone = a->child;
				break;
			}
		}
		if (gone != NULL)
			child_sa_retire(gone);	/* unlinks it from AWAITING */
	} while (gone != NULL);
}

/* ---- helpers (the shared ones are in ikev2_create_child_helpers.c) ---- */

/* Is GROUP among the DH transforms of any of PROPS? */
static bool proposals_have_group(const struct proposals *props, const struct ike_alg *group)
{
	for (unsigned i = 0; i < props->count; i++) {
		const struct transform_list *l = &props->p[i].types[TRANS_DH];
		for (unsigned k = 0; k < l->count; k++)
			if (l->t[k].id == group->id)
				return true;
	}
	return false;
}

/* The peer's KE for GROUP: present and of that group. */
static const struct ikev2_ke *peer_ke(const struct ikev2_msg *m, const struct ike_alg *group,
				      struct diag *d)
{
	const struct ikev2_payload *ke = ikev2_msg_first(m, IKEV2_NP_KE);

	if (ke == NULL) {
		diag(d, "no KE payload for %s", group->fqn);
		return NULL;
	}
	if (ke->u.ke.group != group->id) {
		diag(d, "KE payload of group %u, not %s", ke->u.ke.group, group->fqn);
		return NULL;
	}
	return &ke->u.ke;
}

/* The first error notify of a response, 0 when none. */
static uint16_t error_notify(const struct ikev2_msg *m, const struct ikev2_notify **out)
{
	for (const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_N); p != NULL;
	     p = ikev2_msg_next_of_type(m, p)) {
		if (p->u.n.type < IKEV2_N_STATUS_FIRST) {
			if (out != NULL)
				*out = &p->u.n;
			return p->u.n.type;
		}
	}
	return 0;
}

/* Tell the peer OLD goes (an INFORMATIONAL Delete of its SPI) and
 * retire it when that is answered; at once when the window is busy (the
 * Delete then goes unanswered) or it cannot be sent. */
static void delete_child_notify(struct child_sa *old, const char *why)
{
	struct diag d;
	uint64_t in = 0, out = 0;
	struct ike_sa *ike = old->ike;
	bool window_free = !ike->msgid.request_outstanding;

	child_log(old, "deleting %s (%s) and sending notification", why,
		  child_state_name(old->state));
	if (old->state == CHILD_STATE_ESTABLISHED && child_sa_traffic(old, &in, &out, &d))
		child_log(old, "ESP traffic information: in=%lluB out=%lluB",
			  (unsigned long long)in, (unsigned long long)out);
	old->state = CHILD_STATE_DELETING;
	bool sent = ikev2_send_delete_child(old, &d);
	if (!sent)
		child_log(old, "cannot send Delete: %s", d.msg);
	struct awaiting_delete *a = sent && window_free ? calloc(1, sizeof(*a)) : NULL;
	if (a == NULL) {
		child_sa_retire(old);
		return;
	}
	a->child = old;
	a->next = awaiting;
	awaiting = a;
}

/* ---- the initiator's Child SA request ---- */

/* Our ESP offer: SPI = the new inbound SPI, DH per pfs=. */
static void child_offer(const struct ccs_pending *p, struct proposals *offer)
{
	const struct child_sa *child = p->child;
	uint32_t be = htonl(child->spi_in);

	*offer = child->c->esp_proposals;
	proposals_set_child_dh(offer, p->group);
	if (p->group == NULL)
		proposals_set_child_dh(offer, NULL);
	proposals_set_spi(offer, (const uint8_t *)&be, 4);
	for (unsigned i = 0; i < offer->count; i++)
		offer->p[i].protocol = SA_PROTO_ESP;
}

static bool send_child_request(struct ccs_pending *p, struct diag *d)
{
	struct ike_sa *ike = p->ike;
	struct child_sa *child = p->child;
	struct proposals *offer = calloc(1, sizeof(*offer));
	struct ikev2_out *o = calloc(1, sizeof(*o));
	bool ok = offer != NULL && o != NULL;

	if (!ok) {
		free(offer);
		free(o);
		return diag(d, "out of memory");
	}
	if (p->group != NULL && (p->dh.priv == NULL || p->dh.group != p->group)) {
		dh_local_free(&p->dh);
		ok = dh_local_new(p->group, &p->dh, d);
	}
	if (ok && p->ni.len == 0 && !ccs_new_nonce(&p->ni))
		ok = diag(d, "no random bytes for a nonce");
	if (ok)
		child_offer(p, offer);
	ok = ok && ikev2_out_start(o, ike, IKEV2_EXCH_CREATE_CHILD_SA, false, 0, true, d);
	if (ok && p->kind == CCS_REKEY_CHILD) {
		/* REKEY_SA carries the SPI the peer knows the old SA by:
		 * our inbound SPI (1.3.3). */
		struct child_sa *o_child = NULL;
		for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike)
			if (ch->serial == p->old_serial)
				o_child = ch;
		if (o_child == NULL) {
			ok = diag(d, "the Child SA to rekey is gone");
		} else {
			uint32_t be = htonl(o_child->spi_in);
			ok = ikev2_add_notify(&o->bld, IKEV2_PROTO_ESP, BYTES(&be, 4),
					      IKEV2_N_REKEY_SA, NO_BYTES, d);
		}
	}
	ok = ok && (!child->transport ||
		    ikev2_add_notify(&o->bld, 0, NO_BYTES, IKEV2_N_USE_TRANSPORT_MODE, NO_BYTES, d)) &&
	     ccs_add_sa(&o->bld, offer, true, d) &&
	     ikev2_add_nonce(&o->bld, BYTES(p->ni.b, p->ni.len), d) &&
	     (p->group == NULL ||
	      ikev2_add_ke(&o->bld, p->group->id, BYTES(p->dh.ke, p->dh.ke_len), d)) &&
	     ccs_add_ts(&o->bld, IKEV2_NP_TSi, &child->local_ts, d) &&
	     ccs_add_ts(&o->bld, IKEV2_NP_TSr, &child->remote_ts, d) &&
	     ikev2_out_finish(o, ike, d) && ikev2_send_request(ike, o, d);
	free(offer);
	free(o);
	return ok;
}

static bool ike_ready(const struct ike_sa *ike, struct diag *d)
{
	if (ike->state != IKE_STATE_ESTABLISHED)
		return diag(d, "IKE SA #%lu is not established (%s)", ike->serial,
			    ike_state_name(ike->state));
	if (ccs_pending_of(ike) != NULL || ike->msgid.request_outstanding)
		return diag(d, "IKE SA #%lu is busy with another exchange", ike->serial);
	return true;
}

static bool child_initiate(struct ike_sa *ike, struct connection *c, struct child_sa *old,
			   struct diag *d)
{
	if (!ike_ready(ike, d))
		return false;
	struct ccs_pending *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return diag(d, "out of memory");
	struct child_sa *child = child_sa_new(ike, c);
	if (child == NULL) {
		free(p);
		return diag(d, "out of memory");
	}
	rekey_child_limits(child, true);
	p->ike = ike;
	p->kind = old != NULL ? CCS_REKEY_CHILD : CCS_NEW_CHILD;
	p->old_serial = old != NULL ? old->serial : 0;
	p->child = child;
	p->group = ccs_conn_pfs(c) ? ccs_ike_group(ike) : NULL;
	p->next = pendings;
	pendings = p;
	if (old != NULL) {
		child->transport = old->transport;
		child->reqid = old->reqid;
		child->local_ts = old->local_ts;
		child->remote_ts = old->remote_ts;
	} else {
		child->transport = ccs_conn_transport(c);
		child->local_ts = c->local.selectors[0];
		child->remote_ts = c->remote.selectors[0];
	}
	if (!child_alloc_spi(child, SPI_ANNOUNCED_FIRST, d) || !send_child_request(p, d)) {
		pending_abandon(p);
		return false;
	}
	if (old != NULL)
		child_log(old, "initiating Child SA rekey: #%lu with inbound SPI 0x%08x%s",
			  child->serial, child->spi_in, p->group != NULL ? " (PFS)" : "");
	else
		child_log(child, "initiating additional Child SA using #%lu%s", ike->serial,
			  p->group != NULL ? " (PFS)" : "");
	return true;
}

bool ikev2_rekey_child_initiate(struct child_sa *old, struct diag *d)
{
	if (old->state != CHILD_STATE_ESTABLISHED)
		return diag(d, "Child SA #%lu is not established", old->serial);
	return child_initiate(old->ike, old->c, old, d);
}

bool ikev2_create_child_initiate(struct ike_sa *ike, struct connection *c, struct diag *d)
{
	return child_initiate(ike, c, NULL, d);
}

/* ---- the initiator's IKE SA rekey request ---- */

static bool send_ike_request(struct ccs_pending *p, struct diag *d)
{
	struct ike_sa *ike = p->ike;
	struct proposals *offer = calloc(1, sizeof(*offer));
	struct ikev2_out *o = calloc(1, sizeof(*o));
	bool ok = offer != NULL && o != NULL;

	if (!ok) {
		free(offer);
		free(o);
		return diag(d, "out of memory");
	}
	if (p->dh.priv == NULL || p->dh.group != p->group) {
		dh_local_free(&p->dh);
		ok = dh_local_new(p->group, &p->dh, d);
	}
	if (ok && p->ni.len == 0 && !ccs_new_nonce(&p->ni))
		ok = diag(d, "no random bytes for a nonce");
	if (ok) {
		*offer = ike->c->ike_proposals;
		proposals_set_spi(offer, p->new_ike->spi_i, 8);
		for (unsigned i = 0; i < offer->count; i++)
			offer->p[i].protocol = SA_PROTO_IKE;
	}
	ok = ok && ikev2_out_start(o, ike, IKEV2_EXCH_CREATE_CHILD_SA, false, 0, true, d) &&
	     ccs_add_sa(&o->bld, offer, true, d) &&
	     ikev2_add_nonce(&o->bld, BYTES(p->ni.b, p->ni.len), d) &&
	     ikev2_add_ke(&o->bld, p->group->id, BYTES(p->dh.ke, p->dh.ke_len), d) &&
	     ikev2_out_finish(o, ike, d) && ikev2_send_request(ike, o, d);
	free(offer);
	free(o);
	return ok;
}

bool ikev2_rekey_ike_initiate(struct ike_sa *ike, struct diag *d)
{
	if (!ike_ready(ike, d))
		return false;
	if (ccs_ike_group(ike) == NULL)
		return diag(d, "IKE SA #%lu has no key exchange group", ike->serial);
	struct ccs_pending *p = calloc(1, sizeof(*p));
	if (p == NULL)
		return diag(d, "out of memory");
	/* The new IKE SA's SPIi is ours: make it now (larval, PARENT_I0). */
	struct ike_sa *new_ike = ike_sa_new(ike->env, ike->c, SA_ROLE_INITIATOR);
	if (new_ike == NULL) {
		free(p);
		return diag(d, "out of memory");
	}
	p->ike = ike;
	p->kind = CCS_REKEY_IKE;
	p->new_ike = new_ike;
	p->group = ccs_ike_group(ike);
	p->next = pendings;
	pendings = p;
	if (!send_ike_request(p, d)) {
		pending_abandon(p);
		return false;
	}
	ike_log(ike, "initiating IKE SA rekey: #%lu", new_ike->serial);
	return true;
}

/* ---- moving Child SAs to a new IKE SA ---- */

void ccs_move_children(struct ike_sa *from, struct ike_sa *to)
{
	struct child_sa **tail = &to->children;

	while (*tail != NULL)
		tail = &(*tail)->next_of_ike;
	for (struct child_sa **pp = &from->children; *pp != NULL;) {
		struct child_sa *ch = *pp;
		if (ch->state == CHILD_STATE_LARVAL) {
			pp = &ch->next_of_ike;
			continue;
		}
		*pp = ch->next_of_ike;
		ch->next_of_ike = NULL;
		ch->ike = to;
		*tail = ch;
		tail = &ch->next_of_ike;
		child_log(ch, "Child SA moved from IKE SA #%lu to #%lu", from->serial, to->serial);
	}
	child_retired_move(from, to);
	if (from->first_child != NULL && from->first_child->ike == to) {
		if (to->first_child == NULL)
			to->first_child = from->first_child;
		from->first_child = NULL;
	}
}

/* Fill NEW_IKE (either role) from OLD and the rekey exchange's results. */
bool ccs_ike_adopt(struct ike_sa *new_ike, const struct ike_sa *old, const struct proposal *chosen,
		   PK11SymKey *gir, const struct nonce *ni, const struct nonce *nr,
		   const struct ike_alg *group, struct diag *d)
{
	struct ike_suite suite;

	if (!proposal_to_suite(chosen, &suite, d))
		return false;
	PK11SymKey *old_sk_d = ike_sa_key(&old->keys, IKE_KEY_D);
	if (old_sk_d == NULL)
		return diag(d, "NSS could not provide the IKE SA's SK_d");
	PK11SymKey *skeyseed = ikev2_skeyseed_rekey(old->keys.suite.prf, old_sk_d, gir,
						    BYTES(ni->b, ni->len), BYTES(nr->b, nr->len), d);
	symkey_release(&old_sk_d);
	if (skeyseed == NULL)
		return false;
	bool ok = ikev2_derive_ike_keys(&suite, skeyseed, BYTES(ni->b, ni->len),
					BYTES(nr->b, nr->len), new_ike->spi_i, new_ike->spi_r,
					&new_ike->keys, d);
	PK11_FreeSymKey(skeyseed);
	if (!ok)
		return false;
	new_ike->have_keys = true;
	new_ike->chosen = *chosen;
	new_ike->ke_group = group;
	memcpy(new_ike->ni, ni->b, ni->len);
	new_ike->ni_len = ni->len;
	memcpy(new_ike->nr, nr->b, nr->len);
	new_ike->nr_len = nr->len;
	new_ike->local = old->local;
	new_ike->remote = old->remote;
	new_ike->local_port = old->local_port;
	new_ike->remote_port = old->remote_port;
	new_ike->iface = old->iface;
	new_ike->nat_detected_local = old->nat_detected_local;
	new_ike->nat_detected_remote = old->nat_detected_remote;
	new_ike->natt = old->natt;
	new_ike->peer_id = old->peer_id;
	new_ike->initial_contact_sent = old->initial_contact_sent;
	new_ike->state = IKE_STATE_ESTABLISHED;
	new_ike->established_at = clock_real_seconds();
	new_ike->last_contact_ms = clock_mono_ms();
	/* A rekeyed IKE SA is never authenticated again. */
	ike_sa_auth_done(new_ike);
	return true;
}

void ccs_ike_announce(struct ike_sa *new_ike, const struct ike_sa *old, bool initiator)
{
	char suite[160];

	if (new_ike->c != NULL)
		new_ike->c->newest_ike_sa = new_ike->serial;
	ike_log(new_ike, "%s rekeyed IKE SA #%lu %s", initiator ? "initiator" : "responder",
		old->serial, suite_fmt(&new_ike->keys.suite, suite, sizeof(suite)));
	ike_liveness_start(new_ike);
	rekey_ike_established_as(new_ike, initiator);
}

/* ---- responses to our requests ---- */

/* INVALID_KE_PAYLOAD: try once more with the group the peer wants when
 * we would accept it (2.7).  True when a new request went out. */
static bool retry_invalid_ke(struct ccs_pending *p, const struct ikev2_notify *n)
{
	struct diag d;
	const struct proposals *ours;

	if (p->ke_retries > 0 || n->data.len != 2)
		return false;
	const struct ike_alg *g = ike_alg_by_id(TRANS_DH, (unsigned)(n->data.ptr[0] << 8 | n->data.ptr[1]));
	if (g == NULL || g == p->group)
		return false;
	ours = p->kind == CCS_REKEY_IKE ? &p->ike->c->ike_proposals : NULL;
	/* ESP proposals that name no group take the IKE SA's: accept any
	 * group our IKE proposals allow then. */
	if (ours == NULL)
		ours = &p->ike->c->ike_proposals;
	if (!proposals_have_group(ours, g) && (p->kind == CCS_REKEY_IKE ||
					       !proposals_have_group(&p->ike->c->esp_proposals, g)))
		return false;
	p->ke_retries++;
	p->group = g;
	dh_local_free(&p->dh);
	ike_log(p->ike, "CREATE_CHILD_SA: peer wants KE group %s; retrying", g->fqn);
	bool ok = p->kind == CCS_REKEY_IKE ? send_ike_request(p, &d) : send_child_request(p, &d);
	if (!ok)
		ike_log(p->ike, "CREATE_CHILD_SA retry failed: %s", d.msg);
	return ok;
}

static void child_response(struct ccs_pending *p, struct ikev2_msg *m)
{
	struct ike_sa *ike = p->ike;
	struct child_sa *child = p->child;
	struct child_sa *old = NULL;
	struct diag d;
	PK11SymKey *gir = NULL;
	struct nonce nr;

	for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike)
		if (p->old_serial != 0 && ch->serial == p->old_serial)
			old = ch;
	if (child == NULL) {
		ike_log(ike, "CREATE_CHILD_SA response: the new Child SA is gone");
		pending_free(p);
		return;
	}
	const struct ikev2_notify *n = NULL;
	uint16_t err = error_notify(m, &n);
	if (err == IKEV2_N_INVALID_KE_PAYLOAD && retry_invalid_ke(p, n))
		return;
	if (err != 0) {
		child_log(child, "CREATE_CHILD_SA (%s) rejected by peer: %s",
			  ccs_kind_names[p->kind], name_of(&ikev2_notify_names, err));
		pending_abandon(p);
		/* 2.25: a busy peer asks us to try again later. */
		if (old != NULL && (err == IKEV2_N_TEMPORARY_FAILURE))
			rekey_child_retry_later(old, TEMPORARY_FAILURE_RETRY_MS);
		return;
	}
	struct proposals *offer = calloc(1, sizeof(*offer));
	struct proposals *answer = calloc(1, sizeof(*answer));
	bool ok = offer != NULL && answer != NULL;
	if (!ok)
		diag(&d, "out of memory");
	if (ok) {
		child_offer(p, offer);
		ok = ccs_parse_sa(m, answer, &d) &&
		     proposals_check_answer(offer, answer, SA_PROTO_ESP, 4, &child->chosen, &d) &&
		     proposal_to_suite(&child->chosen, &child->suite, &d);
	}
	free(offer);
	free(answer);
	if (ok) {
		child->spi_out = ccs_spi_of(&child->chosen);
		if (child->spi_out < 256)
			ok = diag(&d, "reserved ESP SPI 0x%x", child->spi_out);
	}
	ok = ok && ccs_take_nonce(m, &nr, &d);
	const struct ike_alg *g = ok ? ccs_chosen_group(&child->chosen) : NULL;
	if (ok && g != NULL) {
		const struct ikev2_ke *ke = g == p->group ? peer_ke(m, g, &d) : NULL;
		if (g != p->group)
			ok = diag(&d, "the answer picked group %s but we sent KE of %s", g->fqn,
				  p->group != NULL ? p->group->fqn : "none");
		else if (ke == NULL)
			ok = false;
		else
			ok = (gir = dh_shared_secret(&p->dh, ke->data, &d)) != NULL;
	}
	if (ok) {
		bool narrowing = conn_narrowing(child->c);
		struct ip_selector want_l = child->local_ts, want_r = child->remote_ts;
		ok = ts_check_answer(&m->tsi, &want_l, narrowing, &child->local_ts, &d) &&
		     ts_check_answer(&m->tsr, &want_r, narrowing, &child->remote_ts, &d);
	}
	if (ok && (ikev2_msg_notify(m, IKEV2_N_USE_TRANSPORT_MODE) != NULL) != child->transport)
		ok = diag(&d, "the responder answered with the other mode (type=%s)",
			  child->transport ? "transport" : "tunnel");
	/* Inbound first, then outbound (child_install's order): the peer
	 * may already send on the new SA; we switch only now. */
	ok = ok && child_install_keymat(child, gir, BYTES(p->ni.b, p->ni.len),
					BYTES(nr.b, nr.len), &d);
	if (gir != NULL)
		PK11_FreeSymKey(gir);
	if (!ok) {
		child_log(child, "CREATE_CHILD_SA (%s) response unacceptable: %s",
			  ccs_kind_names[p->kind], d.msg);
		pending_abandon(p);
		return;
	}
	const struct nonce *ours_low = ccs_nonce_min(&p->ni, &nr);
	bool collided = p->collided, lost = collided && ccs_nonce_cmp(ours_low, &p->peer_lowest) < 0;
	pending_free(p);
	if (old != NULL)
		child_log(child, "initiator rekeyed Child SA #%lu using #%lu", old->serial, ike->serial);
	child_log_established(child);
	rekey_child_established_as(child, true);
	if (lost) {
		/* 2.8.1: our exchange holds the lowest nonce: ours is the
		 * redundant SA; the peer deletes the old one. */
		child_log(child, "simultaneous rekey: this exchange had the lowest nonce");
		delete_child_notify(child, "redundant Child SA");
		return;
	}
	if (old != NULL)
		delete_child_notify(old, "rekeyed Child SA");
	else if (child->c != NULL)
		updown_run(child->c, child, "up");
}

static void ike_response(struct ccs_pending *p, struct ikev2_msg *m)
{
	struct ike_sa *ike = p->ike;
	struct ike_sa *new_ike = p->new_ike;
	struct diag d;
	PK11SymKey *gir = NULL;
	struct nonce nr;
	struct proposal chosen;

	if (new_ike == NULL) {
		ike_log(ike, "CREATE_CHILD_SA response: the new IKE SA is gone");
		pending_free(p);
		return;
	}
	const struct ikev2_notify *n = NULL;
	uint16_t err = error_notify(m, &n);
	if (err == IKEV2_N_INVALID_KE_PAYLOAD && retry_invalid_ke(p, n))
		return;
	if (err != 0) {
		ike_log(ike, "CREATE_CHILD_SA (IKE SA rekey) rejected by peer: %s",
			name_of(&ikev2_notify_names, err));
		pending_abandon(p);
		if (err == IKEV2_N_TEMPORARY_FAILURE)
			rekey_ike_retry_later(ike, TEMPORARY_FAILURE_RETRY_MS);
		return;
	}
	struct proposals *offer = calloc(1, sizeof(*offer));
	struct proposals *answer = calloc(1, sizeof(*answer));
	bool ok = offer != NULL && answer != NULL;
	if (!ok)
		diag(&d, "out of memory");
	if (ok) {
		*offer = ike->c->ike_proposals;
		proposals_set_spi(offer, new_ike->spi_i, 8);
		for (unsigned i = 0; i < offer->count; i++)
			offer->p[i].protocol = SA_PROTO_IKE;
		ok = ccs_parse_sa(m, answer, &d) &&
		     proposals_check_answer(offer, answer, SA_PROTO_IKE, 8, &chosen, &d);
	}
	free(offer);
	free(answer);
	static const uint8_t zero[8];
	if (ok && memcmp(chosen.spi, zero, 8) == 0)
		ok = diag(&d, "the answer's SPI is zero");
	const struct ike_alg *g = ok ? ccs_chosen_group(&chosen) : NULL;
	if (ok && g != p->group)
		ok = diag(&d, "the answer picked group %s but we sent KE of %s",
			  g != NULL ? g->fqn : "none", p->group->fqn);
	ok = ok && ccs_take_nonce(m, &nr, &d);
	const struct ikev2_ke *ke = ok ? peer_ke(m, p->group, &d) : NULL;
	ok = ok && ke != NULL && (gir = dh_shared_secret(&p->dh, ke->data, &d)) != NULL;
	if (ok) {
		ike_sa_set_spi_r(new_ike, chosen.spi);
		ok = ccs_ike_adopt(new_ike, ike, &chosen, gir, &p->ni, &nr, p->group, &d);
	}
	if (gir != NULL)
		PK11_FreeSymKey(gir);
	if (!ok) {
		ike_log(ike, "CREATE_CHILD_SA (IKE SA rekey) response unacceptable: %s", d.msg);
		pending_abandon(p);
		return;
	}
	const struct nonce *ours_low = ccs_nonce_min(&p->ni, &nr);
	bool lost = p->collided && ccs_nonce_cmp(ours_low, &p->peer_lowest) < 0;
	so_serial_t peer_new = p->collided ? p->peer_new_serial : 0;
	p->new_ike = NULL;
	pending_free(p);
	ccs_ike_announce(new_ike, ike, true);
	if (lost) {
		/* Ours is redundant; the Child SAs already live on the IKE
		 * SA the peer's exchange made, and the peer deletes the old. */
		ike_log(new_ike, "simultaneous IKE SA rekey: this exchange had the lowest nonce");
		ike_sa_delete_notify(new_ike);
		return;
	}
	struct ike_sa *other = peer_new != 0 ? ike_sa_by_serial(peer_new) : NULL;
	if (other != NULL)
		ccs_move_children(other, new_ike);
	ccs_move_children(ike, new_ike);
	ike_sa_delete_notify(ike);
}

void ikev2_create_child_process_response(struct ike_sa *ike, struct ikev2_msg *m)
{
	struct ccs_pending *p = ccs_pending_of(ike);

	if (p == NULL) {
		ike_log(ike, "CREATE_CHILD_SA response with message ID %u answers nothing of ours; "
			"dropped", m->hdr.msgid);
		return;
	}
	if (p->kind == CCS_REKEY_IKE)
		ike_response(p, m);
	else
		child_response(p, m);
}
