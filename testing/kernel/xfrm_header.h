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
	int cat_attr;
	size_t cat_size;		/* struct xfrm_user_cat */
	size_t cat_family_offset;
	int attr_max;
	int in6_loopback_last_byte;	/* in6addr_loopback through xfrm_address_t */
};

void xfrm_layout_first(struct xfrm_layout *l);
void xfrm_layout_last(struct xfrm_layout *l);

#endif
