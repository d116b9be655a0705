/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Libreswan's ike= / esp= proposal syntax (Libreswan 4.10, as its
 * `ipsec algparse` accepts it):
 *
 *   PROPOSALS = PROPOSAL [ "," PROPOSAL ... ]
 *   ike:  PROPOSAL = ENCRS [ "-" PRFS | "-" INTEGS [ "-" PRFS ] ] [ ("-" | ";") DHS ]
 *   esp:  PROPOSAL = ENCRS [ "-" INTEGS ] [ ("-" | ";") DHS ]
 *   ENCRS = ENCR [ "+" ENCR ... ]   (likewise PRFS, INTEGS, DHS)
 *   ENCR = name [ [ "_" ] keybits ]  |  name "-" keybits
 *
 * In ike=, the token after the encryption is read as a PRF when it names
 * one (the integrity then being the same hash's), else as integrity
 * followed by the PRF.  Parts left out take Libreswan's defaults; a key
 * length left out proposes 256 then 128 bits for IKE, 128 then 256 for
 * ESP (the order Libreswan's ikev2_proposals.c uses).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "proposal.h"

struct token {
	const char *p;
	size_t n;
};

/* Names Libreswan knows that xswan deliberately does not implement:
 * saying "not supported" tells the admin it is not a typo. */
static const char *const unsupported[] = {
	"3des", "3des_cbc", "aes_ctr", "aesctr", "aes_ccm", "aes_ccm_a", "aes_ccm_b",
	"aes_ccm_c", "aes_ccm_8", "aes_ccm_12", "aes_ccm_16", "aes_gcm_a", "aes_gcm_b",
	"aes_gcm_8", "aes_gcm_12", "aes_gmac", "null_auth_aes_gmac", "camellia",
	"camellia_cbc", "camellia_ctr", "serpent", "twofish", "cast", "blowfish",
	"sha1", "sha", "md5", "sha1_96", "md5_96", "aes_xcbc", "aes_cmac", "aes_cmac_96",
	"aes_xcbc_96", "modp1024", "modp1536", "modp3072", "modp4096", "modp6144",
	"modp8192", "dh2", "dh5", "dh15", "dh16", "dh17", "dh18", "dh22", "dh23", "dh24",
	"curve448", "dh32", "ecp_192", "ecp_224", "dh25", "dh26",
};

static bool is_unsupported(struct token t)
{
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++) {
		if (strlen(unsupported[i]) == t.n && strncasecmp(unsupported[i], t.p, t.n) == 0)
			return true;
	}
	return false;
}

static const char *kind_name(enum proposal_kind kind)
{
	return kind == PROPOSAL_IKE ? "IKE" : "ESP";
}

static const char *type_word(enum ike_trans_type type)
{
	switch (type) {
	case TRANS_ENCR: return "encryption";
	case TRANS_PRF: return "PRF";
	case TRANS_INTEG: return "integrity";
	case TRANS_DH: return "DH";
	default: return "ESN";
	}
}

static bool allowed(enum proposal_kind kind, const struct ike_alg *a)
{
	return kind == PROPOSAL_IKE ? a->ike : a->esp;
}

/* One proposal while it is being read. */
struct parsed {
	const struct ike_alg *encr[TRANSFORMS_MAX];
	unsigned bits[TRANSFORMS_MAX];
	size_t n_encr;
	const struct ike_alg *prf[TRANSFORMS_MAX], *integ[TRANSFORMS_MAX], *dh[TRANSFORMS_MAX];
	size_t n_prf, n_integ, n_dh;
};

static bool unknown(enum proposal_kind kind, enum ike_trans_type type, struct token t,
		    struct diag *d)
{
	return diag(d, "%s %s algorithm '%.*s' is %s", kind_name(kind), type_word(type),
		    (int)t.n, t.p, is_unsupported(t) ? "not supported" : "not recognized");
}

static bool parse_encr(enum proposal_kind kind, struct token t, const struct ike_alg **alg,
		       unsigned *bits, struct diag *d)
{
	*bits = 0;
	*alg = ike_alg_by_name(TRANS_ENCR, t.p, t.n);
	if (*alg == NULL) {
		/* name + key length: aes256, aes_gcm_c256, aes_cbc_256 */
		size_t digits = 0;
		while (digits < t.n && isdigit((unsigned char)t.p[t.n - 1 - digits]))
			digits++;
		size_t name_len = t.n - digits;
		if (digits > 0 && digits <= 4 && name_len > 0) {
			if (t.p[name_len - 1] == '_')
				name_len--;
			*alg = ike_alg_by_name(TRANS_ENCR, t.p, name_len);
			for (size_t i = t.n - digits; i < t.n; i++)
				*bits = *bits * 10 + (unsigned)(t.p[i] - '0');
		}
	}
	if (*alg == NULL || !allowed(kind, *alg))
		return unknown(kind, TRANS_ENCR, t, d);
	return true;
}

static bool check_bits(enum proposal_kind kind, const struct ike_alg *a, unsigned bits,
		       struct diag *d)
{
	if (bits == 0)
		return true;
	if (!a->keylen_attr)
		return diag(d, "%s encryption algorithm %s does not allow a key length",
			    kind_name(kind), a->fqn);
	if (!ike_alg_key_bits_ok(a, bits)) {
		char valid[32] = "";
		/* the table is descending; print ascending, as Libreswan does */
		for (int i = (int)(sizeof(a->key_bits) / sizeof(a->key_bits[0])) - 1; i >= 0; i--) {
			if (a->key_bits[i] != 0)
				snprintf(valid + strlen(valid), sizeof(valid) - strlen(valid), "%s%u",
					 valid[0] != '\0' ? ", " : "", a->key_bits[i]);
		}
		return diag(d, "%s encryption algorithm %s with key length %u invalid; valid key lengths: %s",
			    kind_name(kind), a->fqn, bits, valid);
	}
	return true;
}

/* Split T on '+' into algorithms of TYPE.  LOOKUP_ONLY: report failure
 * without filling D (used to try PRF before integrity). */
static bool parse_list(enum proposal_kind kind, enum ike_trans_type type, struct token t,
		       const struct ike_alg **out, size_t *n, bool quiet, struct diag *d)
{
	*n = 0;
	const char *p = t.p, *end = t.p + t.n;
	for (;;) {
		const char *plus = memchr(p, '+', (size_t)(end - p));
		struct token e = { p, (size_t)((plus != NULL ? plus : end) - p) };
		if (e.n == 0)
			return quiet ? false : diag(d, "%s %s algorithm is empty", kind_name(kind), type_word(type));
		const struct ike_alg *a = ike_alg_by_name(type, e.p, e.n);
		if (a != NULL && !allowed(kind, a))
			return quiet ? false : diag(d, "%s %s algorithm '%.*s' not permitted",
						    kind_name(kind), type_word(type), (int)e.n, e.p);
		if (a == NULL)
			return quiet ? false : unknown(kind, type, e, d);
		if (*n >= TRANSFORMS_MAX)
			return diag(d, "%s proposal has more than %d %s algorithms", kind_name(kind),
				    TRANSFORMS_MAX, type_word(type));
		bool dup = false;
		for (size_t i = 0; i < *n; i++)
			dup |= out[i] == a;
		if (!dup)
			out[(*n)++] = a;
		if (plus == NULL)
			return true;
		p = plus + 1;
	}
}

static bool parse_encrs(enum proposal_kind kind, struct token t, struct parsed *pp, struct diag *d)
{
	const char *p = t.p, *end = t.p + t.n;
	for (;;) {
		const char *plus = memchr(p, '+', (size_t)(end - p));
		struct token e = { p, (size_t)((plus != NULL ? plus : end) - p) };
		if (e.n == 0)
			return diag(d, "%s encryption algorithm is empty", kind_name(kind));
		if (pp->n_encr >= TRANSFORMS_MAX)
			return diag(d, "%s proposal has more than %d encryption algorithms",
				    kind_name(kind), TRANSFORMS_MAX);
		if (!parse_encr(kind, e, &pp->encr[pp->n_encr], &pp->bits[pp->n_encr], d))
			return false;
		pp->n_encr++;
		if (plus == NULL)
			return true;
		p = plus + 1;
	}
}

static bool all_digits(struct token t)
{
	if (t.n == 0)
		return false;
	for (size_t i = 0; i < t.n; i++) {
		if (!isdigit((unsigned char)t.p[i]))
			return false;
	}
	return true;
}

static void add(struct transform_list *l, uint16_t id, uint16_t bits)
{
	for (size_t i = 0; i < l->count; i++) {
		if (l->t[i].id == id && l->t[i].key_bits == bits)
			return;
	}
	if (l->count < TRANSFORMS_MAX)
		l->t[l->count++] = (struct transform){ .id = id, .key_bits = bits };
}

static void add_algs(struct transform_list *l, const struct ike_alg *const *algs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		add(l, algs[i]->id, 0);
}

static const struct ike_alg *alg(enum ike_trans_type type, unsigned id)
{
	return ike_alg_by_id(type, id);
}

/* Turn a parsed proposal into transform lists, filling in defaults. */
static bool build(enum proposal_kind kind, struct parsed *pp, struct proposal *out, struct diag *d)
{
	const char *k = kind_name(kind);
	bool aead = pp->encr[0]->aead;

	for (size_t i = 0; i < pp->n_encr; i++) {
		if (pp->encr[i]->aead != aead)
			return diag(d, "AEAD and non-AEAD %s encryption algorithm cannot be combined", k);
		if (!check_bits(kind, pp->encr[i], pp->bits[i], d))
			return false;
	}
	bool integ_none = false, integ_some = false;
	for (size_t i = 0; i < pp->n_integ; i++) {
		if (pp->integ[i]->id == IKEv2_INTEG_NONE)
			integ_none = true;
		else
			integ_some = true;
	}
	if (aead && integ_some)
		return diag(d, "AEAD %s encryption algorithm %s must have 'NONE' as the integrity algorithm",
			    k, pp->encr[0]->fqn);
	if (!aead && integ_none)
		return diag(d, "non-AEAD %s encryption algorithm %s cannot have 'NONE' as the integrity algorithm",
			    k, pp->encr[0]->fqn);
	for (size_t i = 0; i < pp->n_dh; i++) {
		if (pp->dh[i]->id == IKEv2_DH_NONE && (kind == PROPOSAL_IKE || pp->n_dh > 1))
			return diag(d, "%s DH algorithm 'none' not permitted%s", k,
				    kind == PROPOSAL_IKE ? "" : " with other DH algorithms");
	}

	memset(out, 0, sizeof(*out));
	out->protocol = kind == PROPOSAL_IKE ? SA_PROTO_IKE : SA_PROTO_ESP;

	/* Encryption; an omitted key length proposes both (order per kind). */
	for (size_t i = 0; i < pp->n_encr; i++) {
		const struct ike_alg *e = pp->encr[i];
		if (!e->keylen_attr) {
			add(&out->types[TRANS_ENCR], e->id, 0);
		} else if (pp->bits[i] != 0) {
			add(&out->types[TRANS_ENCR], e->id, (uint16_t)pp->bits[i]);
		} else if (kind == PROPOSAL_IKE) {
			add(&out->types[TRANS_ENCR], e->id, (uint16_t)e->key_bits[0]);
			add(&out->types[TRANS_ENCR], e->id, (uint16_t)e->default_key_bits);
		} else {
			add(&out->types[TRANS_ENCR], e->id, (uint16_t)e->default_key_bits);
			add(&out->types[TRANS_ENCR], e->id, (uint16_t)e->key_bits[0]);
		}
	}

	/* Libreswan's defaults for what is left out. */
	static const unsigned default_prfs[] = { IKEv2_PRF_HMAC_SHA2_512, IKEv2_PRF_HMAC_SHA2_256 };
	static const unsigned default_integs[] = { IKEv2_INTEG_HMAC_SHA2_512_256,
						   IKEv2_INTEG_HMAC_SHA2_256_128 };
	static const unsigned default_dhs[] = { IKEv2_DH_MODP2048, IKEv2_DH_ECP_256, IKEv2_DH_ECP_384,
						IKEv2_DH_ECP_521, IKEv2_DH_CURVE25519 };
	if (kind == PROPOSAL_IKE) {
		if (pp->n_prf == 0) {
			for (size_t i = 0; i < 2; i++)
				pp->prf[pp->n_prf++] = alg(TRANS_PRF, default_prfs[i]);
		}
		add_algs(&out->types[TRANS_PRF], pp->prf, pp->n_prf);
	}
	if (aead) {
		add(&out->types[TRANS_INTEG], IKEv2_INTEG_NONE, 0);
	} else if (pp->n_integ > 0) {
		add_algs(&out->types[TRANS_INTEG], pp->integ, pp->n_integ);
	} else if (kind == PROPOSAL_IKE && pp->n_prf > 0) {
		/* ike=aes-sha2_256: integrity of the same hash as the PRF */
		for (size_t i = 0; i < pp->n_prf; i++)
			add(&out->types[TRANS_INTEG], pp->prf[i]->prf_integ->id, 0);
	} else {
		for (size_t i = 0; i < 2; i++)
			add(&out->types[TRANS_INTEG], (uint16_t)default_integs[i], 0);
	}
	if (pp->n_dh > 0) {
		add_algs(&out->types[TRANS_DH], pp->dh, pp->n_dh);
	} else if (kind == PROPOSAL_IKE) {
		for (size_t i = 0; i < sizeof(default_dhs) / sizeof(default_dhs[0]); i++)
			add(&out->types[TRANS_DH], (uint16_t)default_dhs[i], 0);
	}
	return true;
}

static bool parse_one(enum proposal_kind kind, struct token t, struct proposal *out, struct diag *d)
{
	const char *k = kind_name(kind);
	struct parsed pp = { .n_encr = 0 };
	struct token toks[8];
	size_t n = 0;
	struct token dh_tok = { NULL, 0 };
	bool have_semi = false;

	/* ';' introduces the DH part; only one is allowed. */
	const char *semi = memchr(t.p, ';', t.n);
	struct token left = t;
	if (semi != NULL) {
		have_semi = true;
		left.n = (size_t)(semi - t.p);
		dh_tok = (struct token){ semi + 1, t.n - left.n - 1 };
		const char *again = memchr(dh_tok.p, ';', dh_tok.n);
		const char *dash = memchr(dh_tok.p, '-', dh_tok.n);
		const char *extra = again != NULL ? again : dash;
		if (again != NULL && dash != NULL && dash < again)
			extra = dash;
		if (extra != NULL) {
			struct token u = { extra + 1, (size_t)(dh_tok.p + dh_tok.n - extra - 1) };
			return diag(d, "%s proposal contains unexpected '%.*s'", k, (int)u.n, u.p);
		}
		if (dh_tok.n == 0)
			return diag(d, "%s DH algorithm is empty", k);
	}

	for (const char *p = left.p, *end = left.p + left.n;;) {
		const char *dash = memchr(p, '-', (size_t)(end - p));
		struct token e = { p, (size_t)((dash != NULL ? dash : end) - p) };
		if (n == sizeof(toks) / sizeof(toks[0]))
			return diag(d, "%s proposal contains unexpected '%.*s'", k, (int)e.n, e.p);
		toks[n++] = e;
		if (dash == NULL)
			break;
		p = dash + 1;
	}

	if (toks[0].n == 0)
		return diag(d, "%s encryption algorithm is empty", k);
	if (!parse_encrs(kind, toks[0], &pp, d))
		return false;
	size_t i = 1;
	/* "aes-256": a bare number is the key length of a single algorithm */
	if (i < n && all_digits(toks[i]) && pp.n_encr == 1 && pp.bits[0] == 0) {
		unsigned bits = 0;
		for (size_t j = 0; j < toks[i].n && bits < 100000; j++)
			bits = bits * 10 + (unsigned)(toks[i].p[j] - '0');
		pp.bits[0] = bits;
		i++;
	}

	if (kind == PROPOSAL_IKE) {
		if (i < n) {
			if (toks[i].n == 0)
				return diag(d, "%s PRF algorithm is empty", k);
			if (parse_list(kind, TRANS_PRF, toks[i], pp.prf, &pp.n_prf, true, d)) {
				i++;
			} else if (parse_list(kind, TRANS_INTEG, toks[i], pp.integ, &pp.n_integ, true, d)) {
				i++;
				if (i < n) {
					if (!parse_list(kind, TRANS_PRF, toks[i], pp.prf, &pp.n_prf, false, d))
						return false;
					i++;
				}
			} else {
				/* name the failing element as a PRF, as Libreswan does */
				return parse_list(kind, TRANS_PRF, toks[i], pp.prf, &pp.n_prf, false, d);
			}
		}
	} else if (i < n) {
		if (!parse_list(kind, TRANS_INTEG, toks[i], pp.integ, &pp.n_integ, false, d))
			return false;
		i++;
	}
	if (i < n) {
		if (have_semi)
			return diag(d, "%s proposal contains unexpected '%.*s'", k, (int)dh_tok.n, dh_tok.p);
		dh_tok = toks[i++];
		if (dh_tok.n == 0)
			return diag(d, "%s DH algorithm is empty", k);
	}
	if (i < n)
		return diag(d, "%s proposal contains unexpected '%.*s'", k, (int)toks[i].n, toks[i].p);
	if (dh_tok.p != NULL &&
	    !parse_list(kind, TRANS_DH, dh_tok, pp.dh, &pp.n_dh, false, d))
		return false;
	return build(kind, &pp, out, d);
}

bool proposals_parse(enum proposal_kind kind, const char *text, struct proposals *out,
		     struct diag *d)
{
	memset(out, 0, sizeof(*out));
	if (text == NULL || text[0] == '\0')
		return diag(d, "%s proposal is empty", kind_name(kind));
	for (const char *p = text;;) {
		const char *comma = strchr(p, ',');
		struct token t = { p, comma != NULL ? (size_t)(comma - p) : strlen(p) };
		if (out->count == PROPOSALS_MAX)
			return diag(d, "%s has more than %d proposals", kind_name(kind), PROPOSALS_MAX);
		struct proposal *prop = &out->p[out->count];
		if (!parse_one(kind, t, prop, d))
			return false;
		prop->number = (uint8_t)(++out->count);
		if (comma == NULL)
			return true;
		p = comma + 1;
	}
}

void proposals_default(enum proposal_kind kind, struct proposals *out)
{
	/* `ipsec algparse -v2 ike` / `esp` of Libreswan 4.10, minus the MODP
	 * groups above 2048 that xswan does not implement. */
	static const char ike[] = "aes_gcm256,aes_gcm128,aes256,aes128";
	static const char esp[] = "aes_gcm256-none,aes_gcm128-none,aes256-sha2_512+sha2_256,aes128-sha2_512+sha2_256";
	struct diag d;

	if (!proposals_parse(kind, kind == PROPOSAL_IKE ? ike : esp, out, &d))
		memset(out, 0, sizeof(*out));	/* cannot happen: the strings are fixed */
}

void proposals_set_esn(struct proposals *ps, enum esn_policy esn)
{
	for (size_t i = 0; i < ps->count; i++) {
		struct transform_list *l = &ps->p[i].types[TRANS_ESN];
		memset(l, 0, sizeof(*l));
		if (ps->p[i].protocol == SA_PROTO_IKE)
			continue;
		if (esn != ESN_POLICY_NO)
			add(l, IKEv2_ESN_YES, 0);
		if (esn != ESN_POLICY_YES)
			add(l, IKEv2_ESN_NO, 0);
	}
}

void proposals_set_child_dh(struct proposals *ps, const struct ike_alg *ike_dh)
{
	for (size_t i = 0; i < ps->count; i++) {
		struct transform_list *l = &ps->p[i].types[TRANS_DH];
		if (ike_dh == NULL) {
			memset(l, 0, sizeof(*l));
		} else if (l->count == 0) {
			add(l, ike_dh->id, 0);
		}
	}
}

void proposals_set_spi(struct proposals *ps, const uint8_t *spi, uint8_t size)
{
	if (size > sizeof(ps->p[0].spi))
		size = 0;
	for (size_t i = 0; i < ps->count; i++) {
		ps->p[i].spi_size = size;
		memset(ps->p[i].spi, 0, sizeof(ps->p[i].spi));
		if (size > 0)
			memcpy(ps->p[i].spi, spi, size);
	}
}

static size_t put_str(char *buf, size_t cap, size_t at, const char *s)
{
	size_t n = strlen(s);
	if (at < cap)
		snprintf(buf + at, cap - at, "%s", s);
	return at + n;
}

size_t proposal_str(const struct proposal *p, char *buf, size_t cap)
{
	static const enum ike_trans_type order[] = { TRANS_ENCR, TRANS_INTEG, TRANS_PRF, TRANS_DH, TRANS_ESN };
	size_t at = 0;
	bool first_type = true;

	if (cap > 0)
		buf[0] = '\0';
	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
		const struct transform_list *l = &p->types[order[o]];
		if (l->count == 0)
			continue;
		at = put_str(buf, cap, at, first_type ? "" : "-");
		first_type = false;
		for (size_t i = 0; i < l->count; i++) {
			const struct ike_alg *a = ike_alg_by_id(order[o], l->t[i].id);
			char name[48];
			if (a == NULL)
				snprintf(name, sizeof(name), "%s_%u", ike_trans_type_name(order[o]), l->t[i].id);
			else if (l->t[i].key_bits != 0)
				snprintf(name, sizeof(name), "%s_%u", a->fqn, l->t[i].key_bits);
			else
				snprintf(name, sizeof(name), "%s", a->fqn);
			at = put_str(buf, cap, at, i > 0 ? "+" : "");
			at = put_str(buf, cap, at, name);
		}
	}
	return at;
}
