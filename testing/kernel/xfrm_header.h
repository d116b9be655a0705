/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the xfrm.h compile test records about the header in each of the
 * two translation units (xfrm_header_first.c includes include/linux/xfrm.h
 * before glibc's <netinet/in.h>, xfrm_header_last.c after it).
 */
#ifndef XSWAN_XFRM_HEADER_H
#define XSWAN_XFRM_HEADER_H

#include <stddef.h>

struct xfrm_layout {
	size_t address_size;		/* xfrm_address_t */
	size_t in6_size;		/* struct in6_addr as the TU sees it */
	size_t usersa_info_size;
	size_t unknown_spi_size;
	size_t unknown_spi_spi_offset;
	size_t unknown_spi_encap_offset;
	int sa_dir_attr;
	int sa_dir_in, sa_dir_out;
	int unknown_spi_msg;
	int unknown_spi_group;
	int pfp_attr;
	int larval_xflag;		/* XFRM_SA_XFLAG_LARVAL */
	int policy_name_attr;
	int policy_name_max;
	int peer_name_attr;
	int peer_name_max;
	int cat_attr;
	size_t cat_size;		/* struct xfrm_user_cat */
	size_t cat_family_offset;
	int attr_max;
	/* activate-on-receipt (0004) */
	int activate_attr, activate_msg, activate_group;
	int activate_packet, activate_timeout, activate_request;
	size_t sa_activate_size;
	size_t activate_size, activate_spi_offset, activate_mark_offset;
	size_t activate_family_offset, activate_reason_offset;
	/* dual encapsulation (0005) */
	int any_encap_xflag, encap_change_msg, msg_max, group_max;
	size_t encap_change_size, encap_change_saddr_offset;
	size_t encap_change_type_offset;
	int in6_loopback_last_byte;	/* in6addr_loopback through xfrm_address_t */
};

void xfrm_layout_first(struct xfrm_layout *l);
void xfrm_layout_last(struct xfrm_layout *l);

#endif
