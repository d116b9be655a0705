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
	l->larval_xflag = XFRM_SA_XFLAG_LARVAL;
	l->policy_name_attr = XFRMA_POLICY_NAME;
	l->policy_name_max = XFRM_POLICY_NAME_MAX;
	l->peer_name_attr = XFRMA_ACQ_PEER_NAME;
	l->peer_name_max = XFRM_PEER_NAME_MAX;
	l->cat_attr = XFRMA_SA_CAT;
	l->cat_size = sizeof(struct xfrm_user_cat);
	l->cat_family_offset = offsetof(struct xfrm_user_cat, family);
	l->attr_max = XFRMA_MAX;
	l->activate_attr = XFRMA_SA_ACTIVATE;
	l->activate_msg = XFRM_MSG_ACTIVATESA;
	l->activate_group = XFRMNLGRP_ACTIVATE;
	l->activate_packet = XFRM_ACTIVATE_PACKET;
	l->activate_timeout = XFRM_ACTIVATE_TIMEOUT;
	l->activate_request = XFRM_ACTIVATE_REQUEST;
	l->sa_activate_size = sizeof(struct xfrm_user_sa_activate);
	l->activate_size = sizeof(struct xfrm_user_activate);
	l->activate_spi_offset = offsetof(struct xfrm_user_activate, spi);
	l->activate_mark_offset = offsetof(struct xfrm_user_activate, mark);
	l->activate_family_offset = offsetof(struct xfrm_user_activate, family);
	l->activate_reason_offset = offsetof(struct xfrm_user_activate, reason);
	l->any_encap_xflag = XFRM_SA_XFLAG_ANY_ENCAP;
	l->encap_change_msg = XFRM_MSG_ENCAP_CHANGE;
	l->msg_max = XFRM_MSG_MAX;
	l->group_max = XFRMNLGRP_MAX;
	l->encap_change_size = sizeof(struct xfrm_user_encap_change);
	l->encap_change_saddr_offset = offsetof(struct xfrm_user_encap_change, saddr);
	l->encap_change_type_offset = offsetof(struct xfrm_user_encap_change, encap_type);
	/* glibc's in6addr_loopback is assignable to the header's in6 member
	 * only if both name the same struct in6_addr. */
	a.in6 = in6addr_loopback;
	l->in6_loopback_last_byte = ((const unsigned char *)&a)[15];
}
