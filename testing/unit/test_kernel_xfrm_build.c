/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The XFRM backend's request builders, without a kernel: build NEWSA,
 * UPDSA, ALLOCSPI, UPDPOLICY and DELPOLICY into a buffer and read the
 * fixed part and attributes back; check refusals of bad input; check the
 * policy priority order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "kernel_xfrm.h"

static const uint8_t gcm_key[36] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
	19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36,
};

static struct ip_address a4(const char *s)
{
	struct ip_address a = { .family = AF_INET };

	assert_int_equal(inet_pton(AF_INET, s, a.bytes), 1);
	return a;
}

static struct ip_address a6(const char *s)
{
	struct ip_address a = { .family = AF_INET6 };

	assert_int_equal(inet_pton(AF_INET6, s, a.bytes), 1);
	return a;
}

static struct ip_selector sel4(const char *s, unsigned len, uint8_t proto, uint16_t port)
{
	struct ip_selector x = { .subnet = { .addr = a4(s), .prefix_len = (uint8_t)len } };

	x.ipproto = proto;
	x.port = port;
	return x;
}

/* The attribute TYPE of a built request (fixed part FIXED bytes), or NULL;
 * fails the test if it occurs twice. */
static const struct nlattr *find(const struct nlmsghdr *nlh, size_t fixed, uint16_t type)
{
	const struct nlattr *a, *found = NULL;

	mnl_attr_for_each(a, nlh, fixed) {
		if (mnl_attr_get_type(a) == type) {
			assert_null(found);
			found = a;
		}
	}
	return found;
}

static struct kernel_sa gcm_sa(void)
{
	struct kernel_sa sa = {
		.src = a4("192.1.2.45"), .dst = a4("192.1.2.23"),
		.spi = 0x12345678, .proto = IPPROTO_ESP, .mode = KERNEL_MODE_TUNNEL,
		.reqid = 16389,
		.aead = { .name = "rfc4106(gcm(aes))", .key = gcm_key, .key_len = sizeof(gcm_key) },
		.icv_bits = 128, .replay_window = 32,
	};
	return sa;
}

static void newsa_aead_tunnel(void **state)
{
	struct xfrm_req r;
	struct diag d;
	struct kernel_sa sa = gcm_sa();
	const struct xfrm_usersa_info *p;
	const struct nlattr *a;
	const struct xfrm_algo_aead *alg;

	sa.lifetime.soft_bytes = 1000;
	sa.lifetime.hard_packets = 5000;
	sa.mark = (struct kernel_mark){ .value = 7, .mask = 0xff };
	sa.encap.type = KERNEL_ENCAP_ESPINUDP;
	sa.encap.sport = 4500;
	sa.encap.dport = 31337;
	sa.dir = KERNEL_SA_DIR_OUT;
	assert_true(xfrm_build_sa(&r, &sa, false, false, &d));
	assert_int_equal(r.nlh->nlmsg_type, XFRM_MSG_NEWSA);
	assert_true(r.nlh->nlmsg_flags & NLM_F_ACK);
	assert_true(r.secret);

	p = mnl_nlmsg_get_payload(r.nlh);
	assert_int_equal(p->id.spi, htonl(0x12345678));
	assert_int_equal(p->id.proto, IPPROTO_ESP);
	assert_int_equal(p->family, AF_INET);
	assert_int_equal(p->mode, XFRM_MODE_TUNNEL);
	assert_true(p->flags & XFRM_STATE_AF_UNSPEC);
	assert_false(p->flags & XFRM_STATE_ESN);
	assert_int_equal(p->reqid, 16389);
	assert_int_equal(p->replay_window, 32);
	assert_memory_equal(&p->id.daddr, sa.dst.bytes, 4);
	assert_memory_equal(&p->saddr, sa.src.bytes, 4);
	assert_int_equal(p->sel.family, 0);	/* tunnel: any inner traffic */
	assert_int_equal(p->lft.soft_byte_limit, 1000);
	assert_int_equal(p->lft.hard_byte_limit, XFRM_INF);
	assert_int_equal(p->lft.hard_packet_limit, 5000);
	assert_int_equal(p->lft.soft_packet_limit, XFRM_INF);

	a = find(r.nlh, sizeof(*p), XFRMA_ALG_AEAD);
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), sizeof(*alg) + sizeof(gcm_key));
	alg = mnl_attr_get_payload(a);
	assert_string_equal(alg->alg_name, "rfc4106(gcm(aes))");
	assert_int_equal(alg->alg_key_len, 288);
	assert_int_equal(alg->alg_icv_len, 128);
	assert_memory_equal(alg->alg_key, gcm_key, sizeof(gcm_key));
	assert_null(find(r.nlh, sizeof(*p), XFRMA_ALG_CRYPT));
	assert_null(find(r.nlh, sizeof(*p), XFRMA_ALG_AUTH_TRUNC));
	assert_null(find(r.nlh, sizeof(*p), XFRMA_REPLAY_ESN_VAL));
	/* Not sent when the kernel lacks it. */
	assert_null(find(r.nlh, sizeof(*p), XSWAN_XFRMA_SA_DIR));

	a = find(r.nlh, sizeof(*p), XFRMA_ENCAP);
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), sizeof(struct xfrm_encap_tmpl));
	const struct xfrm_encap_tmpl *e = mnl_attr_get_payload(a);
	assert_int_equal(e->encap_type, 2);
	assert_int_equal(e->encap_sport, htons(4500));
	assert_int_equal(e->encap_dport, htons(31337));

	a = find(r.nlh, sizeof(*p), XFRMA_MARK);
	assert_non_null(a);
	const struct xfrm_mark *m = mnl_attr_get_payload(a);
	assert_int_equal(m->v, 7);
	assert_int_equal(m->m, 0xff);

	/* Wiping leaves no key byte behind. */
	xfrm_req_wipe(&r);
	assert_false(r.secret);
	for (size_t i = 0; i < sizeof(r.buf); i++)
		assert_int_equal(r.buf[i], 0);
}

static void newsa_sa_dir(void **state)
{
	struct xfrm_req r;
	struct diag d;
	struct kernel_sa sa = gcm_sa();
	const struct nlattr *a;
	const struct xfrm_usersa_info *p;

	sa.dir = KERNEL_SA_DIR_OUT;
	assert_true(xfrm_build_sa(&r, &sa, true, true, &d));
	assert_int_equal(r.nlh->nlmsg_type, XFRM_MSG_UPDSA);
	p = mnl_nlmsg_get_payload(r.nlh);
	a = find(r.nlh, sizeof(*p), XSWAN_XFRMA_SA_DIR);
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), 1);
	assert_int_equal(mnl_attr_get_u8(a), XSWAN_XFRM_SA_DIR_OUT);
	/* An outbound SA with SA_DIR carries no replay window. */
	assert_int_equal(p->replay_window, 0);

	sa.dir = KERNEL_SA_DIR_IN;
	assert_true(xfrm_build_sa(&r, &sa, true, true, &d));
	p = mnl_nlmsg_get_payload(r.nlh);
	assert_int_equal(mnl_attr_get_u8(find(r.nlh, sizeof(*p), XSWAN_XFRMA_SA_DIR)),
			 XSWAN_XFRM_SA_DIR_IN);
	assert_int_equal(p->replay_window, 32);
}

static void newsa_esn_wide_window(void **state)
{
	struct xfrm_req r;
	struct diag d;
	struct kernel_sa sa = gcm_sa();
	const struct xfrm_usersa_info *p;
	const struct nlattr *a;
	const struct xfrm_replay_state_esn *rs;

	sa.esn = true;
	sa.replay_window = 100;
	assert_true(xfrm_build_sa(&r, &sa, false, false, &d));
	p = mnl_nlmsg_get_payload(r.nlh);
	assert_true(p->flags & XFRM_STATE_ESN);
	assert_int_equal(p->replay_window, 0);
	a = find(r.nlh, sizeof(*p), XFRMA_REPLAY_ESN_VAL);
	assert_non_null(a);
	rs = mnl_attr_get_payload(a);
	assert_int_equal(rs->replay_window, 100);
	assert_int_equal(rs->bmp_len, 4);	/* 100 bits in 32-bit words */
	assert_int_equal(mnl_attr_get_payload_len(a), sizeof(*rs) + 4 * sizeof(uint32_t));

	/* A window wider than 32 needs the ESN form even without ESN. */
	sa.esn = false;
	sa.replay_window = 4096;
	assert_true(xfrm_build_sa(&r, &sa, false, false, &d));
	p = mnl_nlmsg_get_payload(r.nlh);
	assert_false(p->flags & XFRM_STATE_ESN);
	rs = mnl_attr_get_payload(find(r.nlh, sizeof(*p), XFRMA_REPLAY_ESN_VAL));
	assert_int_equal(rs->bmp_len, 128);

	sa.replay_window = 4097;
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));
	assert_non_null(strstr(d.msg, "replay window 4097"));
}

static void newsa_encr_integ_transport(void **state)
{
	static const uint8_t ekey[16] = { 0xaa }, ikey[32] = { 0xbb };
	struct xfrm_req r;
	struct diag d;
	struct kernel_sa sa = {
		.src = a6("2001:db8:1:2::45"), .dst = a6("2001:db8:1:2::23"),
		.spi = 0x1001, .proto = IPPROTO_ESP, .mode = KERNEL_MODE_TRANSPORT,
		.encr = { .name = "cbc(aes)", .key = ekey, .key_len = sizeof(ekey) },
		.integ = { .name = "hmac(sha256)", .key = ikey, .key_len = sizeof(ikey) },
		.icv_bits = 128,
	};
	const struct xfrm_usersa_info *p;
	const struct xfrm_algo *ea;
	const struct xfrm_algo_auth *ia;

	assert_true(xfrm_build_sa(&r, &sa, false, false, &d));
	p = mnl_nlmsg_get_payload(r.nlh);
	assert_int_equal(p->mode, XFRM_MODE_TRANSPORT);
	assert_false(p->flags & XFRM_STATE_AF_UNSPEC);
	/* Default transport selector: host to host, any protocol. */
	assert_int_equal(p->sel.family, AF_INET6);
	assert_int_equal(p->sel.prefixlen_s, 128);
	assert_int_equal(p->sel.prefixlen_d, 128);
	assert_int_equal(p->sel.proto, 0);
	assert_memory_equal(&p->sel.saddr, sa.src.bytes, 16);
	assert_memory_equal(&p->sel.daddr, sa.dst.bytes, 16);

	ea = mnl_attr_get_payload(find(r.nlh, sizeof(*p), XFRMA_ALG_CRYPT));
	assert_string_equal(ea->alg_name, "cbc(aes)");
	assert_int_equal(ea->alg_key_len, 128);
	assert_memory_equal(ea->alg_key, ekey, sizeof(ekey));
	ia = mnl_attr_get_payload(find(r.nlh, sizeof(*p), XFRMA_ALG_AUTH_TRUNC));
	assert_string_equal(ia->alg_name, "hmac(sha256)");
	assert_int_equal(ia->alg_key_len, 256);
	assert_int_equal(ia->alg_trunc_len, 128);
	assert_memory_equal(ia->alg_key, ikey, sizeof(ikey));
	assert_null(find(r.nlh, sizeof(*p), XFRMA_ALG_AEAD));

	/* An explicit transport selector: TCP to port 443. */
	sa.sel_src = (struct ip_selector){ .subnet = { .addr = sa.src, .prefix_len = 128 },
					   .ipproto = IPPROTO_TCP };
	sa.sel_dst = (struct ip_selector){ .subnet = { .addr = sa.dst, .prefix_len = 128 },
					   .ipproto = IPPROTO_TCP, .port = 443 };
	assert_true(xfrm_build_sa(&r, &sa, false, false, &d));
	p = mnl_nlmsg_get_payload(r.nlh);
	assert_int_equal(p->sel.proto, IPPROTO_TCP);
	assert_int_equal(p->sel.dport, htons(443));
	assert_int_equal(p->sel.dport_mask, 0xffff);
	assert_int_equal(p->sel.sport_mask, 0);
}

static void newsa_refusals(void **state)
{
	static const uint8_t big[KERNEL_ALG_KEY_MAX + 1];
	struct xfrm_req r;
	struct diag d;
	struct kernel_sa sa;

	sa = gcm_sa();
	sa.encr = (struct kernel_alg){ .name = "cbc(aes)", .key = gcm_key, .key_len = 16 };
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));
	assert_non_null(strstr(d.msg, "AEAD"));

	sa = gcm_sa();
	sa.aead.name = "an-algorithm-name-that-is-far-too-long-for-the-kernel-s-64-byte-field";
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));
	assert_non_null(strstr(d.msg, "name"));

	sa = gcm_sa();
	sa.aead.key = big;
	sa.aead.key_len = sizeof(big);
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));
	assert_non_null(strstr(d.msg, "too long"));

	sa = gcm_sa();
	sa.aead.key = NULL;
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));

	sa = gcm_sa();
	sa.dst = a6("2001:db8::1");
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));
	assert_non_null(strstr(d.msg, "families differ"));

	sa = gcm_sa();
	sa.spi = 0;
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));

	sa = gcm_sa();
	sa.aead.name = NULL;
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));
	assert_non_null(strstr(d.msg, "no encryption"));

	sa = gcm_sa();
	sa.mode = 9;
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));

	sa = gcm_sa();
	sa.encap.type = 5;
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));

	sa = gcm_sa();
	sa.mode = KERNEL_MODE_TRANSPORT;
	sa.sel_src = sel4("10.0.0.0", 33, 0, 0);
	sa.sel_dst = sel4("10.0.1.0", 24, 0, 0);
	assert_false(xfrm_build_sa(&r, &sa, false, false, &d));
	assert_non_null(strstr(d.msg, "/33"));
}

static void allocspi(void **state)
{
	struct xfrm_req r;
	struct diag d;
	struct ip_address src = a4("192.1.2.23"), dst = a4("192.1.2.45");
	const struct xfrm_userspi_info *p;

	assert_true(xfrm_build_allocspi(&r, &src, &dst, IPPROTO_ESP, 77, 0x100, 0xffffffff,
					true, &d));
	assert_int_equal(r.nlh->nlmsg_type, XFRM_MSG_ALLOCSPI);
	/* the reply answers it: no ACK to read after it */
	assert_false(r.nlh->nlmsg_flags & NLM_F_ACK);
	assert_false(r.secret);
	p = mnl_nlmsg_get_payload(r.nlh);
	assert_int_equal(p->min, 0x100);
	assert_int_equal(p->max, 0xffffffff);
	assert_int_equal(p->info.reqid, 77);
	assert_int_equal(p->info.id.proto, IPPROTO_ESP);
	assert_memory_equal(&p->info.id.daddr, dst.bytes, 4);
	assert_int_equal(mnl_attr_get_u8(find(r.nlh, sizeof(*p), XSWAN_XFRMA_SA_DIR)),
			 XSWAN_XFRM_SA_DIR_IN);

	assert_true(xfrm_build_allocspi(&r, &src, &dst, IPPROTO_ESP, 77, 0x100, 0x200, false, &d));
	assert_null(find(r.nlh, sizeof(*p), XSWAN_XFRMA_SA_DIR));

	assert_false(xfrm_build_allocspi(&r, &src, &dst, IPPROTO_ESP, 77, 0x200, 0x100, false, &d));
	assert_false(xfrm_build_allocspi(&r, &src, &dst, IPPROTO_ESP, 77, 0, 0x100, false, &d));
	assert_false(xfrm_build_allocspi(&r, &src, &dst, IPPROTO_UDP, 77, 1, 0x100, false, &d));
}

static void policy_tunnel(void **state)
{
	struct xfrm_req r;
	struct diag d;
	struct kernel_policy kp = {
		.src = sel4("192.0.1.0", 24, 0, 0),
		.dst = sel4("192.0.2.0", 24, IPPROTO_TCP, 80),
		.dir = KERNEL_POLICY_FWD, .action = KERNEL_POLICY_ALLOW, .ntemplates = 1,
		.templates = { { .proto = IPPROTO_ESP, .mode = KERNEL_MODE_TUNNEL, .reqid = 5,
				 .src = a4("192.1.2.23"), .dst = a4("192.1.2.45") } },
		.mark = { .value = 0x10, .mask = 0xf0 },
	};
	const struct xfrm_userpolicy_info *p;
	const struct nlattr *a;
	const struct xfrm_user_tmpl *t;

	assert_true(xfrm_build_policy(&r, &kp, true, &d));
	assert_int_equal(r.nlh->nlmsg_type, XFRM_MSG_UPDPOLICY);
	p = mnl_nlmsg_get_payload(r.nlh);
	assert_int_equal(p->dir, XFRM_POLICY_FWD);
	assert_int_equal(p->action, XFRM_POLICY_ALLOW);
	assert_int_equal(p->sel.family, AF_INET);
	assert_int_equal(p->sel.prefixlen_s, 24);
	assert_int_equal(p->sel.prefixlen_d, 24);
	assert_int_equal(p->sel.proto, IPPROTO_TCP);
	assert_int_equal(p->sel.dport, htons(80));
	assert_int_equal(p->sel.dport_mask, 0xffff);
	assert_int_equal(p->sel.sport_mask, 0);
	assert_int_equal(p->priority,
			 kernel_policy_priority(&kp.src, &kp.dst, KERNEL_PRIORITY_STATIC));
	assert_int_equal(p->lft.hard_byte_limit, XFRM_INF);

	a = find(r.nlh, sizeof(*p), XFRMA_TMPL);
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), sizeof(*t));
	t = mnl_attr_get_payload(a);
	assert_int_equal(t->mode, XFRM_MODE_TUNNEL);
	assert_int_equal(t->reqid, 5);
	assert_int_equal(t->id.proto, IPPROTO_ESP);
	assert_int_equal(t->family, AF_INET);
	assert_memory_equal(&t->id.daddr, kp.templates[0].dst.bytes, 4);
	assert_memory_equal(&t->saddr, kp.templates[0].src.bytes, 4);
	assert_int_equal(t->ealgos, ~0u);
	const struct xfrm_mark *m = mnl_attr_get_payload(find(r.nlh, sizeof(*p), XFRMA_MARK));
	assert_int_equal(m->v, 0x10);
	assert_int_equal(m->m, 0xf0);

	/* Explicit priority, NEWPOLICY. */
	kp.priority = 1234;
	assert_true(xfrm_build_policy(&r, &kp, false, &d));
	assert_int_equal(r.nlh->nlmsg_type, XFRM_MSG_NEWPOLICY);
	p = mnl_nlmsg_get_payload(r.nlh);
	assert_int_equal(p->priority, 1234);

	/* Delete: the same selector, direction and mark. */
	assert_true(xfrm_build_delpolicy(&r, &kp, &d));
	assert_int_equal(r.nlh->nlmsg_type, XFRM_MSG_DELPOLICY);
	const struct xfrm_userpolicy_id *id = mnl_nlmsg_get_payload(r.nlh);
	assert_int_equal(id->dir, XFRM_POLICY_FWD);
	assert_int_equal(id->sel.prefixlen_s, 24);
	assert_int_equal(id->sel.dport, htons(80));
	assert_non_null(find(r.nlh, sizeof(*id), XFRMA_MARK));
}

static void policy_refusals(void **state)
{
	struct xfrm_req r;
	struct diag d;
	struct kernel_policy kp = {
		.src = sel4("192.0.1.0", 24, 0, 0), .dst = sel4("192.0.2.0", 24, 0, 0),
		.dir = KERNEL_POLICY_OUT, .action = KERNEL_POLICY_BLOCK, .ntemplates = 1,
		.templates = { { .proto = IPPROTO_ESP, .mode = KERNEL_MODE_TRANSPORT } },
	};

	assert_false(xfrm_build_policy(&r, &kp, true, &d));	/* block with a template */
	kp.action = KERNEL_POLICY_ALLOW;
	kp.ntemplates = KERNEL_MAX_TEMPLATES + 1;
	assert_false(xfrm_build_policy(&r, &kp, true, &d));
	kp.ntemplates = 1;
	kp.dir = 7;
	assert_false(xfrm_build_policy(&r, &kp, true, &d));
	kp.dir = KERNEL_POLICY_OUT;
	kp.dst.subnet.addr = a6("2001:db8::");
	assert_false(xfrm_build_policy(&r, &kp, true, &d));
	assert_non_null(strstr(d.msg, "family"));
	kp.dst = sel4("192.0.2.0", 24, 0, 500);	/* a port needs a protocol */
	assert_false(xfrm_build_policy(&r, &kp, true, &d));
	assert_non_null(strstr(d.msg, "port 500"));

	/* A pass policy: ALLOW without templates. */
	kp.dst = sel4("192.0.2.0", 24, 0, 0);
	kp.ntemplates = 0;
	assert_true(xfrm_build_policy(&r, &kp, true, &d));
	assert_null(find(r.nlh, sizeof(struct xfrm_userpolicy_info), XFRMA_TMPL));
}

static void priorities(void **state)
{
	struct ip_selector any = sel4("0.0.0.0", 0, 0, 0);
	struct ip_selector net8 = sel4("10.0.0.0", 8, 0, 0);
	struct ip_selector net16 = sel4("10.1.0.0", 16, 0, 0);
	struct ip_selector host = sel4("10.1.2.3", 32, 0, 0);
	struct ip_selector net8_tcp = sel4("10.0.0.0", 8, IPPROTO_TCP, 0);
	struct ip_selector net8_tcp80 = sel4("10.0.0.0", 8, IPPROTO_TCP, 80);
	struct ip_selector n1 = sel4("192.0.1.0", 24, 0, 0), n2 = sel4("192.0.2.0", 24, 0, 0);

	/* Narrower wins (lower value). */
	assert_true(kernel_policy_priority(&net16, &any, KERNEL_PRIORITY_STATIC) <
		    kernel_policy_priority(&net8, &any, KERNEL_PRIORITY_STATIC));
	assert_true(kernel_policy_priority(&host, &any, KERNEL_PRIORITY_STATIC) <
		    kernel_policy_priority(&net16, &any, KERNEL_PRIORITY_STATIC));
	/* Protocol, then port, narrow within the same prefixes... */
	assert_true(kernel_policy_priority(&net8_tcp, &any, KERNEL_PRIORITY_STATIC) <
		    kernel_policy_priority(&net8, &any, KERNEL_PRIORITY_STATIC));
	assert_true(kernel_policy_priority(&any, &net8_tcp80, KERNEL_PRIORITY_STATIC) <
		    kernel_policy_priority(&any, &net8_tcp, KERNEL_PRIORITY_STATIC));
	/* ...but one more prefix bit outweighs protocol and port. */
	struct ip_selector net9 = sel4("10.0.0.0", 9, 0, 0);
	assert_true(kernel_policy_priority(&net9, &any, KERNEL_PRIORITY_STATIC) <
		    kernel_policy_priority(&net8_tcp80, &any, KERNEL_PRIORITY_STATIC));
	/* Bands stay apart whatever the selectors. */
	assert_true(kernel_policy_priority(&any, &any, KERNEL_PRIORITY_STATIC) <
		    kernel_policy_priority(&host, &host, KERNEL_PRIORITY_ONDEMAND));
	assert_true(kernel_policy_priority(&any, &any, KERNEL_PRIORITY_ONDEMAND) <
		    kernel_policy_priority(&host, &host, KERNEL_PRIORITY_FALLBACK));
	/* The documented values. */
	assert_int_equal(kernel_policy_priority(&n1, &n2, KERNEL_PRIORITY_STATIC), 7807);
	assert_int_equal(kernel_policy_priority(&any, &any, KERNEL_PRIORITY_STATIC), 8191);
	/* The most specific IPv6 selectors stay above the admin range. */
	struct ip_selector h6 = { .subnet = { .addr = a6("2001:db8::1"), .prefix_len = 128 },
				  .ipproto = IPPROTO_UDP, .port = 500 };
	assert_true(kernel_policy_priority(&h6, &h6, KERNEL_PRIORITY_STATIC) >=
		    KERNEL_PRIORITY_BAND_SIZE);
}

static void said(void **state)
{
	struct xfrm_req r;
	struct diag d;
	struct kernel_said s = { .dst = a6("2001:db8::23"), .spi = 0xabcdef01, .proto = IPPROTO_ESP };
	const struct xfrm_usersa_id *p;

	assert_true(xfrm_build_said(&r, XFRM_MSG_GETSA, &s, &d));
	p = mnl_nlmsg_get_payload(r.nlh);
	assert_int_equal(p->spi, htonl(0xabcdef01));
	assert_int_equal(p->family, AF_INET6);
	assert_memory_equal(&p->daddr, s.dst.bytes, 16);
	assert_null(find(r.nlh, sizeof(*p), XFRMA_MARK));
	s.dst.family = 0;
	assert_false(xfrm_build_said(&r, XFRM_MSG_DELSA, &s, &d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(newsa_aead_tunnel),
		cmocka_unit_test(newsa_sa_dir),
		cmocka_unit_test(newsa_esn_wide_window),
		cmocka_unit_test(newsa_encr_integ_transport),
		cmocka_unit_test(newsa_refusals),
		cmocka_unit_test(allocspi),
		cmocka_unit_test(policy_tunnel),
		cmocka_unit_test(policy_refusals),
		cmocka_unit_test(priorities),
		cmocka_unit_test(said),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
