/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Payload rules per exchange (RFC 7296 1.2-1.5, 2.6, 3.12) and their
 * checker.  Vendor ID may appear in any message (3.12); Notify in any.
 */
#include <stdio.h>

#include "ikev2_rules.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BIT(type) (1u << ((type) - 32))

#define CLEAR(t, lo, hi) { IKEV2_NP_##t, lo, hi, false }
#define INNER(t, lo, hi) { IKEV2_NP_##t, lo, hi, true }

#define RULES(var, name_, exch, resp, rows, ...)			\
	static const struct ikev2_rule_set var = {			\
		.name = name_, .exchange = IKEV2_EXCH_##exch,		\
		.response = resp, .rules = rows,			\
		.nrules = ARRAY_SIZE(rows), __VA_ARGS__ }

/* 1.2: HDR, SAi1, KEi, Ni [N(COOKIE)] [N+] [V+] [CERTREQ+] */
static const struct ikev2_payload_rule ike_sa_init[] = {
	CLEAR(SA, 1, 1), CLEAR(KE, 1, 1), CLEAR(NONCE, 1, 1),
	CLEAR(N, 0, IKEV2_ANY), CLEAR(V, 0, IKEV2_ANY), CLEAR(CERTREQ, 0, IKEV2_ANY),
};
RULES(ike_sa_init_request, "IKE_SA_INIT request", IKE_SA_INIT, false, ike_sa_init);
/* A response may be just N(INVALID_KE_PAYLOAD), N(NO_PROPOSAL_CHOSEN) or N(COOKIE). */
RULES(ike_sa_init_response, "IKE_SA_INIT response", IKE_SA_INIT, true, ike_sa_init,
      .notify_suffices = true);

/* RFC 9242: SK {[N+]}, with KE for additional key exchanges (RFC 9370). */
static const struct ikev2_payload_rule ike_intermediate[] = {
	INNER(KE, 0, 1), INNER(N, 0, IKEV2_ANY), INNER(V, 0, IKEV2_ANY),
};
RULES(ike_intermediate_request, "IKE_INTERMEDIATE request", IKE_INTERMEDIATE, false,
      ike_intermediate);
RULES(ike_intermediate_response, "IKE_INTERMEDIATE response", IKE_INTERMEDIATE, true,
      ike_intermediate, .notify_suffices = true);

/* 1.2: SK {IDi, [CERT+], [N(INITIAL_CONTACT)], [[N(HTTP_CERT_LOOKUP_SUPPORTED)],
 * CERTREQ+], [IDr], AUTH, [CP(CFG_REQUEST)], [N(IPCOMP_SUPPORTED)],
 * [N(USE_TRANSPORT_MODE)], ..., SAi2, TSi, TSr, [V+]}.  EAP (no AUTH in the
 * first request) is not supported, so AUTH is required. */
static const struct ikev2_payload_rule ike_auth_req[] = {
	INNER(IDi, 1, 1), INNER(CERT, 0, IKEV2_ANY), INNER(CERTREQ, 0, IKEV2_ANY),
	INNER(IDr, 0, 1), INNER(AUTH, 1, 1), INNER(CP, 0, 1), INNER(N, 0, IKEV2_ANY),
	INNER(SA, 0, 1), INNER(TSi, 0, 1), INNER(TSr, 0, 1), INNER(V, 0, IKEV2_ANY),
};
RULES(ike_auth_request, "IKE_AUTH request", IKE_AUTH, false, ike_auth_req,
      .together = BIT(IKEV2_NP_SA) | BIT(IKEV2_NP_TSi) | BIT(IKEV2_NP_TSr));

/* 1.2: SK {IDr, [CERT+], AUTH, [CP(CFG_REPLY)], [N...], SAr2, TSi, TSr}; a
 * failed Child SA drops SA and TS and adds an error notify (1.2, 2.21). */
static const struct ikev2_payload_rule ike_auth_resp[] = {
	INNER(IDr, 1, 1), INNER(CERT, 0, IKEV2_ANY), INNER(AUTH, 1, 1), INNER(CP, 0, 1),
	INNER(N, 0, IKEV2_ANY), INNER(SA, 0, 1), INNER(TSi, 0, 1), INNER(TSr, 0, 1),
	INNER(V, 0, IKEV2_ANY),
};
RULES(ike_auth_response, "IKE_AUTH response", IKE_AUTH, true, ike_auth_resp,
      .notify_suffices = true,
      .together = BIT(IKEV2_NP_SA) | BIT(IKEV2_NP_TSi) | BIT(IKEV2_NP_TSr));

/* 1.3.1 and 1.3.3: SK {[N(REKEY_SA)], [N+], SA, Ni, [KEi], TSi, TSr} */
static const struct ikev2_payload_rule ccsa_child[] = {
	INNER(SA, 1, 1), INNER(NONCE, 1, 1), INNER(KE, 0, 1), INNER(TSi, 1, 1),
	INNER(TSr, 1, 1), INNER(N, 0, IKEV2_ANY), INNER(V, 0, IKEV2_ANY),
};
RULES(ccsa_child_request, "CREATE_CHILD_SA request (Child SA)", CREATE_CHILD_SA, false,
      ccsa_child);
RULES(ccsa_child_response, "CREATE_CHILD_SA response (Child SA)", CREATE_CHILD_SA, true,
      ccsa_child, .notify_suffices = true);

/* 1.3.2: SK {SA, Ni, KEi} */
static const struct ikev2_payload_rule ccsa_ike[] = {
	INNER(SA, 1, 1), INNER(NONCE, 1, 1), INNER(KE, 1, 1),
	INNER(N, 0, IKEV2_ANY), INNER(V, 0, IKEV2_ANY),
};
RULES(ccsa_ike_request, "CREATE_CHILD_SA request (IKE SA rekey)", CREATE_CHILD_SA, false,
      ccsa_ike);
RULES(ccsa_ike_response, "CREATE_CHILD_SA response (IKE SA rekey)", CREATE_CHILD_SA, true,
      ccsa_ike, .notify_suffices = true);

/* 1.4: SK {[N+], [D+], [CP+]}; an empty one is a liveness check. */
static const struct ikev2_payload_rule informational[] = {
	INNER(N, 0, IKEV2_ANY), INNER(D, 0, IKEV2_ANY), INNER(CP, 0, 1), INNER(V, 0, IKEV2_ANY),
};
RULES(informational_request, "INFORMATIONAL request", INFORMATIONAL, false, informational);
RULES(informational_response, "INFORMATIONAL response", INFORMATIONAL, true, informational);

enum ikev2_ccsa_kind ikev2_ccsa_kind(const struct ikev2_msg *m)
{
	if (ikev2_msg_count(m, IKEV2_NP_TSi) == 0 && ikev2_msg_count(m, IKEV2_NP_TSr) == 0)
		return IKEV2_CCSA_REKEY_IKE;
	if (ikev2_msg_notify(m, IKEV2_N_REKEY_SA) != NULL)
		return IKEV2_CCSA_REKEY_CHILD;
	return IKEV2_CCSA_NEW_CHILD;
}

const struct ikev2_rule_set *ikev2_rules_for(const struct ikev2_msg *m)
{
	bool resp = ikev2_msg_is_response(m);

	switch (m->hdr.exchange) {
	case IKEV2_EXCH_IKE_SA_INIT:
		return resp ? &ike_sa_init_response : &ike_sa_init_request;
	case IKEV2_EXCH_IKE_INTERMEDIATE:
		return resp ? &ike_intermediate_response : &ike_intermediate_request;
	case IKEV2_EXCH_IKE_AUTH:
		return resp ? &ike_auth_response : &ike_auth_request;
	case IKEV2_EXCH_CREATE_CHILD_SA:
		/* Before decryption the kind is unknown; both sets agree
		 * on the plaintext part. */
		if (ikev2_ccsa_kind(m) == IKEV2_CCSA_REKEY_IKE)
			return resp ? &ccsa_ike_response : &ccsa_ike_request;
		return resp ? &ccsa_child_response : &ccsa_child_request;
	case IKEV2_EXCH_INFORMATIONAL:
		return resp ? &informational_response : &informational_request;
	}
	return NULL;
}

static const struct ikev2_payload_rule *find_rule(const struct ikev2_rule_set *rs, unsigned type)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		if (rs->rules[i].type == type)
			return &rs->rules[i];
	}
	return NULL;
}

static bool encrypted_exchange(const struct ikev2_rule_set *rs)
{
	for (size_t i = 0; i < rs->nrules; i++) {
		if (rs->rules[i].encrypted)
			return true;
	}
	return false;
}

static const char *pname(unsigned type)
{
	return name_of(&ikev2_payload_names, type);
}

bool ikev2_check_plaintext_rules(const struct ikev2_msg *m, const struct ikev2_rule_set *rs,
				 struct diag *d)
{
	bool encrypted = encrypted_exchange(rs);

	for (unsigned i = 0; i < m->n_payloads; i++) {
		const struct ikev2_payload *p = &m->payloads[i];

		if (p->encrypted)
			continue;
		if (encrypted) {
			/* 3.14: after IKE_SA_INIT everything is inside SK
			 * (or SKF, RFC 7383). */
			if (p->type != IKEV2_NP_SK && p->type != IKEV2_NP_SKF)
				return diag(d, "%s: %s payload outside the SK payload",
					    rs->name, pname(p->type));
			continue;
		}
		if (find_rule(rs, p->type) == NULL)
			return diag(d, "%s: unexpected %s payload", rs->name, pname(p->type));
	}
	if (encrypted && !m->sk.present)
		return diag(d, "%s: no SK payload", rs->name);
	return true;
}

/* 2.21: responses that only report an error carry nothing else; COOKIE
 * (2.6) asks the initiator to start again. */
static bool notify_suffices(const struct ikev2_msg *m, const struct ikev2_rule_set *rs)
{
	if (!rs->notify_suffices)
		return false;
	for (const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_N); p != NULL;
	     p = ikev2_msg_next_of_type(m, p)) {
		if (p->u.n.type < IKEV2_N_STATUS_FIRST)
			return true;
		if (rs->exchange == IKEV2_EXCH_IKE_SA_INIT && p->u.n.type == IKEV2_N_COOKIE)
			return true;
	}
	return false;
}

bool ikev2_check_payload_rules(const struct ikev2_msg *m, const struct ikev2_rule_set *rs,
			       struct diag *d)
{
	if (!ikev2_check_plaintext_rules(m, rs, d))
		return false;
	if (encrypted_exchange(rs) && !m->inner_decoded)
		return diag(d, "%s: the SK payload has not been decrypted yet", rs->name);

	for (unsigned i = 0; i < m->n_payloads; i++) {
		const struct ikev2_payload *p = &m->payloads[i];

		if (p->type == IKEV2_NP_SK || p->type == IKEV2_NP_SKF)
			continue;
		const struct ikev2_payload_rule *r = find_rule(rs, p->type);

		if (r == NULL)
			return diag(d, "%s: unexpected %s payload", rs->name, pname(p->type));
		if (r->encrypted != p->encrypted)
			return diag(d, "%s: %s payload must be %s the SK payload", rs->name,
				    pname(p->type), r->encrypted ? "inside" : "outside");
	}

	bool waived = notify_suffices(m, rs);
	uint32_t present = 0;

	for (size_t i = 0; i < rs->nrules; i++) {
		const struct ikev2_payload_rule *r = &rs->rules[i];
		unsigned n = ikev2_msg_count(m, r->type);

		if (n > r->max)
			return diag(d, "%s: %u %s payloads, at most %u allowed",
				    rs->name, n, pname(r->type), r->max);
		if (n < r->min && !waived)
			return diag(d, "%s: missing %s payload", rs->name, pname(r->type));
		if (n > 0 && r->type >= 32 && r->type < 64)
			present |= BIT(r->type);
	}
	if ((present & rs->together) != 0 && (present & rs->together) != rs->together) {
		char missing[64] = "";
		size_t len = 0;

		for (unsigned t = 32; t < 64; t++) {
			if ((rs->together & ~present) & BIT(t))
				len += snprintf(missing + len, sizeof(missing) - len, "%s%s",
						len ? ", " : "", pname(t));
			if (len >= sizeof(missing))
				break;
		}
		return diag(d, "%s: SA, TSi and TSr come together; missing %s", rs->name, missing);
	}
	return true;
}
