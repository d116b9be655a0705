/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A negotiated Child SA into the kernel: the inbound SPI from the
 * kernel's ALLOCSPI, KEYMAT (RFC 7296 2.17) split per direction, the
 * inbound SA first (so nothing the peer sends once it has its outbound
 * SA is lost), then the outbound SA, then the in/out/fwd policies; UDP
 * encapsulation when a NAT was detected or encapsulation=yes; ESN and the
 * replay window per config.  And everything removed again, exactly once.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "connections.h"
#include "crypto/crypto_nss.h"
#include "crypto/symkey.h"
#include "ikev2.h"
#include "ikev2_ts.h"
#include "kernel.h"
#include "log.h"

/* Libreswan's range for inbound ESP SPIs. */
#define SPI_MIN 0x00001000u
#define SPI_MAX 0xffffffffu

static bool have_kernel(const struct ike_env *env)
{
	return env->kernel_ops != NULL && env->kernel != NULL;
}

bool child_kernel_aor(const struct ike_env *env)
{
	const struct kernel_features *f;

	if (!have_kernel(env) || env->kernel_ops->features == NULL)
		return false;
	f = env->kernel_ops->features(env->kernel);
	return f != NULL && f->activate_on_receipt.present;
}

/*
 * A random SPI that none of our SAs to this address has, instead of
 * ALLOCSPI's kernel round trip (two system calls).  Fine where no larval
 * SA is needed:
 *  - an SA installed before the peer learns its SPI (a responder's);
 *  - IKE_AUTH's Child SA: ESP the responder sends before our install
 *    finds no SA either way (the larval SA drops it too), and an
 *    unknown-SPI report for it is ignored while our IKE SA with that
 *    peer is still negotiating (unknown_spi_policy.c).
 * A Child SA of CREATE_CHILD_SA keeps ALLOCSPI: the IKE SA is up, and a
 * report for early ESP would start a liveness check.
 * An SA of another program with the same SPI makes the NEWSA fail
 * (EEXIST); with 2^32 SPIs that is rare enough to fail the Child SA for.
 */
static bool pick_spi(struct child_sa *child)
{
	struct ike_env *env = child->ike->env;

	for (int tries = 0; tries < 8; tries++) {
		uint32_t r;

		if (!crypto_random(&r, sizeof(r)))
			return false;
		uint32_t spi = SPI_MIN + r % (SPI_MAX - SPI_MIN + 1);
		if (env->kernel_ops->spi_unused(env->kernel, &child->ike->local, IPPROTO_ESP, spi)) {
			child->spi_in = spi;
			child->spi_allocated = false;	/* no larval SA: NEWSA */
			return true;
		}
	}
	return false;
}

bool conn_narrowing(const struct connection *c)
{
	return c != NULL && c->config != NULL && c->config->narrowing;
}

bool child_ts_fit(const struct connection *c, void *msg)
{
	const struct ikev2_msg *m = msg;
	struct ip_selector remote, local;
	struct diag d;
	bool narrowing = conn_narrowing(c);

	/* TSi is the peer's side, TSr ours. */
	return ts_narrow_responder(&m->tsi, &c->remote.selectors[0], narrowing, &remote, &d) &&
	       ts_narrow_responder(&m->tsr, &c->local.selectors[0], narrowing, &local, &d);
}

bool child_alloc_spi(struct child_sa *child, enum spi_use use, struct diag *d)
{
	struct ike_sa *ike = child->ike;
	struct ike_env *env = ike->env;

	if (!have_kernel(env))
		return diag(d, "no kernel backend: cannot allocate an ESP SPI");
	if (use != SPI_ANNOUNCED_FIRST && env->kernel_ops->spi_unused != NULL && pick_spi(child))
		return true;
	if (!env->kernel_ops->alloc_spi(env->kernel, &ike->remote, &ike->local, IPPROTO_ESP,
					child->reqid, SPI_MIN, SPI_MAX, &child->spi_in, d))
		return false;
	child->spi_allocated = true;
	return true;
}

static bool child_encap(const struct child_sa *child)
{
	const struct ike_sa *ike = child->ike;
	const struct connection *c = child->c;

	if (c != NULL && c->config != NULL && c->config->encapsulation == YNA_NO)
		return false;
	/* IKE on port 4500 alone says nothing: a MOBIKE peer (strongSwan)
	 * moves there without a NAT and sends plain ESP. */
	return ike->nat_detected_local || ike->nat_detected_remote ||
	       (c != NULL && c->config != NULL && c->config->encapsulation == YNA_YES);
}

/* mark= applies both ways; mark-in=/mark-out= override one direction.
 * The per-instance unique form (-1) is not supported yet: no mark. */
static struct kernel_mark child_mark(const struct child_sa *child, bool inbound)
{
	const struct connection *c = child->c;
	const struct conn_mark *m;

	if (c == NULL || c->config == NULL)
		return (struct kernel_mark){ 0 };
	m = inbound ? &c->config->mark_in : &c->config->mark_out;
	if (!m->set)
		m = &c->config->mark;
	if (!m->set || m->unique)
		return (struct kernel_mark){ 0 };
	return (struct kernel_mark){ .value = m->value, .mask = m->mask };
}

void child_kernel_mark(const struct child_sa *child, bool inbound, struct kernel_mark *out)
{
	*out = child_mark(child, inbound);
}

static uint32_t conn_replay_window(const struct connection *c)
{
	return c != NULL && c->config != NULL ? c->config->replay_window : 128;
}

/* One direction's SA, keys filled in by the caller. */
static void fill_sa(const struct child_sa *child, bool inbound, struct kernel_sa *sa)
{
	const struct ike_sa *ike = child->ike;

	memset(sa, 0, sizeof(*sa));
	sa->src = inbound ? ike->remote : ike->local;
	sa->dst = inbound ? ike->local : ike->remote;
	sa->spi = inbound ? child->spi_in : child->spi_out;
	sa->proto = IPPROTO_ESP;
	sa->mode = child->transport ? KERNEL_MODE_TRANSPORT : KERNEL_MODE_TUNNEL;
	sa->reqid = child->reqid;
	sa->esn = child->suite.esn;
	sa->replay_window = conn_replay_window(child->c);
	sa->dir = inbound ? KERNEL_SA_DIR_IN : KERNEL_SA_DIR_OUT;
	sa->mark = child_mark(child, inbound);
	sa->lifetime = child->kernel_limits;
	if (!inbound && child->standby_ms != 0) {
		sa->activate.standby = true;
		sa->activate.in_spi = child->spi_in;
		sa->activate.in_mark = child_mark(child, true);
		sa->activate.timeout_ms = child->standby_ms;
	}
	if (child->encap) {
		sa->encap.type = KERNEL_ENCAP_ESPINUDP;
		uint16_t lp = ike->natt ? ike->local_port : 4500;
		uint16_t rp = ike->natt ? ike->remote_port : 4500;
		sa->encap.sport = inbound ? rp : lp;
		sa->encap.dport = inbound ? lp : rp;
	}
}

/* Key buffers of one SA, wiped by the caller once the kernel has them. */
struct sa_key_bufs {
	uint8_t encr[KERNEL_ALG_KEY_MAX], integ[KERNEL_ALG_KEY_MAX];
};

/* One direction's SA with its keys (pointing into KB). */
static bool prepare_sa(struct child_sa *child, const struct child_sa_keys *keys, bool inbound,
		       struct kernel_sa *sa, struct sa_key_bufs *kb, struct diag *d)
{
	bool initiator = child->ike->role == SA_ROLE_INITIATOR;
	/* Outbound of the initiator and inbound of the responder carry
	 * initiator-to-responder traffic. */
	bool i_to_r = initiator != inbound;
	size_t encr_len = 0, integ_len = 0;

	if (!child_keys_extract(keys, i_to_r, kb->encr, sizeof(kb->encr), &encr_len, kb->integ,
				sizeof(kb->integ), &integ_len, d))
		return false;
	fill_sa(child, inbound, sa);
	const struct ike_alg *e = child->suite.encr, *i = child->suite.integ;
	if (e->aead) {
		sa->aead = (struct kernel_alg){ e->xfrm_name, kb->encr, encr_len };
		sa->icv_bits = e->xfrm_icv_bits;
		return true;
	}
	sa->encr = (struct kernel_alg){ e->xfrm_name, kb->encr, encr_len };
	if (i == NULL || i->id == IKEv2_INTEG_NONE)
		return diag(d, "%s needs an integrity algorithm", e->fqn);
	sa->integ = (struct kernel_alg){ i->xfrm_name, kb->integ, integ_len };
	sa->icv_bits = i->xfrm_icv_bits;
	return true;
}

/* A marked inbound SA cannot update the (unmarked) larval SA ALLOCSPI
 * made: UPDSA finds SAs by mark too. */
static bool replaces_larval(const struct child_sa *child, const struct kernel_sa *sa)
{
	return sa->mark.mask != 0 && child->spi_allocated;
}

/* IN_PLACE: the SA exists and is only updated (UPDSA keeps its sequence
 * numbers and replay window; XFRM takes the new encapsulation ports). */
static bool add_one_sa(struct child_sa *child, const struct child_sa_keys *keys, bool inbound,
		       bool in_place, struct diag *d)
{
	struct ike_env *env = child->ike->env;
	struct sa_key_bufs kb;
	struct kernel_sa sa;
	bool ok = prepare_sa(child, keys, inbound, &sa, &kb, d);

	if (!ok)
		goto out;
	/* The inbound SPI came from ALLOCSPI: update the larval SA.  A
	 * marked inbound SA replaces it instead (DELSA, then NEWSA, same
	 * SPI). */
	bool update = in_place || (inbound && child->spi_allocated);
	if (!in_place && inbound && replaces_larval(child, &sa)) {
		struct kernel_said larval = { .src = sa.src, .dst = sa.dst, .spi = sa.spi,
					      .proto = IPPROTO_ESP };
		if (!env->kernel_ops->del_sa(env->kernel, &larval, d)) {
			ok = false;
			goto out;
		}
		child->spi_allocated = false;
		update = false;
	}
	ok = env->kernel_ops->add_sa(env->kernel, &sa, update, d);
out:
	secure_zero(&kb, sizeof(kb));
	return ok;
}

static void policy_for(const struct child_sa *child, enum kernel_policy_dir dir,
		       struct kernel_policy *p)
{
	const struct ike_sa *ike = child->ike;
	bool out = dir == KERNEL_POLICY_OUT;

	memset(p, 0, sizeof(*p));
	p->src = out ? child->local_ts : child->remote_ts;
	p->dst = out ? child->remote_ts : child->local_ts;
	p->dir = dir;
	p->mark = child_mark(child, !out);
	p->action = KERNEL_POLICY_ALLOW;
	p->ntemplates = 1;
	p->templates[0].proto = IPPROTO_ESP;
	p->templates[0].reqid = child->reqid;
	if (child->transport) {
		p->templates[0].mode = KERNEL_MODE_TRANSPORT;
	} else {
		p->templates[0].mode = KERNEL_MODE_TUNNEL;
		p->templates[0].src = out ? ike->local : ike->remote;
		p->templates[0].dst = out ? ike->remote : ike->local;
	}
}

static const enum kernel_policy_dir tunnel_dirs[] = {
	KERNEL_POLICY_OUT, KERNEL_POLICY_IN, KERNEL_POLICY_FWD,
};

static unsigned policy_count(const struct child_sa *child)
{
	/* Transport mode traffic is never forwarded. */
	return child->transport ? 2 : 3;
}

bool child_install(struct child_sa *child, struct diag *d)
{
	struct ike_sa *ike = child->ike;

	return child_install_keymat(child, NULL, BYTES(ike->ni, ike->ni_len),
				    BYTES(ike->nr, ike->nr_len), d);
}

/*
 * Once both SAs are in the kernel, a Child SA that is not UDP-encapsulated
 * never needs its KEYMAT again: only a NAT mapping change (encapsulated
 * SAs only: ikev2_natt.c) re-adds SAs, and rekeys derive from SK_d.  An
 * NSS key object costs ~5 KiB a tunnel and end.
 */
static void forget_keys_when_done(struct child_sa *child)
{
	if (child->kernel_sa_in && child->kernel_sa_out && !child->encap)
		child_forget_keys(child);
}

static bool established(struct child_sa *child)
{
	forget_keys_when_done(child);
	child->state = CHILD_STATE_ESTABLISHED;
	child->established_at = clock_real_seconds();
	if (child->c != NULL) {
		child->c->newest_child_sa = child->serial;
		child->c->routing = RT_ROUTED_TUNNEL;
	}
	return true;
}

/*
 * The inbound SA, the outbound SA unless DEFER_OUT, and the policies in
 * one exchange with the kernel (kernel_ops.add_batch: two system calls
 * instead of ten).  1: all in, the child's flags say so; 0: refused (D
 * says why; nothing of it is left in the kernel but the larval SA, which
 * child_uninstall removes); -1: not batched (no add_batch, or a marked
 * inbound SA that must replace the larval one first): the caller adds
 * one by one.
 */
static int install_batch(struct child_sa *child, bool defer_out, struct diag *d)
{
	struct ike_env *env = child->ike->env;
	struct sa_key_bufs in_kb, out_kb;
	struct kernel_sa in, out;
	struct kernel_policy pols[3];
	struct kernel_add adds[KERNEL_BATCH_MAX];
	unsigned n = 0, npol = policy_count(child);
	int ret = 0;

	if (env->kernel_ops->add_batch == NULL)
		return -1;
	if (!prepare_sa(child, &child->keys, true, &in, &in_kb, d))
		goto out;
	if (replaces_larval(child, &in)) {
		ret = -1;
		goto out;
	}
	adds[n++] = (struct kernel_add){ .sa = &in, .update = child->spi_allocated };
	if (!defer_out) {
		if (!prepare_sa(child, &child->keys, false, &out, &out_kb, d))
			goto out;
		adds[n++] = (struct kernel_add){ .sa = &out };
	}
	for (unsigned k = 0; k < npol; k++) {
		policy_for(child, tunnel_dirs[k], &pols[k]);
		adds[n++] = (struct kernel_add){ .policy = &pols[k], .replace = true };
	}
	if (env->kernel_ops->add_batch(env->kernel, adds, n, d)) {
		child->kernel_sa_in = true;
		child->kernel_sa_out = !defer_out;
		child->kernel_policies = npol;
		ret = 1;
	}
out:
	secure_zero(&in_kb, sizeof(in_kb));
	secure_zero(&out_kb, sizeof(out_kb));
	return ret;
}

/* Derive KEYMAT and install the inbound SA, the outbound SA unless
 * DEFER_OUT, and the policies.  The keys stay with the child (NSS keys,
 * never logged) while child_install_outbound or, for an encapsulated
 * Child SA, child_migrate may still need them. */
static bool install(struct child_sa *child, PK11SymKey *new_gir, struct bytes ni,
		    struct bytes nr, bool defer_out, struct diag *d)
{
	struct ike_sa *ike = child->ike;
	struct ike_env *env = ike->env;
	struct child_sa_keys keys;

	if (!have_kernel(env))
		return diag(d, "no kernel backend");
	child->encap = child_encap(child);
	PK11SymKey *sk_d = ike_sa_key(&ike->keys, IKE_KEY_D);
	if (sk_d == NULL)
		return diag(d, "NSS could not provide the IKE SA's SK_d");
	bool derived = ikev2_derive_child_keys(&child->suite, ike->keys.suite.prf, sk_d, new_gir,
					       ni, nr, &keys, d);
	symkey_release(&sk_d);
	if (!derived)
		return false;
	child_forget_keys(child);
	child->keys = keys;
	child->have_keys = true;
	int batched = install_batch(child, defer_out, d);
	if (batched == 0) {
		child_uninstall(child);
		return false;
	}
	if (batched > 0)
		return established(child);
	bool ok = add_one_sa(child, &child->keys, true, false, d);
	if (ok)
		child->kernel_sa_in = true;
	if (!defer_out) {
		ok = ok && add_one_sa(child, &child->keys, false, false, d);
		if (ok)
			child->kernel_sa_out = true;
	}
	for (unsigned k = 0; ok && k < policy_count(child); k++) {
		struct kernel_policy p;
		policy_for(child, tunnel_dirs[k], &p);
		ok = env->kernel_ops->add_policy(env->kernel, &p, true, d);
		if (ok)
			child->kernel_policies = k + 1;
	}
	if (!ok) {
		child_uninstall(child);
		return false;
	}
	return established(child);
}

bool child_install_keymat(struct child_sa *child, PK11SymKey *new_gir, struct bytes ni,
			  struct bytes nr, struct diag *d)
{
	return install(child, new_gir, ni, nr, false, d);
}

bool child_install_inbound(struct child_sa *child, PK11SymKey *new_gir, struct bytes ni,
			   struct bytes nr, struct diag *d)
{
	return install(child, new_gir, ni, nr, true, d);
}

bool child_install_outbound(struct child_sa *child, struct diag *d)
{
	if (child->kernel_sa_out)
		return true;
	if (!child->have_keys || !child->kernel_sa_in)
		return diag(d, "Child SA #%lu has no inbound SA or keys", child->serial);
	if (!add_one_sa(child, &child->keys, false, false, d))
		return false;
	child->kernel_sa_out = true;
	forget_keys_when_done(child);
	return true;
}

void child_forget_keys(struct child_sa *child)
{
	if (child->have_keys)
		child_sa_keys_free(&child->keys);
	child->have_keys = false;
}

/*
 * The peer's NAT mapping changed (XFRM_MSG_MAPPING) and IKE now talks to
 * its new address/port (already in child->ike).  A new port on the same
 * address (the usual case: the same NAT forgot the old mapping) is an
 * update in place (UPDSA): sequence numbers and replay windows survive.
 * A new address needs new SAs (XFRM cannot move an SA to another
 * destination): delete and add, inbound first, and the tunnel policies'
 * templates follow (UPDPOLICY, no gap in the policy).  The re-added
 * outbound SA starts again at sequence number 1, which the peer's replay
 * window refuses until it passes the old SA's count: with a new address
 * a few packets may be lost (the kernel series' migrate would keep them).
 */
bool child_migrate(struct child_sa *child, const struct ip_address *old_remote,
		   struct diag *d)
{
	struct ike_sa *ike = child->ike;
	struct ike_env *env = ike->env;

	if (!have_kernel(env))
		return diag(d, "no kernel backend");
	if (!child->have_keys || !child->kernel_sa_in || !child->kernel_sa_out)
		return diag(d, "Child SA #%lu is not installed", child->serial);
	if (ip_address_eq(old_remote, &ike->remote))
		return add_one_sa(child, &child->keys, true, true, d) &&
		       add_one_sa(child, &child->keys, false, true, d);
	struct kernel_said in = { .src = *old_remote, .dst = ike->local, .spi = child->spi_in,
				  .proto = IPPROTO_ESP, .mark = child_mark(child, true) };
	struct kernel_said out = { .src = ike->local, .dst = *old_remote, .spi = child->spi_out,
				   .proto = IPPROTO_ESP, .mark = child_mark(child, false) };
	if (!env->kernel_ops->del_sa(env->kernel, &in, d))
		return false;
	child->kernel_sa_in = false;
	child->spi_allocated = false;	/* a NEWSA now, no larval SA to update */
	if (!add_one_sa(child, &child->keys, true, false, d))
		return false;
	child->kernel_sa_in = true;
	if (!env->kernel_ops->del_sa(env->kernel, &out, d))
		return false;
	child->kernel_sa_out = false;
	if (!add_one_sa(child, &child->keys, false, false, d))
		return false;
	child->kernel_sa_out = true;
	for (unsigned k = 0; !child->transport && k < child->kernel_policies; k++) {
		struct kernel_policy p;
		policy_for(child, tunnel_dirs[k], &p);
		if (!env->kernel_ops->add_policy(env->kernel, &p, true, d))
			return false;
	}
	return true;
}

/* Another installed Child SA uses the same policies (a second `ipsec
 * up`, a peer that re-authenticated): its UPDPOLICY took them over, so
 * removing them now would cut that newer tunnel. */
static bool policies_taken_over(const struct child_sa *child)
{
	const struct ike_env *env = child->ike->env;

	for (unsigned b = 0; b < 256; b++) {
		for (const struct ike_sa *o = env->spi_hash[b]; o != NULL; o = o->next_hash) {
			for (const struct child_sa *ch = o->children; ch != NULL; ch = ch->next_of_ike) {
				if (ch != child && ch->kernel_policies > 0 &&
				    ch->transport == child->transport &&
				    ip_selector_eq(&ch->local_ts, &child->local_ts) &&
				    ip_selector_eq(&ch->remote_ts, &child->remote_ts))
					return true;
			}
		}
	}
	return false;
}

void child_uninstall(struct child_sa *child)
{
	struct ike_sa *ike = child->ike;
	struct ike_env *env = ike->env;
	struct diag d;

	if (!have_kernel(env))
		return;
	if (child->kernel_policies > 0 && policies_taken_over(child)) {
		ldbg(DBG_KERNEL, "#%lu: policies now belong to a newer Child SA; leaving them",
		     child->serial);
		child->kernel_policies = 0;
	}
	if (child->state == CHILD_STATE_ESTABLISHED && child->c != NULL &&
	    child->kernel_policies > 0)
		updown_run(child->c, child, "down");
	for (unsigned k = child->kernel_policies; k > 0; k--) {
		struct kernel_policy p;
		policy_for(child, tunnel_dirs[k - 1], &p);
		if (!env->kernel_ops->del_policy(env->kernel, &p, &d))
			child_log(child, "cannot remove %s policy: %s",
				  k == 1 ? "out" : k == 2 ? "in" : "fwd", d.msg);
	}
	child->kernel_policies = 0;
	if (child->kernel_sa_out) {
		struct kernel_said s = { .src = ike->local, .dst = ike->remote,
					 .spi = child->spi_out, .proto = IPPROTO_ESP,
					 .mark = child_mark(child, false) };
		if (!env->kernel_ops->del_sa(env->kernel, &s, &d))
			child_log(child, "cannot remove outbound SA: %s", d.msg);
		child->kernel_sa_out = false;
	}
	/* The inbound SA, or the larval SA ALLOCSPI left when we never
	 * got as far as installing it. */
	if (child->kernel_sa_in || child->spi_allocated) {
		struct kernel_said s = { .src = ike->remote, .dst = ike->local,
					 .spi = child->spi_in, .proto = IPPROTO_ESP,
					 .mark = child->kernel_sa_in ? child_mark(child, true)
								     : (struct kernel_mark){ 0 } };
		if (!env->kernel_ops->del_sa(env->kernel, &s, &d))
			child_log(child, "cannot remove inbound SA: %s", d.msg);
		child->kernel_sa_in = false;
		child->spi_allocated = false;
	}
}

/* "AES_GCM_16_256-NONE", "AES_CBC_256-HMAC_SHA2_256_128" */
static const char *xfrm_fmt(const struct ike_suite *s, char *buf, size_t cap)
{
	char e[48];

	if (s->enc_key_bits != 0)
		snprintf(e, sizeof(e), "%s_%u", s->encr->fqn, s->enc_key_bits);
	else
		snprintf(e, sizeof(e), "%s", s->encr->fqn);
	snprintf(buf, cap, "%s-%s", e, s->integ != NULL ? s->integ->fqn : "NONE");
	return buf;
}

/* Libreswan 4.10's "[192.0.1.0-192.0.1.255:0-65535 0]" */
static const char *ts_range_fmt(const struct ip_selector *s, char *buf, size_t cap)
{
	struct ip_address lo = ip_subnet_first(&s->subnet), hi = ip_subnet_last(&s->subnet);
	char a[IP_FMT_BUF], b[IP_FMT_BUF];
	unsigned plo = s->port, phi = s->port != 0 ? s->port : 65535;

	snprintf(buf, cap, "[%s-%s:%u-%u %u]", ip_address_fmt(&lo, a), ip_address_fmt(&hi, b),
		 plo, phi, s->ipproto);
	return buf;
}

void child_announce(struct child_sa *child)
{
	child_log_established(child);
	/* After the IKE_AUTH response is out: a slow script must not make
	 * the peer retransmit.  The tunnel works without it; a failing
	 * script is logged by updown_run. */
	if (child->c != NULL && child->state == CHILD_STATE_ESTABLISHED)
		updown_run(child->c, child, "up");
}

void child_log_established(const struct child_sa *child)
{
	const struct ike_sa *ike = child->ike;
	const struct connection *c = child->c;
	char l[2 * IP_FMT_BUF + 24], r[2 * IP_FMT_BUF + 24], x[96], natd[IP_FMT_BUF + 8] = "";

	if (child->encap) {
		char ep[IP_FMT_BUF];
		snprintf(natd, sizeof(natd), " NATD=%s",
			 endpoint_fmt(&ike->remote, ike->natt ? ike->remote_port : 4500, ep));
	}
	child_log(child, "%s established Child SA using #%lu; IPsec %s %s -> %s "
		  "{%s%s=>0x%08x <0x%08x xfrm=%s%s DPD=%s}",
		  ike->role == SA_ROLE_INITIATOR ? "initiator" : "responder", ike->serial,
		  child->transport ? "transport" : "tunnel",
		  ts_range_fmt(&child->local_ts, l, sizeof(l)),
		  ts_range_fmt(&child->remote_ts, r, sizeof(r)),
		  child->encap ? "ESPinUDP" : "ESP", child->suite.esn ? "/ESN" : "",
		  child->spi_out, child->spi_in, xfrm_fmt(&child->suite, x, sizeof(x)), natd,
		  c != NULL && c->config != NULL && c->config->dpddelay_ms != 0 ? "active"
										: "passive");
}
