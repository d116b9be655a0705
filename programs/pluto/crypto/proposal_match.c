/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Choosing and checking proposals, the way Libreswan 4.x does it
 * (programs/pluto/ikev2_proposals.c, read for behaviour only): a remote
 * proposal matches a local one when every transform type the peer sent
 * has a transform we also list, and every type we require was sent;
 * INTEG=NONE and DH=NONE (or no DH at all) in our proposal make that
 * type optional.  Our proposal order decides; within a type, our
 * transform order decides.
 */
#include <stdio.h>
#include <string.h>

#include "ike_alg.h"
#include "log.h"
#include "prf.h"
#include "proposal.h"

static bool optional_type(const struct transform_list *local, enum ike_trans_type type)
{
	if (local->count == 0)
		return true;
	for (size_t i = 0; i < local->count; i++) {
		if ((type == TRANS_INTEG && local->t[i].id == IKEv2_INTEG_NONE) ||
		    (type == TRANS_DH && local->t[i].id == IKEv2_DH_NONE))
			return true;
	}
	return false;
}

static bool listed(const struct transform_list *l, const struct transform *t)
{
	for (size_t i = 0; i < l->count; i++) {
		if (l->t[i].id == t->id && l->t[i].key_bits == t->key_bits)
			return true;
	}
	return false;
}

/* Does REMOTE match LOCAL?  If so fill CHOSEN's transforms. */
static bool match(const struct proposal *local, const struct proposal *remote,
		  struct proposal *chosen)
{
	for (int type = TRANS_ENCR; type < TRANS_TYPE_ROOF; type++) {
		const struct transform_list *l = &local->types[type];
		const struct transform_list *r = &remote->types[type];
		struct transform_list *c = &chosen->types[type];

		memset(c, 0, sizeof(*c));
		if (!r->present) {
			/* ESP without ESN: fine if we accept no ESN. */
			if (type == TRANS_ESN && l->count > 0) {
				struct transform no = { .id = IKEv2_ESN_NO };
				if (!listed(l, &no))
					return false;
				continue;
			}
			if (!optional_type(l, type))
				return false;
			continue;
		}
		if (l->count == 0) {
			/* We have none of this type: only an explicit NONE is acceptable. */
			struct transform none = { .id = 0 };
			if ((type == TRANS_INTEG || type == TRANS_DH) && listed(r, &none)) {
				c->present = true;
				c->count = 1;
				c->t[0] = none;
				continue;
			}
			return false;
		}
		size_t k;
		for (k = 0; k < l->count; k++) {
			if (listed(r, &l->t[k]))
				break;
		}
		if (k == l->count)
			return false;
		c->present = true;
		c->count = 1;
		c->t[0] = l->t[k];
	}
	return true;
}

static void describe(const struct proposals *ps, char *buf, size_t cap)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ps->count && at < cap; i++) {
		at += (size_t)snprintf(buf + at, cap - at, "%s%u:", i > 0 ? " " : "", ps->p[i].number);
		if (at < cap)
			at += proposal_str(&ps->p[i], buf + at, cap - at);
	}
}

bool proposals_choose(const struct proposals *local, const struct proposals *remote,
		      enum sa_protocol protocol, uint8_t spi_size,
		      struct proposal *chosen, struct diag *d)
{
	size_t best = local->count;
	struct proposal candidate;

	memset(chosen, 0, sizeof(*chosen));
	for (size_t r = 0; r < remote->count; r++) {
		const struct proposal *rp = &remote->p[r];
		/* §3.3.1: numbers count up from 1; anything else is malformed. */
		if (rp->number != r + 1)
			return diag(d, "proposal %zu has number %u", r + 1, rp->number);
		if (rp->unusable || rp->protocol != protocol || rp->spi_size != spi_size) {
			ldbg(DBG_BASE, "remote proposal %u skipped (%s)", rp->number,
			     rp->unusable ? "unsupported transform type or attribute" :
			     rp->protocol != protocol ? "other protocol" : "SPI size");
			continue;
		}
		for (size_t l = 0; l < best; l++) {
			if (match(&local->p[l], rp, &candidate)) {
				best = l;
				candidate.number = rp->number;
				candidate.protocol = rp->protocol;
				candidate.spi_size = rp->spi_size;
				memcpy(candidate.spi, rp->spi, sizeof(candidate.spi));
				*chosen = candidate;
				break;
			}
		}
	}
	if (best == local->count) {
		char offered[200];
		describe(remote, offered, sizeof(offered));
		return diag(d, "no proposal chosen: none of the peer's proposals %s matches ours", offered);
	}
	char text[160];
	proposal_str(chosen, text, sizeof(text));
	ldbg(DBG_CRYPT, "chose remote proposal %u (%s), our proposal %zu", chosen->number, text, best + 1);
	return true;
}

bool proposals_check_answer(const struct proposals *local, const struct proposals *answer,
			    enum sa_protocol protocol, uint8_t spi_size,
			    struct proposal *accepted, struct diag *d)
{
	if (answer->count != 1)
		return diag(d, "the peer accepted %u proposals; exactly one is allowed", answer->count);
	const struct proposal *a = &answer->p[0];
	if (a->number < 1 || a->number > local->count)
		return diag(d, "the peer accepted proposal %u but we offered %u", a->number, local->count);
	if (a->protocol != protocol || a->spi_size != spi_size)
		return diag(d, "the peer's accepted proposal has protocol %u and SPI size %u; expected %u and %u",
			    a->protocol, a->spi_size, protocol, spi_size);
	if (a->unusable)
		return diag(d, "the peer's accepted proposal has a transform type or attribute we did not offer");
	const struct proposal *l = &local->p[a->number - 1];
	for (int type = TRANS_ENCR; type < TRANS_TYPE_ROOF; type++) {
		const struct transform_list *t = &a->types[type];
		if (t->present && t->count != 1)
			return diag(d, "the peer's accepted proposal has %s %s transforms; exactly one is allowed",
				    t->count == 0 ? "unknown" : "several", ike_trans_type_name(type));
		if (!t->present) {
			if (!optional_type(&l->types[type], type) &&
			    !(type == TRANS_ESN && l->types[type].count == 0))
				return diag(d, "the peer's accepted proposal lacks a %s transform",
					    ike_trans_type_name(type));
			continue;
		}
		bool none = (type == TRANS_INTEG || type == TRANS_DH) && t->t[0].id == 0;
		if (!listed(&l->types[type], &t->t[0]) && !(none && optional_type(&l->types[type], type))) {
			const struct ike_alg *alg = ike_alg_by_id(type, t->t[0].id);
			return diag(d, "the peer accepted %s %s%s which we did not offer in proposal %u",
				    ike_trans_type_name(type), alg != NULL ? alg->fqn : "(unknown)",
				    t->t[0].key_bits != 0 ? " with a different key length" : "", a->number);
		}
	}
	*accepted = *a;
	return true;
}

bool proposal_to_suite(const struct proposal *c, struct ike_suite *s, struct diag *d)
{
	memset(s, 0, sizeof(*s));
	for (int type = TRANS_ENCR; type < TRANS_TYPE_ROOF; type++) {
		if (c->types[type].count > 1)
			return diag(d, "proposal has several %s transforms", ike_trans_type_name(type));
	}
	if (c->types[TRANS_ENCR].count != 1)
		return diag(d, "proposal has no encryption transform");
	const struct transform *e = &c->types[TRANS_ENCR].t[0];
	s->encr = ike_alg_by_id(TRANS_ENCR, e->id);
	if (s->encr == NULL)
		return diag(d, "unknown encryption transform %u", e->id);
	s->enc_key_bits = e->key_bits != 0 ? e->key_bits
			: s->encr->keylen_attr ? 0 : s->encr->default_key_bits;
	if (!ike_alg_key_bits_ok(s->encr, s->enc_key_bits))
		return diag(d, "%s without a valid key length", s->encr->fqn);
	if (c->types[TRANS_PRF].count == 1)
		s->prf = ike_alg_by_id(TRANS_PRF, c->types[TRANS_PRF].t[0].id);
	if (c->types[TRANS_INTEG].count == 1)
		s->integ = ike_alg_by_id(TRANS_INTEG, c->types[TRANS_INTEG].t[0].id);
	if (c->types[TRANS_DH].count == 1 && c->types[TRANS_DH].t[0].id != IKEv2_DH_NONE)
		s->dh = ike_alg_by_id(TRANS_DH, c->types[TRANS_DH].t[0].id);
	s->esn = c->types[TRANS_ESN].count == 1 && c->types[TRANS_ESN].t[0].id == IKEv2_ESN_YES;
	bool has_integ = s->integ != NULL && s->integ->id != IKEv2_INTEG_NONE;
	if (s->encr->aead == has_integ)
		return diag(d, "%s %s an integrity algorithm", s->encr->fqn,
			    s->encr->aead ? "must not have" : "needs");
	if (c->protocol == SA_PROTO_IKE && (s->prf == NULL || s->dh == NULL))
		return diag(d, "IKE proposal lacks a %s", s->prf == NULL ? "PRF" : "DH group");
	return true;
}
