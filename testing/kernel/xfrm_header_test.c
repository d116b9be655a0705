/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * include/linux/xfrm.h (the userland copy of the series' uAPI header,
 * kept equal to the kernel's by kernel/check-uapi-copy) compiles whether
 * glibc's <netinet/in.h> comes first or last (the "xfrm.h include clash"
 * of the 2018 wishlist), and both orders see the same layout and numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "xfrm_header.h"

static void test_orders_agree(void **state)
{
	struct xfrm_layout first, last;

	(void)state;
	xfrm_layout_first(&first);
	xfrm_layout_last(&last);
	assert_int_equal(first.address_size, last.address_size);
	assert_int_equal(first.in6_size, last.in6_size);
	assert_int_equal(first.usersa_info_size, last.usersa_info_size);
	assert_int_equal(first.unknown_spi_size, last.unknown_spi_size);
	assert_int_equal(first.unknown_spi_spi_offset, last.unknown_spi_spi_offset);
	assert_int_equal(first.unknown_spi_encap_offset, last.unknown_spi_encap_offset);
	assert_int_equal(first.activate_size, last.activate_size);
	assert_int_equal(first.activate_spi_offset, last.activate_spi_offset);
	assert_int_equal(first.encap_change_size, last.encap_change_size);
	assert_int_equal(first.encap_change_saddr_offset, last.encap_change_saddr_offset);
	assert_int_equal(first.cat_size, last.cat_size);
	assert_int_equal(first.cat_family_offset, last.cat_family_offset);
	assert_int_equal(first.in6_loopback_last_byte, 1);
	assert_int_equal(last.in6_loopback_last_byte, 1);
}

/* The numbers KERNEL.md fixes: backports keep upstream's, ours follow. */
static void test_numbering(void **state)
{
	struct xfrm_layout l;

	(void)state;
	xfrm_layout_first(&l);
	assert_int_equal(l.sa_dir_attr, 33);
	assert_int_equal(l.sa_dir_in, 1);
	assert_int_equal(l.sa_dir_out, 2);
	assert_int_equal(l.pfp_attr, 42);
	/* part B of issue 6 owns 50 to 54 */
	assert_int_equal(l.cat_attr, 50);
	assert_int_equal(l.unknown_spi_msg, 0x2a);
	assert_int_equal(l.unknown_spi_group, 9);
	/* issue 5: attributes 43-44, messages 0x2b-0x2c, group 10, xflags 4, 8 */
	assert_int_equal(l.activate_attr, 43);
	assert_int_equal(l.activate_msg, 0x2b);
	assert_int_equal(l.encap_change_msg, 0x2c);
	assert_int_equal(l.msg_max, 0x2c);
	assert_int_equal(l.activate_group, 10);
	assert_int_equal(l.group_max, 10);
	assert_int_equal(l.any_encap_xflag, 4);
	assert_int_equal(l.activate_packet, 1);
	assert_int_equal(l.activate_timeout, 2);
	assert_int_equal(l.activate_request, 3);
	assert_int_equal(l.attr_max, 50);
	/* Issue 6 part A's range: SA extra flag 16, attributes 45-49. */
	assert_int_equal(l.larval_xflag, 16);
	assert_int_equal(l.policy_name_attr, 45);
	assert_int_equal(l.policy_name_max, 64);
	assert_int_equal(l.peer_name_attr, 46);
	assert_int_equal(l.peer_name_max, 256);
}

/* Fixed layout of the notification: no padding holes, no 64-bit fields
 * (so the 32-bit compat translator can copy it as is). */
static void test_unknown_spi_layout(void **state)
{
	struct xfrm_layout l;

	(void)state;
	xfrm_layout_last(&l);
	assert_int_equal(l.address_size, 16);
	assert_int_equal(l.unknown_spi_spi_offset, 32);
	assert_int_equal(l.unknown_spi_encap_offset, 52);
	assert_int_equal(l.unknown_spi_size, 60);
}

/* The activate-on-receipt attribute and notification, and the wire-form
 * report: fixed layouts without holes or 64-bit fields, so the compat
 * translator copies them as they are. */
static void test_issue5_layouts(void **state)
{
	struct xfrm_layout l;

	(void)state;
	xfrm_layout_last(&l);
	assert_int_equal(l.sa_activate_size, 16);
	assert_int_equal(l.activate_spi_offset, 32);
	assert_int_equal(l.activate_mark_offset, 56);
	assert_int_equal(l.activate_family_offset, 64);
	assert_int_equal(l.activate_reason_offset, 67);
	assert_int_equal(l.activate_size, 68);
	assert_int_equal(l.encap_change_saddr_offset, 24);
	assert_int_equal(l.encap_change_type_offset, 44);
	assert_int_equal(l.encap_change_size, 52);
}

/* CAT: two addresses, then family and reserved; no holes, no 64-bit
 * fields, so 32-bit compat userland shares the layout. */
static void test_cat_layout(void **state)
{
	struct xfrm_layout l;

	(void)state;
	xfrm_layout_last(&l);
	assert_int_equal(l.cat_family_offset, 32);
	assert_int_equal(l.cat_size, 36);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders_agree),
		cmocka_unit_test(test_numbering),
		cmocka_unit_test(test_unknown_spi_layout),
		cmocka_unit_test(test_issue5_layouts),
		cmocka_unit_test(test_cat_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
