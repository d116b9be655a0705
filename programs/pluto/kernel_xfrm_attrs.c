/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Validation of what the kernel sends us: one table per message type,
 * read by one engine, before any handler looks at a byte.
 *
 * The kernel is trusted more than a peer, but a bug, a newer kernel with
 * a different struct, or a truncated datagram must give a clean error,
 * never a read past the buffer.  So each table says, per attribute, how
 * long it must be; the engine checks the netlink header, the fixed part,
 * each attribute's bounds, that no attribute we use arrives nested or
 * twice, and that nothing is left over after the last attribute.
 * Attributes a table does not name are skipped: a newer kernel may add
 * some, and netlink's rule is that readers ignore what they do not know.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/xfrm.h>

#include "kernel_xfrm.h"

#define ATTR(t, rule_, len_) [t] = { .name = #t, .rule = (rule_), .len = (len_) }

/* What the kernel attaches to an SA (GETSA/ALLOCSPI answers, EXPIRE). */
static const struct xfrm_attr_rule sa_attrs[XFRM_ATTR_TABLE_MAX + 1] = {
	ATTR(XFRMA_ALG_AUTH, XFRM_ATTR_MIN, sizeof(struct xfrm_algo)),
	ATTR(XFRMA_ALG_CRYPT, XFRM_ATTR_MIN, sizeof(struct xfrm_algo)),
	ATTR(XFRMA_ALG_COMP, XFRM_ATTR_MIN, sizeof(struct xfrm_algo)),
	ATTR(XFRMA_ALG_AEAD, XFRM_ATTR_MIN, sizeof(struct xfrm_algo_aead)),
	ATTR(XFRMA_ALG_AUTH_TRUNC, XFRM_ATTR_MIN, sizeof(struct xfrm_algo_auth)),
	ATTR(XFRMA_ENCAP, XFRM_ATTR_EXACT, sizeof(struct xfrm_encap_tmpl)),
	ATTR(XFRMA_LTIME_VAL, XFRM_ATTR_EXACT, sizeof(struct xfrm_lifetime_cur)),
	ATTR(XFRMA_REPLAY_VAL, XFRM_ATTR_EXACT, sizeof(struct xfrm_replay_state)),
	ATTR(XFRMA_REPLAY_ESN_VAL, XFRM_ATTR_MIN, sizeof(struct xfrm_replay_state_esn)),
	ATTR(XFRMA_LASTUSED, XFRM_ATTR_EXACT, sizeof(uint64_t)),
	ATTR(XFRMA_MARK, XFRM_ATTR_EXACT, sizeof(struct xfrm_mark)),
	ATTR(XFRMA_SRCADDR, XFRM_ATTR_EXACT, sizeof(xfrm_address_t)),
	ATTR(XFRMA_COADDR, XFRM_ATTR_EXACT, sizeof(xfrm_address_t)),
	ATTR(XFRMA_SA_EXTRA_FLAGS, XFRM_ATTR_EXACT, sizeof(uint32_t)),
	ATTR(XFRMA_TFCPAD, XFRM_ATTR_EXACT, sizeof(uint32_t)),
	ATTR(XFRMA_IF_ID, XFRM_ATTR_EXACT, sizeof(uint32_t)),
	ATTR(XFRMA_SET_MARK, XFRM_ATTR_EXACT, sizeof(uint32_t)),
	ATTR(XFRMA_SET_MARK_MASK, XFRM_ATTR_EXACT, sizeof(uint32_t)),
	ATTR(XFRMA_REPLAY_THRESH, XFRM_ATTR_EXACT, sizeof(uint32_t)),
	ATTR(XFRMA_ETIMER_THRESH, XFRM_ATTR_EXACT, sizeof(uint32_t)),
	ATTR(XFRMA_MTIMER_THRESH, XFRM_ATTR_EXACT, sizeof(uint32_t)),
	ATTR(XFRMA_SEC_CTX, XFRM_ATTR_MIN, sizeof(struct xfrm_user_sec_ctx)),
	ATTR(XFRMA_OFFLOAD_DEV, XFRM_ATTR_EXACT, sizeof(struct xfrm_user_offload)),
	[XSWAN_XFRMA_SA_DIR] = { "XFRMA_SA_DIR", XFRM_ATTR_EXACT, sizeof(uint8_t) },
	/* Echoed while an SA is on standby (activate-on-receipt). */
	[XSWAN_XFRMA_SA_ACTIVATE] = { "XFRMA_SA_ACTIVATE", XFRM_ATTR_EXACT,
				      sizeof(struct xfrm_user_sa_activate) },
};

/* What comes with a policy (ACQUIRE, POLEXPIRE). */
static const struct xfrm_attr_rule policy_attrs[XFRM_ATTR_TABLE_MAX + 1] = {
	ATTR(XFRMA_TMPL, XFRM_ATTR_ARRAY, sizeof(struct xfrm_user_tmpl)),
	ATTR(XFRMA_SEC_CTX, XFRM_ATTR_MIN, sizeof(struct xfrm_user_sec_ctx)),
	ATTR(XFRMA_POLICY_TYPE, XFRM_ATTR_EXACT, sizeof(struct xfrm_userpolicy_type)),
	ATTR(XFRMA_MARK, XFRM_ATTR_EXACT, sizeof(struct xfrm_mark)),
	ATTR(XFRMA_IF_ID, XFRM_ATTR_EXACT, sizeof(uint32_t)),
};

/* MAPPING and UNKNOWN_SPI carry everything in their fixed part. */
static const struct xfrm_attr_rule no_attrs[XFRM_ATTR_TABLE_MAX + 1];

/* Extended ACK TLVs after an NLMSG_ERROR. */
static const struct xfrm_attr_rule ack_attrs[XFRM_ATTR_TABLE_MAX + 1] = {
	ATTR(NLMSGERR_ATTR_MSG, XFRM_ATTR_STRING, 1024),
	ATTR(NLMSGERR_ATTR_OFFS, XFRM_ATTR_EXACT, sizeof(uint32_t)),
};

struct xfrm_msg_desc {
	uint16_t type;
	const char *name;
	size_t fixed_len;
	const struct xfrm_attr_rule *attrs;	/* NULL: never received */
};

static const struct xfrm_msg_desc msg_descs[] = {
	{ XFRM_MSG_NEWSA, "XFRM_MSG_NEWSA", sizeof(struct xfrm_usersa_info), sa_attrs },
	{ XFRM_MSG_UPDSA, "XFRM_MSG_UPDSA", sizeof(struct xfrm_usersa_info), NULL },
	{ XFRM_MSG_DELSA, "XFRM_MSG_DELSA", sizeof(struct xfrm_usersa_id), NULL },
	{ XFRM_MSG_GETSA, "XFRM_MSG_GETSA", sizeof(struct xfrm_usersa_id), NULL },
	{ XFRM_MSG_ALLOCSPI, "XFRM_MSG_ALLOCSPI", sizeof(struct xfrm_userspi_info), NULL },
	{ XFRM_MSG_NEWPOLICY, "XFRM_MSG_NEWPOLICY", sizeof(struct xfrm_userpolicy_info), NULL },
	{ XFRM_MSG_UPDPOLICY, "XFRM_MSG_UPDPOLICY", sizeof(struct xfrm_userpolicy_info), NULL },
	{ XFRM_MSG_DELPOLICY, "XFRM_MSG_DELPOLICY", sizeof(struct xfrm_userpolicy_id), NULL },
	{ XFRM_MSG_ACQUIRE, "XFRM_MSG_ACQUIRE", sizeof(struct xfrm_user_acquire), policy_attrs },
	{ XFRM_MSG_EXPIRE, "XFRM_MSG_EXPIRE", sizeof(struct xfrm_user_expire), sa_attrs },
	{ XFRM_MSG_POLEXPIRE, "XFRM_MSG_POLEXPIRE", sizeof(struct xfrm_user_polexpire), policy_attrs },
	{ XFRM_MSG_MAPPING, "XFRM_MSG_MAPPING", sizeof(struct xfrm_user_mapping), no_attrs },
	{ XSWAN_XFRM_MSG_UNKNOWN_SPI, "XFRM_MSG_UNKNOWN_SPI", sizeof(struct xfrm_user_unknown_spi),
	  no_attrs },
	{ XSWAN_XFRM_MSG_ACTIVATESA, "XFRM_MSG_ACTIVATESA", sizeof(struct xfrm_user_activate),
	  no_attrs },
};

_Static_assert(sizeof(struct xfrm_user_acquire) <= XFRM_FIXED_MAX &&
	       sizeof(struct xfrm_user_expire) <= XFRM_FIXED_MAX &&
	       sizeof(struct xfrm_user_polexpire) <= XFRM_FIXED_MAX &&
	       sizeof(struct xfrm_userspi_info) <= XFRM_FIXED_MAX &&
	       sizeof(struct xfrm_user_unknown_spi) <= XFRM_FIXED_MAX,
	       "XFRM_FIXED_MAX is too small for a received message's fixed part");

static const struct xfrm_msg_desc *msg_desc(uint16_t type)
{
	for (size_t i = 0; i < sizeof(msg_descs) / sizeof(msg_descs[0]); i++) {
		if (msg_descs[i].type == type)
			return &msg_descs[i];
	}
	return NULL;
}

const char *xfrm_msg_name(uint16_t type)
{
	const struct xfrm_msg_desc *md = msg_desc(type);

	if (md != NULL)
		return md->name;
	if (type == NLMSG_ERROR)
		return "NLMSG_ERROR";
	if (type == NLMSG_DONE)
		return "NLMSG_DONE";
	return "XFRM message";
}

/*
 * The engine: the attributes in [START, START+LEN) against RULES.  The
 * netlink framing is re-checked here rather than trusted from libmnl's
 * iterator, which stops silently at a truncated attribute; we want that
 * to be an error.
 */
static bool parse_attrs(const uint8_t *start, size_t len,
			const struct xfrm_attr_rule *rules,
			const struct nlattr **tb, const char *what,
			struct diag *d)
{
	size_t off = 0;

	for (unsigned t = 0; t <= XFRM_ATTR_TABLE_MAX; t++)
		tb[t] = NULL;

	while (off < len) {
		const struct nlattr *a = (const struct nlattr *)(start + off);
		size_t left = len - off;
		uint16_t raw_type, type;
		size_t alen, plen;

		if (left < sizeof(struct nlattr))
			return diag(d, "%s: %zu stray bytes after the last attribute",
				    what, left);
		alen = a->nla_len;
		if (alen < sizeof(struct nlattr) || alen > left)
			return diag(d, "%s: attribute type %u claims %zu bytes, %zu remain",
				    what, (unsigned)(a->nla_type & NLA_TYPE_MASK), alen, left);
		raw_type = a->nla_type;
		type = raw_type & NLA_TYPE_MASK;
		plen = alen - sizeof(struct nlattr);
		off += MNL_ALIGN(alen) <= left ? MNL_ALIGN(alen) : left;

		if (type > XFRM_ATTR_TABLE_MAX || rules[type].name == NULL)
			continue;	/* not ours to read */
		const struct xfrm_attr_rule *r = &rules[type];

		if (raw_type & NLA_F_NESTED)
			return diag(d, "%s: %s arrived as a nested attribute", what, r->name);
		if (tb[type] != NULL)
			return diag(d, "%s: %s appears twice", what, r->name);
		switch (r->rule) {
		case XFRM_ATTR_EXACT:
			if (plen != r->len)
				return diag(d, "%s: %s is %zu bytes, expected %zu",
					    what, r->name, plen, r->len);
			break;
		case XFRM_ATTR_MIN:
			if (plen < r->len)
				return diag(d, "%s: %s is %zu bytes, expected at least %zu",
					    what, r->name, plen, r->len);
			break;
		case XFRM_ATTR_ARRAY:
			if (plen == 0 || plen % r->len != 0)
				return diag(d, "%s: %s is %zu bytes, not a whole number of %zu-byte entries",
					    what, r->name, plen, r->len);
			break;
		case XFRM_ATTR_STRING: {
			const char *s = (const char *)(a + 1);

			if (plen == 0 || plen > r->len || memchr(s, '\0', plen) == NULL)
				return diag(d, "%s: %s is not a NUL-terminated string of at most %zu bytes",
					    what, r->name, r->len);
			break;
		}
		}
		tb[type] = a;
	}
	return true;
}

bool xfrm_parse_msg(const struct nlmsghdr *nlh, size_t len,
		    struct xfrm_msg *m, struct diag *d)
{
	const struct xfrm_msg_desc *md;
	size_t attr_off;

	memset(m, 0, sizeof(*m));
	if (len < sizeof(struct nlmsghdr))
		return diag(d, "netlink: %zu bytes is shorter than a message header", len);
	if (nlh->nlmsg_len < sizeof(struct nlmsghdr) || nlh->nlmsg_len > len)
		return diag(d, "netlink: message claims %u bytes, %zu received",
			    (unsigned)nlh->nlmsg_len, len);
	md = msg_desc(nlh->nlmsg_type);
	if (md == NULL || md->attrs == NULL)
		return diag(d, "netlink: unexpected message type %u", (unsigned)nlh->nlmsg_type);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + md->fixed_len)
		return diag(d, "%s: %u bytes is too short for its %zu-byte header",
			    md->name, (unsigned)nlh->nlmsg_len, md->fixed_len);

	m->nlh = nlh;
	memcpy(m->fixed_copy, (const uint8_t *)nlh + NLMSG_HDRLEN, md->fixed_len);
	m->fixed = m->fixed_copy;
	attr_off = NLMSG_HDRLEN + NLMSG_ALIGN(md->fixed_len);
	if (attr_off >= nlh->nlmsg_len)
		return true;	/* no attributes */
	return parse_attrs((const uint8_t *)nlh + attr_off, nlh->nlmsg_len - attr_off,
			   md->attrs, m->attr, md->name, d);
}

const struct nlmsghdr *xfrm_next_msg(const uint8_t *buf, size_t len, size_t *off)
{
	const struct nlmsghdr *nlh;
	size_t left, step;

	if (*off >= len)
		return NULL;
	left = len - *off;
	if (left < sizeof(struct nlmsghdr))
		return NULL;
	nlh = (const struct nlmsghdr *)(buf + *off);
	if (nlh->nlmsg_len < sizeof(struct nlmsghdr) || nlh->nlmsg_len > left)
		return NULL;
	/* The last message may lack its padding. */
	step = NLMSG_ALIGN((size_t)nlh->nlmsg_len);
	*off += step < left ? step : left;
	return nlh;
}

/* Keep the kernel's text printable: it goes into a log line. */
static void copy_printable(char *dst, size_t cap, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < cap && src[i] != '\0'; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
}

bool xfrm_parse_ack(const struct nlmsghdr *nlh, size_t len,
		    struct xfrm_ack *ack, struct diag *d)
{
	const struct nlmsgerr *e;
	const struct nlattr *tb[XFRM_ATTR_TABLE_MAX + 1];
	size_t tlv_off;

	memset(ack, 0, sizeof(*ack));
	if (len < sizeof(struct nlmsghdr) || nlh->nlmsg_len > len ||
	    nlh->nlmsg_type != NLMSG_ERROR)
		return diag(d, "netlink: not an acknowledgement");
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(struct nlmsgerr))
		return diag(d, "NLMSG_ERROR: %u bytes is too short",
			    (unsigned)nlh->nlmsg_len);
	e = (const struct nlmsgerr *)((const uint8_t *)nlh + NLMSG_HDRLEN);
	/* The kernel sends a negative errno; anything else is nonsense. */
	if (e->error > 0 || e->error < -4095)
		return diag(d, "NLMSG_ERROR: error code %d is not an errno", e->error);
	ack->error = -e->error;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return true;
	/* With NETLINK_CAP_ACK only the request's header is echoed. */
	tlv_off = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return diag(d, "NLMSG_ERROR: echoed request length %u is too short",
				    (unsigned)e->msg.nlmsg_len);
		tlv_off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	if (tlv_off > nlh->nlmsg_len)
		return diag(d, "NLMSG_ERROR: extended ACK starts past the end");
	if (!parse_attrs((const uint8_t *)nlh + tlv_off, nlh->nlmsg_len - tlv_off,
			 ack_attrs, tb, "NLMSG_ERROR", d))
		return false;
	if (tb[NLMSGERR_ATTR_MSG] != NULL) {
		ack->have_msg = true;
		copy_printable(ack->msg, sizeof(ack->msg),
			       mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]));
	}
	if (tb[NLMSGERR_ATTR_OFFS] != NULL) {
		ack->have_offset = true;
		ack->offset = mnl_attr_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
	return true;
}
