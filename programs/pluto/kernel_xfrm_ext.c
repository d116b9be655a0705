/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interfaces of the project's kernel series (kernel/patches/) that the
 * stock XFRM backend does not have.  For now: the unknown-SPI notification
 * (patch 0002, Documentation/networking/xfrm_unknown_spi.rst): the kernel
 * multicasts XFRM_MSG_UNKNOWN_SPI on XFRMNLGRP_UNKNOWN_SPI (9) when an
 * IPsec packet arrives for an SPI without an SA, rate-limited per (peer,
 * SPI) and per namespace.
 *
 * Probe: the patch documents its sysctl files as the test.  Joining group
 * 9 proves nothing (an XFRM netlink socket has 32 groups on any kernel),
 * and the message is kernel-to-user only (sending it answers EINVAL on
 * both kinds of kernel).  So: the feature is present exactly when
 * /proc/sys/net/core/xfrm_unknown_spi_interval_ms exists.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/udp.h>
#include <linux/xfrm.h>

#include "kernel_xfrm.h"
#include "log.h"

_Static_assert(XSWAN_XFRM_MSG_UNKNOWN_SPI == XFRM_MSG_UNKNOWN_SPI,
	       "kernel_xfrm_uapi.h and include/linux/xfrm.h disagree on XFRM_MSG_UNKNOWN_SPI");

#ifndef TCP_ENCAP_ESPINTCP
#define TCP_ENCAP_ESPINTCP 7	/* <linux/tcp.h>, Linux 5.6 */
#endif

void xfrm_probe_unknown_spi(const char *path, struct kernel_feature *f)
{
	char text[32] = "";
	FILE *fp = fopen(path, "re");

	if (fp == NULL) {
		f->present = false;
		snprintf(f->reason, sizeof(f->reason),
			 "no %s (%s): a kernel without the unknown-SPI notification", path,
			 strerror(errno));
		return;
	}
	/* The value only decorates the reason; a file we cannot read
	 * still says the kernel has the feature. */
	if (fgets(text, sizeof(text), fp) == NULL)
		text[0] = '\0';
	fclose(fp);
	text[strcspn(text, "\n")] = '\0';
	for (char *c = text; *c != '\0'; c++) {
		if (*c < '0' || *c > '9')
			*c = '?';
	}
	f->present = true;
	snprintf(f->reason, sizeof(f->reason), "%s exists (%s%s)", path,
		 text[0] != '\0' ? text : "unreadable", text[0] != '\0' ? " ms" : "");
}

bool xfrm_join_unknown_spi(struct kernel *k, struct diag *d)
{
	unsigned g = XFRMNLGRP_UNKNOWN_SPI;

	if (k->ev == NULL)
		return diag(d, "no event socket");
	if (mnl_socket_setsockopt(k->ev, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0)
		return diag(d, "netlink: joining XFRM group %u (unknown SPI): %s", g,
			    strerror(errno));
	return true;
}

static bool encap_from_kernel(uint16_t type, enum kernel_encap_type *out, struct diag *d)
{
	switch (type) {
	case 0:
		*out = KERNEL_ENCAP_NONE;
		return true;
	case UDP_ENCAP_ESPINUDP:
	case UDP_ENCAP_ESPINUDP_NON_IKE:	/* obsolete draft; same port pair */
		*out = KERNEL_ENCAP_ESPINUDP;
		return true;
	case TCP_ENCAP_ESPINTCP:
		*out = KERNEL_ENCAP_ESPINTCP;
		return true;
	}
	return diag(d, "XFRM_MSG_UNKNOWN_SPI: encapsulation %u is unknown", (unsigned)type);
}

bool xfrm_parse_unknown_spi(const struct xfrm_msg *m, struct kernel_unknown_spi *u,
			    struct diag *d)
{
	const struct xfrm_user_unknown_spi *us = m->fixed;

	memset(u, 0, sizeof(*u));
	if (!xfrm_addr_get(&u->src, us->family, &us->saddr, "XFRM_MSG_UNKNOWN_SPI", d) ||
	    !xfrm_addr_get(&u->dst, us->family, &us->daddr, "XFRM_MSG_UNKNOWN_SPI", d))
		return false;
	switch (us->proto) {
	case IPPROTO_ESP:
	case IPPROTO_AH:
	case IPPROTO_COMP:
		break;
	default:
		return diag(d, "XFRM_MSG_UNKNOWN_SPI: protocol %u is not ESP, AH or IPComp",
			    (unsigned)us->proto);
	}
	if (!encap_from_kernel(us->encap_type, &u->encap, d))
		return false;
	u->proto = us->proto;
	u->spi = ntohl(us->spi);
	u->seq = ntohl(us->seq);
	u->ifindex = us->ifindex;
	if (u->encap != KERNEL_ENCAP_NONE) {
		u->encap_sport = ntohs(us->encap_sport);
		u->encap_dport = ntohs(us->encap_dport);
	}
	return true;
}
