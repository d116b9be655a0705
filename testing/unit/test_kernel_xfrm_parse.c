/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The XFRM backend's readers, without a kernel: crafted ACQUIRE, EXPIRE,
 * MAPPING and POLEXPIRE messages, GETSA answers and netlink ACKs, whole
 * and broken (truncated, lengths that lie, wrong attribute sizes,
 * duplicates, nesting, bad families), must give the right result or a
 * clean one-line error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdalign.h>
#include <string.h>

#include "kernel_xfrm.h"

struct msgbuf {
	alignas(8) uint8_t buf[4096];
	struct nlmsghdr *nlh;
};

static void *start(struct msgbuf *m, uint16_t type, size_t fixed)
{
	memset(m->buf, 0, sizeof(m->buf));
	m->nlh = mnl_nlmsg_put_header(m->buf);
	m->nlh->nlmsg_type = type;
	return mnl_nlmsg_put_extra_header(m->nlh, fixed);
}

static void put(struct msgbuf *m, uint16_t type, size_t len, const void *data)
{
	assert_true(mnl_attr_put_check(m->nlh, sizeof(m->buf), type, len, data));
}

static void v4(xfrm_address_t *x, const char *s)
{
	assert_int_equal(inet_pton(AF_INET, s, &x->a4), 1);
}

static void v6(xfrm_address_t *x, const char *s)
{
	assert_int_equal(inet_pton(AF_INET6, s, &x->a6), 1);
}

static void acquire_msg(struct msgbuf *m)
{
	struct xfrm_user_acquire *a = start(m, XFRM_MSG_ACQUIRE, sizeof(*a));
	struct xfrm_user_tmpl t[2];

	a->sel.family = AF_INET;
	v4(&a->sel.saddr, "192.0.1.254");
	v4(&a->sel.daddr, "192.0.2.254");
	a->sel.prefixlen_s = a->sel.prefixlen_d = 32;
	a->sel.proto = IPPROTO_UDP;
	a->sel.sport = htons(33000);
	a->sel.sport_mask = 0xffff;
	a->sel.dport = htons(53);
	a->sel.dport_mask = 0xffff;
	a->policy.dir = XFRM_POLICY_OUT;
	a->policy.index = 0x1231;
	a->seq = 99;
	memset(t, 0, sizeof(t));
	t[0].reqid = 42;
	t[1].reqid = 43;
	put(m, XFRMA_TMPL, sizeof(t), t);
}

static void acquire_good(void **state)
{
	struct msgbuf m;
	struct kernel_event ev;
	struct diag d;
	char s[INET6_ADDRSTRLEN];

	acquire_msg(&m);
	assert_true(xfrm_parse_event(m.nlh, m.nlh->nlmsg_len, &ev, &d));
	assert_int_equal(ev.kind, KERNEL_EVENT_ACQUIRE);
	assert_int_equal(ev.u.acquire.src.family, AF_INET);
	assert_string_equal(inet_ntop(AF_INET, ev.u.acquire.src.bytes, s, sizeof(s)), "192.0.1.254");
	assert_string_equal(inet_ntop(AF_INET, ev.u.acquire.dst.bytes, s, sizeof(s)), "192.0.2.254");
	assert_int_equal(ev.u.acquire.ipproto, IPPROTO_UDP);
	assert_int_equal(ev.u.acquire.sport, 33000);
	assert_int_equal(ev.u.acquire.dport, 53);
	assert_int_equal(ev.u.acquire.reqid, 42);	/* the first template's */
	assert_int_equal(ev.u.acquire.policy_index, 0x1231);
	assert_int_equal(ev.u.acquire.policy_dir, KERNEL_POLICY_OUT);
	assert_int_equal(ev.u.acquire.seq, 99);
}

static void acquire_without_template(void **state)
{
	struct msgbuf m;
	struct kernel_event ev;
	struct diag d;
	struct xfrm_user_acquire *a = start(&m, XFRM_MSG_ACQUIRE, sizeof(*a));

	a->sel.family = AF_INET6;
	v6(&a->sel.saddr, "2001:db8::1");
	v6(&a->sel.daddr, "2001:db8::2");
	a->sel.prefixlen_s = a->sel.prefixlen_d = 128;
	a->policy.dir = XFRM_POLICY_OUT;
	assert_true(xfrm_parse_event(m.nlh, m.nlh->nlmsg_len, &ev, &d));
	assert_int_equal(ev.u.acquire.reqid, 0);
	assert_int_equal(ev.u.acquire.dst.family, AF_INET6);
	assert_int_equal(ev.u.acquire.sport, 0);
}

/* Each broken ACQUIRE gives false and a diag naming the problem. */
static void expect_bad(const struct nlmsghdr *nlh, size_t len, const char *words)
{
	struct kernel_event ev;
	struct diag d = { "" };

	assert_false(xfrm_parse_event(nlh, len, &ev, &d));
	if (strstr(d.msg, words) == NULL)
		fail_msg("diag \"%s\" does not mention \"%s\"", d.msg, words);
}

static void acquire_truncated(void **state)
{
	struct msgbuf m;

	acquire_msg(&m);
	/* Shorter than a netlink header. */
	expect_bad(m.nlh, 10, "shorter than a message header");
	/* The header claims more than was received. */
	expect_bad(m.nlh, m.nlh->nlmsg_len - 1, "claims");
	/* The fixed part cut short. */
	m.nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(struct xfrm_user_acquire) - 1;
	expect_bad(m.nlh, sizeof(m.buf), "too short");
	/* The attribute cut short: its header says more than the message has. */
	acquire_msg(&m);
	m.nlh->nlmsg_len -= 8;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "claims");
	/* Two stray bytes after the last attribute. */
	acquire_msg(&m);
	m.nlh->nlmsg_len += 2;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "stray bytes");
	/* An attribute length below its own header. */
	acquire_msg(&m);
	struct nlattr *a = (struct nlattr *)((uint8_t *)m.nlh + NLMSG_HDRLEN +
					     NLMSG_ALIGN(sizeof(struct xfrm_user_acquire)));
	a->nla_len = 2;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "claims 2 bytes");
}

static void acquire_malformed(void **state)
{
	struct msgbuf m;
	struct xfrm_user_acquire *a;
	struct xfrm_user_tmpl t = { .reqid = 1 };

	/* A template array that is not a whole number of entries. */
	a = start(&m, XFRM_MSG_ACQUIRE, sizeof(*a));
	a->sel.family = AF_INET;
	a->sel.prefixlen_s = a->sel.prefixlen_d = 32;
	put(&m, XFRMA_TMPL, sizeof(t) - 4, &t);
	expect_bad(m.nlh, m.nlh->nlmsg_len, "XFRMA_TMPL");

	/* The same attribute twice. */
	a = start(&m, XFRM_MSG_ACQUIRE, sizeof(*a));
	a->sel.family = AF_INET;
	a->sel.prefixlen_s = a->sel.prefixlen_d = 32;
	put(&m, XFRMA_TMPL, sizeof(t), &t);
	put(&m, XFRMA_TMPL, sizeof(t), &t);
	expect_bad(m.nlh, m.nlh->nlmsg_len, "twice");

	/* Nested where a flat attribute belongs. */
	a = start(&m, XFRM_MSG_ACQUIRE, sizeof(*a));
	a->sel.family = AF_INET;
	a->sel.prefixlen_s = a->sel.prefixlen_d = 32;
	put(&m, XFRMA_TMPL | NLA_F_NESTED, sizeof(t), &t);
	expect_bad(m.nlh, m.nlh->nlmsg_len, "nested");

	/* A mark of the wrong size. */
	a = start(&m, XFRM_MSG_ACQUIRE, sizeof(*a));
	a->sel.family = AF_INET;
	a->sel.prefixlen_s = a->sel.prefixlen_d = 32;
	put(&m, XFRMA_MARK, 4, &t);
	expect_bad(m.nlh, m.nlh->nlmsg_len, "XFRMA_MARK is 4 bytes, expected 8");

	/* Not a packet: a /24 selector. */
	a = start(&m, XFRM_MSG_ACQUIRE, sizeof(*a));
	a->sel.family = AF_INET;
	a->sel.prefixlen_s = 24;
	a->sel.prefixlen_d = 32;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "single packet");

	/* A family that is neither IPv4 nor IPv6. */
	a = start(&m, XFRM_MSG_ACQUIRE, sizeof(*a));
	a->sel.family = 7;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "family 7");

	/* A policy direction that does not exist. */
	a = start(&m, XFRM_MSG_ACQUIRE, sizeof(*a));
	a->sel.family = AF_INET;
	a->sel.prefixlen_s = a->sel.prefixlen_d = 32;
	a->policy.dir = 9;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "direction 9");

	/* Not an event at all. */
	start(&m, XFRM_MSG_NEWSA, sizeof(struct xfrm_usersa_info));
	expect_bad(m.nlh, m.nlh->nlmsg_len, "not an event");
	start(&m, 0x7777, 16);
	expect_bad(m.nlh, m.nlh->nlmsg_len, "unexpected message type");
}

static void acquire_unknown_attribute_ignored(void **state)
{
	struct msgbuf m;
	struct kernel_event ev;
	struct diag d;
	uint32_t v = 1;

	acquire_msg(&m);
	put(&m, 200, sizeof(v), &v);		/* from a newer kernel */
	put(&m, XFRMA_LASTUSED, 1, &v);		/* not in ACQUIRE's table */
	assert_true(xfrm_parse_event(m.nlh, m.nlh->nlmsg_len, &ev, &d));
	assert_int_equal(ev.u.acquire.reqid, 42);
}

static void expire_msg(struct msgbuf *m, uint8_t hard)
{
	struct xfrm_user_expire *e = start(m, XFRM_MSG_EXPIRE, sizeof(*e));
	uint64_t last = 5;

	e->state.family = AF_INET6;
	v6(&e->state.id.daddr, "2001:db8:1:2::23");
	v6(&e->state.saddr, "2001:db8:1:2::45");
	e->state.id.spi = htonl(0xc0ffee01);
	e->state.id.proto = IPPROTO_ESP;
	e->state.reqid = 16389;
	e->hard = hard;
	put(m, XFRMA_LASTUSED, sizeof(last), &last);
}

static void expire(void **state)
{
	struct msgbuf m;
	struct kernel_event ev;
	struct diag d;
	char s[INET6_ADDRSTRLEN];

	expire_msg(&m, 0);
	assert_true(xfrm_parse_event(m.nlh, m.nlh->nlmsg_len, &ev, &d));
	assert_int_equal(ev.kind, KERNEL_EVENT_EXPIRE);
	assert_int_equal(ev.u.expire.spi, 0xc0ffee01);
	assert_int_equal(ev.u.expire.proto, IPPROTO_ESP);
	assert_int_equal(ev.u.expire.reqid, 16389);
	assert_false(ev.u.expire.hard);
	assert_string_equal(inet_ntop(AF_INET6, ev.u.expire.dst.bytes, s, sizeof(s)),
			    "2001:db8:1:2::23");
	expire_msg(&m, 1);
	assert_true(xfrm_parse_event(m.nlh, m.nlh->nlmsg_len, &ev, &d));
	assert_true(ev.u.expire.hard);

	/* Truncated inside the SA. */
	expire_msg(&m, 0);
	expect_bad(m.nlh, NLMSG_HDRLEN + 20, "claims");
	m.nlh->nlmsg_len = NLMSG_HDRLEN + 20;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "too short");
	/* LASTUSED of the wrong size. */
	struct xfrm_user_expire *e = start(&m, XFRM_MSG_EXPIRE, sizeof(*e));
	uint32_t small = 1;

	e->state.family = AF_INET;
	put(&m, XFRMA_LASTUSED, sizeof(small), &small);
	expect_bad(m.nlh, m.nlh->nlmsg_len, "XFRMA_LASTUSED");
	/* Bad family. */
	e = start(&m, XFRM_MSG_EXPIRE, sizeof(*e));
	e->state.family = 0;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "family 0");
}

static void mapping(void **state)
{
	struct msgbuf m;
	struct kernel_event ev;
	struct diag d;
	char s[INET6_ADDRSTRLEN];
	struct xfrm_user_mapping *mp = start(&m, XFRM_MSG_MAPPING, sizeof(*mp));

	mp->id.family = AF_INET;
	v4(&mp->id.daddr, "192.1.2.45");
	mp->id.spi = htonl(0x1234);
	mp->id.proto = IPPROTO_ESP;
	mp->reqid = 9;
	v4(&mp->old_saddr, "192.1.3.254");
	v4(&mp->new_saddr, "192.1.3.253");
	mp->old_sport = htons(4500);
	mp->new_sport = htons(61001);
	assert_true(xfrm_parse_event(m.nlh, m.nlh->nlmsg_len, &ev, &d));
	assert_int_equal(ev.kind, KERNEL_EVENT_MAPPING);
	assert_int_equal(ev.u.mapping.spi, 0x1234);
	assert_int_equal(ev.u.mapping.reqid, 9);
	assert_int_equal(ev.u.mapping.old_port, 4500);
	assert_int_equal(ev.u.mapping.new_port, 61001);
	assert_string_equal(inet_ntop(AF_INET, ev.u.mapping.new_addr.bytes, s, sizeof(s)),
			    "192.1.3.253");
	assert_string_equal(inet_ntop(AF_INET, ev.u.mapping.old_addr.bytes, s, sizeof(s)),
			    "192.1.3.254");

	m.nlh->nlmsg_len -= 4;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "too short");
	mp = start(&m, XFRM_MSG_MAPPING, sizeof(*mp));
	mp->id.family = 99;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "family 99");
}

static void polexpire(void **state)
{
	struct msgbuf m;
	struct kernel_event ev;
	struct diag d;
	struct xfrm_user_polexpire *pe = start(&m, XFRM_MSG_POLEXPIRE, sizeof(*pe));

	pe->pol.sel.family = AF_INET;
	v4(&pe->pol.sel.saddr, "192.0.1.0");
	v4(&pe->pol.sel.daddr, "192.0.2.0");
	pe->pol.sel.prefixlen_s = 24;
	pe->pol.sel.prefixlen_d = 24;
	pe->pol.sel.proto = IPPROTO_TCP;
	pe->pol.sel.dport = htons(22);
	pe->pol.sel.dport_mask = 0xffff;
	pe->pol.dir = XFRM_POLICY_IN;
	pe->pol.index = 77;
	pe->hard = 1;
	assert_true(xfrm_parse_event(m.nlh, m.nlh->nlmsg_len, &ev, &d));
	assert_int_equal(ev.kind, KERNEL_EVENT_POLICY_EXPIRE);
	assert_int_equal(ev.u.policy_expire.dir, KERNEL_POLICY_IN);
	assert_int_equal(ev.u.policy_expire.index, 77);
	assert_true(ev.u.policy_expire.hard);
	assert_int_equal(ev.u.policy_expire.src.subnet.prefix_len, 24);
	assert_int_equal(ev.u.policy_expire.dst.port, 22);
	assert_int_equal(ev.u.policy_expire.src.port, 0);
	assert_int_equal(ev.u.policy_expire.dst.ipproto, IPPROTO_TCP);

	pe->pol.sel.prefixlen_d = 40;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "too long");
	pe->pol.sel.prefixlen_d = 24;
	pe->pol.dir = 3;
	expect_bad(m.nlh, m.nlh->nlmsg_len, "direction 3");
}

/* Dispatch: a datagram with several messages, one of them broken. */
struct seen {
	unsigned acquires, expires;
	uint32_t last_spi;
};

static void on_acquire(void *ctx, const struct kernel_acquire *a)
{
	((struct seen *)ctx)->acquires++;
}

static void on_expire(void *ctx, const struct kernel_expire *e)
{
	((struct seen *)ctx)->expires++;
	((struct seen *)ctx)->last_spi = e->spi;
}

static void datagram(void **state)
{
	alignas(8) uint8_t dg[8192];
	struct msgbuf m;
	struct seen seen = { 0 };
	struct kernel_event_handlers h = { .ctx = &seen, .acquire = on_acquire,
					   .sa_expire = on_expire };
	struct diag d;
	size_t len = 0;

	acquire_msg(&m);
	memcpy(dg + len, m.buf, m.nlh->nlmsg_len);
	len += NLMSG_ALIGN(m.nlh->nlmsg_len);
	/* A broken ACQUIRE: TMPL of the wrong size. */
	struct xfrm_user_acquire *a = start(&m, XFRM_MSG_ACQUIRE, sizeof(*a));
	a->sel.family = AF_INET;
	put(&m, XFRMA_TMPL, 3, "abc");
	memcpy(dg + len, m.buf, m.nlh->nlmsg_len);
	len += NLMSG_ALIGN(m.nlh->nlmsg_len);
	expire_msg(&m, 1);
	memcpy(dg + len, m.buf, m.nlh->nlmsg_len);
	len += NLMSG_ALIGN(m.nlh->nlmsg_len);
	/* A larval SA's expiry (SPI 0) is not passed on. */
	expire_msg(&m, 1);
	((struct xfrm_user_expire *)mnl_nlmsg_get_payload(m.nlh))->state.id.spi = 0;
	memcpy(dg + len, m.buf, m.nlh->nlmsg_len);
	len += NLMSG_ALIGN(m.nlh->nlmsg_len);

	assert_false(xfrm_process_datagram(&h, dg, len, &d));
	assert_non_null(strstr(d.msg, "XFRMA_TMPL"));
	assert_int_equal(seen.acquires, 1);
	assert_int_equal(seen.expires, 1);
	assert_int_equal(seen.last_spi, 0xc0ffee01);

	/* Garbage after the last message. */
	memset(&seen, 0, sizeof(seen));
	acquire_msg(&m);
	memcpy(dg, m.buf, m.nlh->nlmsg_len);
	len = NLMSG_ALIGN(m.nlh->nlmsg_len);
	memset(dg + len, 0xee, 8);
	assert_false(xfrm_process_datagram(&h, dg, len + 8, &d));
	assert_non_null(strstr(d.msg, "stray"));
	assert_int_equal(seen.acquires, 1);

	/* A length above 2^31 (libmnl's mnl_nlmsg_ok() takes it for a
	 * negative int and lets it through; found by fuzz_kernel_xfrm). */
	memset(&seen, 0, sizeof(seen));
	acquire_msg(&m);
	memcpy(dg, m.buf, m.nlh->nlmsg_len);
	((struct nlmsghdr *)dg)->nlmsg_len = 0x9393930a;
	assert_false(xfrm_process_datagram(&h, dg, 64, &d));
	assert_non_null(strstr(d.msg, "stray"));
	assert_int_equal(seen.acquires, 0);

	/* No handlers: nothing breaks. */
	acquire_msg(&m);
	memcpy(dg, m.buf, m.nlh->nlmsg_len);
	struct kernel_event_handlers none = { 0 };
	assert_true(xfrm_process_datagram(&none, dg, len, &d));
}

static void ack(void **state)
{
	struct msgbuf m;
	struct xfrm_ack ak;
	struct diag d;
	struct nlmsgerr *e;
	uint32_t off = 40;

	/* Capped ACK with a message and an offset. */
	e = start(&m, NLMSG_ERROR, sizeof(*e));
	e->error = -EINVAL;
	e->msg.nlmsg_len = 200;
	m.nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	put(&m, NLMSGERR_ATTR_MSG, sizeof("Invalid SPI\x01 range!"), "Invalid SPI\x01 range!");
	put(&m, NLMSGERR_ATTR_OFFS, sizeof(off), &off);
	assert_true(xfrm_parse_ack(m.nlh, m.nlh->nlmsg_len, &ak, &d));
	assert_int_equal(ak.error, EINVAL);
	assert_true(ak.have_msg);
	assert_string_equal(ak.msg, "Invalid SPI? range!");	/* made printable */
	assert_true(ak.have_offset);
	assert_int_equal(ak.offset, 40);

	/* Plain ACK: success, no TLVs. */
	e = start(&m, NLMSG_ERROR, sizeof(*e));
	assert_true(xfrm_parse_ack(m.nlh, m.nlh->nlmsg_len, &ak, &d));
	assert_int_equal(ak.error, 0);
	assert_false(ak.have_msg);

	/* Uncapped: the request's header and body are echoed before TLVs. */
	e = start(&m, NLMSG_ERROR, sizeof(*e) + 8);
	e->error = -ENOENT;
	e->msg.nlmsg_len = NLMSG_HDRLEN + 8;
	m.nlh->nlmsg_flags = NLM_F_ACK_TLVS;
	put(&m, NLMSGERR_ATTR_MSG, 6, "gone!");
	assert_true(xfrm_parse_ack(m.nlh, m.nlh->nlmsg_len, &ak, &d));
	assert_int_equal(ak.error, ENOENT);
	assert_string_equal(ak.msg, "gone!");
	/* ...and an echoed length that points past the end. */
	e->msg.nlmsg_len = 4000;
	assert_false(xfrm_parse_ack(m.nlh, m.nlh->nlmsg_len, &ak, &d));

	/* A message that is not NUL-terminated. */
	e = start(&m, NLMSG_ERROR, sizeof(*e));
	e->error = -EINVAL;
	m.nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	put(&m, NLMSGERR_ATTR_MSG, 4, "abcd");
	assert_false(xfrm_parse_ack(m.nlh, m.nlh->nlmsg_len, &ak, &d));
	assert_non_null(strstr(d.msg, "NUL"));

	/* A positive "errno", and a truncated error. */
	e = start(&m, NLMSG_ERROR, sizeof(*e));
	e->error = 5;
	assert_false(xfrm_parse_ack(m.nlh, m.nlh->nlmsg_len, &ak, &d));
	e = start(&m, NLMSG_ERROR, 4);
	assert_false(xfrm_parse_ack(m.nlh, m.nlh->nlmsg_len, &ak, &d));
	assert_non_null(strstr(d.msg, "too short"));
}

static void counters(void **state)
{
	struct msgbuf m;
	struct xfrm_msg xm;
	struct kernel_sa_counters c;
	struct diag d;
	uint64_t last = 1795737000;
	struct xfrm_usersa_info *p = start(&m, XFRM_MSG_NEWSA, sizeof(*p));

	p->family = AF_INET;
	p->curlft.bytes = 1234;
	p->curlft.packets = 7;
	p->curlft.add_time = 1795736000;
	p->curlft.use_time = 1795736500;
	put(&m, XFRMA_LASTUSED, sizeof(last), &last);
	assert_true(xfrm_parse_msg(m.nlh, m.nlh->nlmsg_len, &xm, &d));
	assert_true(xfrm_parse_counters(&xm, &c, &d));
	assert_int_equal(c.bytes, 1234);
	assert_int_equal(c.packets, 7);
	assert_int_equal(c.add_time, 1795736000);
	assert_int_equal(c.first_use_time, 1795736500);
	assert_true(c.have_last_used);
	assert_int_equal(c.last_used, 1795737000);

	/* The answer to ALLOCSPI. */
	uint32_t spi;
	p->id.spi = htonl(0x4000);
	assert_true(xfrm_parse_msg(m.nlh, m.nlh->nlmsg_len, &xm, &d));
	assert_true(xfrm_parse_allocspi_reply(&xm, &spi, &d));
	assert_int_equal(spi, 0x4000);
	p->id.spi = 0;
	assert_true(xfrm_parse_msg(m.nlh, m.nlh->nlmsg_len, &xm, &d));
	assert_false(xfrm_parse_allocspi_reply(&xm, &spi, &d));

	/* An algorithm attribute shorter than its struct. */
	p = start(&m, XFRM_MSG_NEWSA, sizeof(*p));
	put(&m, XFRMA_ALG_AEAD, 10, "0123456789");
	assert_false(xfrm_parse_msg(m.nlh, m.nlh->nlmsg_len, &xm, &d));
	assert_non_null(strstr(d.msg, "XFRMA_ALG_AEAD"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(acquire_good),
		cmocka_unit_test(acquire_without_template),
		cmocka_unit_test(acquire_truncated),
		cmocka_unit_test(acquire_malformed),
		cmocka_unit_test(acquire_unknown_attribute_ignored),
		cmocka_unit_test(expire),
		cmocka_unit_test(mapping),
		cmocka_unit_test(polexpire),
		cmocka_unit_test(datagram),
		cmocka_unit_test(ack),
		cmocka_unit_test(counters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
