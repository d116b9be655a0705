/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CREATE_CHILD_SA helpers both ends use (ikev2_create_child.c as the
 * initiator, ikev2_create_child_responder.c as the responder): what a
 * connection asks for (transport, pfs=, narrowing=), nonces and their
 * order (RFC 7296 2.8.1), the DH group of a proposal, and the SA and TS
 * payloads in and out.
 */
#include <arpa/inet.h>
#include <string.h>

#include "connections.h"
#include "crypto/crypto_nss.h"
#include "ikev2.h"
#include "ikev2_create_child.h"
#include "ikev2_ts.h"

bool ccs_conn_transport(const struct connection *c)
{
	return c != NULL && c->config != NULL && c->config->type == TYPE_TRANSPORT;
}

bool ccs_conn_pfs(const struct connection *c)
{
	/* Libreswan's default is pfs=yes; a conn without config (tests) too. */
	return c == NULL || c->config == NULL || c->config->pfs;
}

/* The group of the IKE SA's own key exchange (PFS uses it). */
const struct ike_alg *ccs_ike_group(const struct ike_sa *ike)
{
	return ike->keys.suite.dh != NULL ? ike->keys.suite.dh : ike->ke_group;
}

bool ccs_new_nonce(struct nonce *n)
{
	n->len = CCS_NONCE_SIZE;
	return crypto_random(n->b, n->len);
}

bool ccs_take_nonce(const struct ikev2_msg *m, struct nonce *n, struct diag *d)
{
	const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_NONCE);

	if (p == NULL)
		return diag(d, "no Nonce payload");
	/* RFC 7296 3.9: 16 to 256 octets. */
	if (p->u.nonce.data.len < 16 || p->u.nonce.data.len > NONCE_MAX)
		return diag(d, "nonce of %zu octets", p->u.nonce.data.len);
	memcpy(n->b, p->u.nonce.data.ptr, p->u.nonce.data.len);
	n->len = p->u.nonce.data.len;
	return true;
}

/* Nonces compared as unsigned big numbers of their octets; a shorter
 * one that is a prefix of the other is lower. */
int ccs_nonce_cmp(const struct nonce *a, const struct nonce *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->b, b->b, n);

	if (r != 0)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

const struct nonce *ccs_nonce_min(const struct nonce *a, const struct nonce *b)
{
	return ccs_nonce_cmp(a, b) <= 0 ? a : b;
}

/* The DH group the chosen proposal names; NULL when none (or NONE). */
const struct ike_alg *ccs_chosen_group(const struct proposal *p)
{
	const struct transform_list *l = &p->types[TRANS_DH];

	if (l->count == 0 || l->t[0].id == 0)
		return NULL;
	return ike_alg_by_id(TRANS_DH, l->t[0].id);
}

bool ccs_add_sa(struct ikev2_builder *b, const struct proposals *p, bool offer, struct diag *d)
{
	uint8_t body[2048];
	struct buf sab = BUF(body, sizeof(body));

	if (!sa_payload_emit(p, offer, &sab, d))
		return false;
	if (sab.overflow)
		return diag(d, "proposals do not fit in an SA payload");
	return ikev2_add_sa_body(b, buf_bytes(&sab), d);
}

bool ccs_add_ts(struct ikev2_builder *b, unsigned type, const struct ip_selector *sel,
		struct diag *d)
{
	struct ikev2_ts_payload ts = { .n_ts = 1 };

	ts_from_selector(sel, &ts.ts[0]);
	return ikev2_add_ts(b, type, &ts, d);
}

bool ccs_parse_sa(const struct ikev2_msg *m, struct proposals *out, struct diag *d)
{
	const struct ikev2_payload *sa = ikev2_msg_first(m, IKEV2_NP_SA);

	if (sa == NULL || sa->raw.len < IKEV2_GENERIC_HDR_SIZE)
		return diag(d, "no SA payload");
	return sa_payload_parse(sa->u.sa.body, out, d);
}

uint32_t ccs_spi_of(const struct proposal *p)
{
	uint32_t be;

	memcpy(&be, p->spi, 4);
	return ntohl(be);
}
