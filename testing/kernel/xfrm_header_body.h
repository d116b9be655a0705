/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The body both include-order units compile (xfrm_header_first.c and
 * xfrm_header_last.c): they differ only in whether include/linux/xfrm.h
 * comes before or after glibc's <netinet/in.h>, and name the function
 * through XFRM_LAYOUT_FN.  Not a header to include anywhere else.
 */
#include <string.h>

#include "xfrm_header.h"

/* The project's copy, not /usr/include/linux/xfrm.h, must be in use. */
#ifndef XFRM_MSG_UNKNOWN_SPI
#error "include/linux/xfrm.h (the series' uAPI) is not first on the include path"
#endif

void XFRM_LAYOUT_FN(struct xfrm_layout *l)
{
	xfrm_address_t a;

	memset(l, 0, sizeof(*l));
	l->address_size = sizeof(xfrm_address_t);
	l->in6_size = sizeof(struct in6_addr);
	l->usersa_info_size = sizeof(struct xfrm_usersa_info);
	l->unknown_spi_size = sizeof(struct xfrm_user_unknown_spi);
	l->unknown_spi_spi_offset = offsetof(struct xfrm_user_unknown_spi, spi);
	l->unknown_spi_encap_offset = offsetof(struct xfrm_user_unknown_spi, encap_type);
	l->sa_dir_attr = XFRMA_SA_DIR;
	l->sa_dir_in = XFRM_SA_DIR_IN;
	l->sa_dir_out = XFRM_SA_DIR_OUT;
	l->unknown_spi_msg = XFRM_MSG_UNKNOWN_SPI;
	l->unknown_spi_group = XFRMNLGRP_UNKNOWN_SPI;
	l->pfp_attr = XFRMA_POLICY_PFP;
	l->cat_attr = XFRMA_SA_CAT;
	l->cat_size = sizeof(struct xfrm_user_cat);
	l->cat_family_offset = offsetof(struct xfrm_user_cat, family);
	l->attr_max = XFRMA_MAX;
	/* glibc's in6addr_loopback is assignable to the header's in6 member
	 * only if both name the same struct in6_addr. */
	a.in6 = in6addr_loopback;
	l->in6_loopback_last_byte = ((const unsigned char *)&a)[15];
}
