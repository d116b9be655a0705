/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SA messages: ALLOCSPI, NEWSA/UPDSA, DELSA, GETSA, and reading their
 * answers.  Builders only fill a request buffer; kernel_xfrm.c sends it.
 *
 * Keys are copied into the request through a stack buffer that is wiped
 * at once; the request is marked secret so the sender wipes it too.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include <linux/xfrm.h>

#include "bytes.h"
#include "kernel_xfrm.h"

/* Room for the largest algorithm header plus a key. */
#define ALG_BUF_SIZE (sizeof(struct xfrm_algo_aead) + KERNEL_ALG_KEY_MAX)

static uint64_t limit_or_inf(uint64_t v)
{
	return v == 0 ? XFRM_INF : v;
}

/*
 * One algorithm attribute.  The three XFRM algorithm structs share the
 * name and key length fields; AUTH_TRUNC and AEAD add a 32-bit field
 * (truncation / ICV length in bits) before the key.
 */
static bool put_alg(struct xfrm_req *r, uint16_t type, const struct kernel_alg *alg,
		    unsigned icv_bits, const char *what, struct diag *d)
{
	alignas(8) uint8_t tmp[ALG_BUF_SIZE];
	size_t hdr, name_len;
	uint32_t key_bits, icv = icv_bits;

	name_len = strnlen(alg->name, sizeof(((struct xfrm_algo *)0)->alg_name));
	if (name_len == 0 || name_len >= sizeof(((struct xfrm_algo *)0)->alg_name))
		return diag(d, "%s algorithm name is empty or longer than %zu characters",
			    what, sizeof(((struct xfrm_algo *)0)->alg_name) - 1);
	if (alg->key_len > KERNEL_ALG_KEY_MAX || (alg->key_len > 0 && alg->key == NULL))
		return diag(d, "%s key of %zu bytes is missing or too long (at most %d)",
			    what, alg->key_len, KERNEL_ALG_KEY_MAX);

	switch (type) {
	case XFRMA_ALG_AEAD:
		hdr = sizeof(struct xfrm_algo_aead);
		break;
	case XFRMA_ALG_AUTH_TRUNC:
		hdr = sizeof(struct xfrm_algo_auth);
		break;
	default:
		hdr = sizeof(struct xfrm_algo);
		break;
	}
	memset(tmp, 0, hdr);
	memcpy(tmp, alg->name, name_len);
	key_bits = (uint32_t)(alg->key_len * 8);
	/* alg_key_len follows the 64-byte name in all three structs. */
	memcpy(tmp + offsetof(struct xfrm_algo, alg_key_len), &key_bits, sizeof(key_bits));
	if (type == XFRMA_ALG_AEAD)
		memcpy(tmp + offsetof(struct xfrm_algo_aead, alg_icv_len), &icv, sizeof(icv));
	if (type == XFRMA_ALG_AUTH_TRUNC)
		memcpy(tmp + offsetof(struct xfrm_algo_auth, alg_trunc_len), &icv, sizeof(icv));
	if (alg->key_len > 0)
		memcpy(tmp + hdr, alg->key, alg->key_len);
	r->secret = true;
	xfrm_req_put(r, type, hdr + alg->key_len, tmp);
	secure_zero(tmp, sizeof(tmp));
	return true;
}

static bool put_replay(struct xfrm_req *r, struct xfrm_usersa_info *p,
		       const struct kernel_sa *sa, uint32_t window, struct diag *d)
{
	/* The kernel's bitmap is at most XFRMA_REPLAY_ESN_MAX bits. */
	if (window > XFRMA_REPLAY_ESN_MAX)
		return diag(d, "replay window %u is larger than the kernel's %u",
			    window, (unsigned)XFRMA_REPLAY_ESN_MAX);
	if (!sa->esn && window <= 32) {
		/* The classic 32-bit bitmap in the fixed part does. */
		p->replay_window = (uint8_t)window;
		return true;
	}
	/* ESN, or a window wider than 32: the ESN replay state carries it,
	 * and the fixed part's window must then be 0. */
	alignas(8) uint8_t tmp[sizeof(struct xfrm_replay_state_esn) + XFRMA_REPLAY_ESN_MAX / 8];
	struct xfrm_replay_state_esn *rs = (struct xfrm_replay_state_esn *)tmp;
	uint32_t bmp_len = (window + 31) / 32;

	memset(tmp, 0, sizeof(tmp));
	rs->bmp_len = bmp_len;
	rs->replay_window = window;
	p->replay_window = 0;
	xfrm_req_put(r, XFRMA_REPLAY_ESN_VAL,
		     sizeof(*rs) + bmp_len * sizeof(uint32_t), rs);
	return true;
}

static bool check_endpoints(const struct ip_address *src, const struct ip_address *dst,
			    struct diag *d)
{
	if (!xfrm_family_ok(dst->family))
		return diag(d, "SA destination is not IPv4 or IPv6");
	if (src->family != dst->family)
		return diag(d, "SA source and destination families differ");
	return true;
}

bool xfrm_build_sa(struct xfrm_req *r, const struct kernel_sa *sa, bool update,
		   bool with_sa_dir, struct diag *d)
{
	struct xfrm_usersa_info *p;
	uint32_t window = sa->replay_window;

	p = xfrm_req_start(r, update ? XFRM_MSG_UPDSA : XFRM_MSG_NEWSA,
			   NLM_F_REQUEST | NLM_F_ACK, sizeof(*p));
	if (!check_endpoints(&sa->src, &sa->dst, d))
		return false;
	if (sa->proto != IPPROTO_ESP && sa->proto != IPPROTO_AH)
		return diag(d, "SA protocol %u is not ESP or AH", (unsigned)sa->proto);
	if (sa->spi == 0)
		return diag(d, "SA has SPI 0");
	if (!xfrm_addr_put(&p->id.daddr, &sa->dst, "SA destination", d) ||
	    !xfrm_addr_put(&p->saddr, &sa->src, "SA source", d))
		return false;
	p->id.spi = htonl(sa->spi);
	p->id.proto = sa->proto;
	p->family = sa->dst.family;
	p->reqid = sa->reqid;
	p->seq = sa->acquire_seq;

	switch (sa->mode) {
	case KERNEL_MODE_TUNNEL:
		p->mode = XFRM_MODE_TUNNEL;
		/* Leave the selector empty and let it match either family
		 * of inner traffic; the policy decides what enters. */
		p->flags |= XFRM_STATE_AF_UNSPEC;
		break;
	case KERNEL_MODE_TRANSPORT:
		p->mode = XFRM_MODE_TRANSPORT;
		if (sa->sel_src.subnet.addr.family != 0) {
			if (!xfrm_selector_put(&p->sel, &sa->sel_src, &sa->sel_dst, d)) {
				diag_prefix(d, "transport SA");
				return false;
			}
		} else {
			struct ip_selector s = { .subnet = { .addr = sa->src } };
			struct ip_selector t = { .subnet = { .addr = sa->dst } };

			s.subnet.prefix_len = t.subnet.prefix_len =
				sa->dst.family == AF_INET ? 32 : 128;
			if (!xfrm_selector_put(&p->sel, &s, &t, d))
				return false;
		}
		break;
	default:
		return diag(d, "SA mode %d is not tunnel or transport", (int)sa->mode);
	}

	p->lft.soft_byte_limit = limit_or_inf(sa->lifetime.soft_bytes);
	p->lft.hard_byte_limit = limit_or_inf(sa->lifetime.hard_bytes);
	p->lft.soft_packet_limit = limit_or_inf(sa->lifetime.soft_packets);
	p->lft.hard_packet_limit = limit_or_inf(sa->lifetime.hard_packets);

	if (sa->esn)
		p->flags |= XFRM_STATE_ESN;
	/* With XFRMA_SA_DIR the kernel refuses a replay window on an
	 * outbound SA (it never checks replay there anyway). */
	if (with_sa_dir && sa->dir == KERNEL_SA_DIR_OUT)
		window = 0;
	if (!put_replay(r, p, sa, window, d))
		return false;

	if (sa->aead.name != NULL) {
		if (sa->encr.name != NULL || sa->integ.name != NULL)
			return diag(d, "SA has an AEAD algorithm and also encryption or integrity");
		if (sa->proto != IPPROTO_ESP)
			return diag(d, "AEAD needs ESP");
		if (!put_alg(r, XFRMA_ALG_AEAD, &sa->aead, sa->icv_bits, "AEAD", d))
			return false;
	} else {
		if (sa->encr.name == NULL && sa->proto == IPPROTO_ESP)
			return diag(d, "ESP SA has no encryption algorithm");
		if (sa->encr.name != NULL &&
		    !put_alg(r, XFRMA_ALG_CRYPT, &sa->encr, 0, "encryption", d))
			return false;
		if (sa->integ.name != NULL &&
		    !put_alg(r, XFRMA_ALG_AUTH_TRUNC, &sa->integ, sa->icv_bits, "integrity", d))
			return false;
	}

	if (sa->encap.type != KERNEL_ENCAP_NONE) {
		struct xfrm_encap_tmpl e;

		if (sa->encap.type != KERNEL_ENCAP_ESPINUDP &&
		    sa->encap.type != KERNEL_ENCAP_ESPINTCP)
			return diag(d, "encapsulation type %d is unknown", (int)sa->encap.type);
		if (sa->proto != IPPROTO_ESP)
			return diag(d, "only ESP can be encapsulated");
		memset(&e, 0, sizeof(e));
		e.encap_type = (uint16_t)sa->encap.type;
		e.encap_sport = htons(sa->encap.sport);
		e.encap_dport = htons(sa->encap.dport);
		/* encap_oa stays zero: the kernel does not use it. */
		xfrm_req_put(r, XFRMA_ENCAP, sizeof(e), &e);
	}

	if (sa->mark.mask != 0) {
		struct xfrm_mark m = { .v = sa->mark.value, .m = sa->mark.mask };

		xfrm_req_put(r, XFRMA_MARK, sizeof(m), &m);
	}

	if (with_sa_dir && sa->dir != KERNEL_SA_DIR_UNSET)
		xfrm_req_put_u8(r, XSWAN_XFRMA_SA_DIR,
				sa->dir == KERNEL_SA_DIR_IN ? XSWAN_XFRM_SA_DIR_IN
							    : XSWAN_XFRM_SA_DIR_OUT);

	if (r->overflow)
		return diag(d, "SA request does not fit in %d bytes", XFRM_REQ_SIZE);
	return true;
}

bool xfrm_build_allocspi(struct xfrm_req *r, const struct ip_address *src,
			 const struct ip_address *dst, uint8_t proto,
			 uint32_t reqid, uint32_t min, uint32_t max,
			 bool with_sa_dir, struct diag *d)
{
	struct xfrm_userspi_info *p;

	/* No NLM_F_ACK: the reply (the larval SA) or an error answers it,
	 * and xfrm_request() stops there. */
	p = xfrm_req_start(r, XFRM_MSG_ALLOCSPI, NLM_F_REQUEST, sizeof(*p));
	if (!check_endpoints(src, dst, d))
		return false;
	if (proto != IPPROTO_ESP && proto != IPPROTO_AH)
		return diag(d, "SPI protocol %u is not ESP or AH", (unsigned)proto);
	if (min == 0 || min > max)
		return diag(d, "SPI range %u..%u is empty or includes 0", min, max);
	if (!xfrm_addr_put(&p->info.id.daddr, dst, "SPI destination", d) ||
	    !xfrm_addr_put(&p->info.saddr, src, "SPI source", d))
		return false;
	p->info.id.proto = proto;
	p->info.family = dst->family;
	p->info.reqid = reqid;
	p->min = min;
	p->max = max;
	if (with_sa_dir)
		xfrm_req_put_u8(r, XSWAN_XFRMA_SA_DIR, XSWAN_XFRM_SA_DIR_IN);
	if (r->overflow)
		return diag(d, "ALLOCSPI request does not fit");
	return true;
}

bool xfrm_build_said(struct xfrm_req *r, uint16_t type,
		     const struct kernel_said *said, struct diag *d)
{
	struct xfrm_usersa_id *p;

	p = xfrm_req_start(r, type, NLM_F_REQUEST | NLM_F_ACK, sizeof(*p));
	if (!xfrm_addr_put(&p->daddr, &said->dst, "SA destination", d))
		return false;
	p->spi = htonl(said->spi);
	p->family = said->dst.family;
	p->proto = said->proto;
	if (said->mark.mask != 0) {
		struct xfrm_mark m = { .v = said->mark.value, .m = said->mark.mask };

		xfrm_req_put(r, XFRMA_MARK, sizeof(m), &m);
	}
	if (r->overflow)
		return diag(d, "SA id request does not fit");
	return true;
}

bool xfrm_parse_allocspi_reply(const struct xfrm_msg *m, uint32_t *spi,
			       struct diag *d)
{
	const struct xfrm_usersa_info *p = m->fixed;

	if (m->nlh->nlmsg_type != XFRM_MSG_NEWSA)
		return diag(d, "ALLOCSPI answered with %s", xfrm_msg_name(m->nlh->nlmsg_type));
	if (p->id.spi == 0)
		return diag(d, "ALLOCSPI answered with SPI 0");
	*spi = ntohl(p->id.spi);
	return true;
}

bool xfrm_parse_counters(const struct xfrm_msg *m, struct kernel_sa_counters *c,
			 struct diag *d)
{
	const struct xfrm_usersa_info *p = m->fixed;

	if (m->nlh->nlmsg_type != XFRM_MSG_NEWSA)
		return diag(d, "GETSA answered with %s", xfrm_msg_name(m->nlh->nlmsg_type));
	memset(c, 0, sizeof(*c));
	c->bytes = p->curlft.bytes;
	c->packets = p->curlft.packets;
	c->add_time = p->curlft.add_time;
	c->first_use_time = p->curlft.use_time;
	if (m->attr[XFRMA_LASTUSED] != NULL) {
		c->have_last_used = true;
		memcpy(&c->last_used, mnl_attr_get_payload(m->attr[XFRMA_LASTUSED]),
		       sizeof(c->last_used));
	}
	return true;
}
