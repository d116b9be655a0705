/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Activate-on-receipt in the XFRM backend, without a kernel: the
 * XFRMA_SA_ACTIVATE attribute a standby NEWSA carries (and the refusals:
 * no feature, inbound, no paired SPI, timeout out of range), and the
 * checks on a kernel's XFRM_MSG_ACTIVATESA (hostile input: short
 * message, unknown family/protocol/reason, SPI 0) down to the handler.
 */
#include <stdarg.h>
#include <stdalign.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "kernel_xfrm.h"

static const uint8_t gcm_key[36] = { 1, 2, 3 };

static struct ip_address a4(const char *s)
{
	struct ip_address a = { .family = AF_INET };

	assert_int_equal(inet_pton(AF_INET, s, a.bytes), 1);
	return a;
}

static struct kernel_sa outbound(void)
{
	return (struct kernel_sa){
		.src = a4("192.1.2.23"), .dst = a4("192.1.2.45"), .spi = 0x11223344,
		.proto = IPPROTO_ESP, .mode = KERNEL_MODE_TUNNEL, .reqid = 16384,
		.aead = { "rfc4106(gcm(aes))", gcm_key, sizeof(gcm_key) }, .icv_bits = 128,
		.dir = KERNEL_SA_DIR_OUT,
		.activate = { .standby = true, .in_spi = 0xaabbccdd,
			      .in_mark = { .value = 7, .mask = 0xffffffff }, .timeout_ms = 30000 },
	};
}

static const struct nlattr *find_attr(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct xfrm_usersa_info))
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static void test_standby_attribute(void **state)
{
	struct xfrm_req r;
	struct diag d;
	struct kernel_sa sa = outbound();

	assert_true(xfrm_build_sa(&r, &sa, false, true, &d));
	assert_true(xfrm_aor_put_standby(&r, &sa, true, &d));
	const struct nlattr *a = find_attr(r.nlh, XSWAN_XFRMA_SA_ACTIVATE);
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), sizeof(struct xfrm_user_sa_activate));
	struct xfrm_user_sa_activate v;
	memcpy(&v, mnl_attr_get_payload(a), sizeof(v));
	assert_int_equal(ntohl(v.in_spi), 0xaabbccdd);
	assert_int_equal(v.in_mark, 7);
	assert_int_equal(v.timeout_ms, 30000);
	assert_int_equal(v.flags, 0);

	/* Not on standby: nothing added. */
	sa.activate.standby = false;
	assert_true(xfrm_build_sa(&r, &sa, false, true, &d));
	assert_true(xfrm_aor_put_standby(&r, &sa, false, &d));
	assert_null(find_attr(r.nlh, XSWAN_XFRMA_SA_ACTIVATE));
}

static void test_standby_refusals(void **state)
{
	struct xfrm_req r;
	struct diag d;
	struct kernel_sa sa = outbound();

	/* A stock kernel would ignore the attribute: the SA would be
	 * active at once, which is not what the caller asked for. */
	assert_true(xfrm_build_sa(&r, &sa, false, true, &d));
	assert_false(xfrm_aor_put_standby(&r, &sa, false, &d));
	assert_non_null(strstr(d.msg, "lacks"));
	sa.dir = KERNEL_SA_DIR_IN;
	assert_false(xfrm_aor_put_standby(&r, &sa, true, &d));
	sa = outbound();
	sa.activate.in_spi = 0;
	assert_false(xfrm_aor_put_standby(&r, &sa, true, &d));
	sa = outbound();
	sa.activate.timeout_ms = 0;
	assert_false(xfrm_aor_put_standby(&r, &sa, true, &d));
	sa.activate.timeout_ms = KERNEL_STANDBY_TIMEOUT_MAX_MS + 1;
	assert_false(xfrm_aor_put_standby(&r, &sa, true, &d));
}

/* A kernel's XFRM_MSG_ACTIVATESA, built here; TRIM bytes cut off. */
static size_t activate_msg(uint8_t *buf, size_t cap, const struct xfrm_user_activate *ua,
			   size_t trim)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	void *p;

	assert_true(cap >= 256);
	nlh->nlmsg_type = XSWAN_XFRM_MSG_ACTIVATESA;
	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*ua));
	memcpy(p, ua, sizeof(*ua));
	nlh->nlmsg_len -= (uint32_t)trim;
	return nlh->nlmsg_len;
}

static struct xfrm_user_activate good(void)
{
	struct xfrm_user_activate ua;

	memset(&ua, 0, sizeof(ua));
	ua.daddr.a4 = htonl(0xc0010217);	/* 192.1.2.23 */
	ua.saddr.a4 = htonl(0xc001022d);
	ua.spi = htonl(0x11223344);
	ua.in_spi = htonl(0xaabbccdd);
	ua.old_spi = htonl(0x01020304);
	ua.retired = 1;
	ua.reqid = 16384;
	ua.family = AF_INET;
	ua.proto = IPPROTO_ESP;
	ua.reason = XFRM_ACTIVATE_PACKET;
	return ua;
}

static unsigned calls;
static struct kernel_activated seen;

static void on_activated(void *ctx, const struct kernel_activated *a)
{
	calls++;
	seen = *a;
}

static void test_activate_event(void **state)
{
	alignas(8) uint8_t buf[512];
	struct kernel_event_handlers h = { .activated = on_activated };
	struct xfrm_user_activate ua = good();
	struct diag d;
	size_t len = activate_msg(buf, sizeof(buf), &ua, 0);

	calls = 0;
	assert_true(xfrm_process_datagram(&h, buf, len, &d));
	assert_int_equal(calls, 1);
	assert_int_equal(seen.spi, 0x11223344);
	assert_int_equal(seen.in_spi, 0xaabbccdd);
	assert_int_equal(seen.old_spi, 0x01020304);
	assert_int_equal(seen.retired, 1);
	assert_int_equal(seen.reason, KERNEL_ACTIVATE_PACKET);
	struct ip_address want = a4("192.1.2.23");
	assert_true(ip_address_eq(&seen.dst, &want));
}

static void test_activate_event_hostile(void **state)
{
	alignas(8) uint8_t buf[512];
	struct kernel_event_handlers h = { .activated = on_activated };
	struct diag d;
	struct xfrm_user_activate ua;
	size_t len;

	calls = 0;
	ua = good();
	len = activate_msg(buf, sizeof(buf), &ua, 4);	/* short fixed part */
	assert_false(xfrm_process_datagram(&h, buf, len, &d));
	ua = good();
	ua.family = 99;
	len = activate_msg(buf, sizeof(buf), &ua, 0);
	assert_false(xfrm_process_datagram(&h, buf, len, &d));
	ua = good();
	ua.proto = IPPROTO_UDP;
	len = activate_msg(buf, sizeof(buf), &ua, 0);
	assert_false(xfrm_process_datagram(&h, buf, len, &d));
	ua = good();
	ua.reason = 0;
	len = activate_msg(buf, sizeof(buf), &ua, 0);
	assert_false(xfrm_process_datagram(&h, buf, len, &d));
	ua.reason = 4;
	len = activate_msg(buf, sizeof(buf), &ua, 0);
	assert_false(xfrm_process_datagram(&h, buf, len, &d));
	ua = good();
	ua.spi = 0;
	len = activate_msg(buf, sizeof(buf), &ua, 0);
	assert_false(xfrm_process_datagram(&h, buf, len, &d));
	assert_int_equal(calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standby_attribute),
		cmocka_unit_test(test_standby_refusals),
		cmocka_unit_test(test_activate_event),
		cmocka_unit_test(test_activate_event_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
