/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Activate-on-receipt (the xswan kernel series, patch 0004;
 * Documentation/networking/xfrm_activate.rst there).
 *
 * In a Child SA rekey the responder installs its new inbound SA before it
 * answers, but cannot know when the initiator has installed its own new
 * inbound SA.  Without help from the kernel it keeps sending on the old
 * SA until the initiator's Delete arrives (a round trip late).  With
 * 0004 it installs the new outbound SA at once "on standby", paired with
 * its new inbound SA: the kernel switches outbound traffic to it at the
 * first packet that authenticates on that inbound SA - proof that the
 * peer has the new pair - and says so with XFRM_MSG_ACTIVATESA on
 * XFRMNLGRP_ACTIVATE.
 *
 * The probe: an unknown attribute is silently ignored by older kernels,
 * so XFRMA_SA_ACTIVATE cannot be probed; XFRM_MSG_ACTIVATESA for an SA
 * that does not exist answers ESRCH with 0004 and EINVAL (message type
 * beyond XFRM_MSG_MAX) without.  Neither changes anything.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <linux/xfrm.h>

#include "kernel_xfrm.h"
#include "log.h"

/* The SPI of the probe's SA that does not exist (loopback, ESP). */
#define AOR_PROBE_SPI 0x00000100u

static void feature(struct kernel_feature *f, bool present, const char *what, const char *why)
{
	f->present = present;
	snprintf(f->reason, sizeof(f->reason), "%.60s%s%.90s", what, why[0] != '\0' ? ": " : "", why);
}

void xfrm_aor_probe(struct kernel *k, struct kernel_feature *f)
{
	struct xfrm_req r;
	struct xfrm_user_activate *ua;
	struct xfrm_ack ack;
	struct diag d;
	char why[200];

	ua = xfrm_req_start(&r, XSWAN_XFRM_MSG_ACTIVATESA, NLM_F_REQUEST | NLM_F_ACK,
			    sizeof(*ua));
	ua->daddr.a4 = htonl(INADDR_LOOPBACK);
	ua->spi = htonl(AOR_PROBE_SPI);
	ua->family = AF_INET;
	ua->proto = IPPROTO_ESP;

	if (xfrm_request(k, &r, NULL, NULL, &ack, &d)) {
		/* Nothing was on standby there, so nothing was activated. */
		feature(f, false, "XFRM_MSG_ACTIVATESA for no SA succeeded", "inconclusive");
	} else if (ack.error == ESRCH) {
		feature(f, true, "XFRM_MSG_ACTIVATESA answered ESRCH for no SA", "");
	} else if (ack.error == EINVAL) {
		feature(f, false, "XFRM_MSG_ACTIVATESA is unknown (EINVAL)", "");
	} else {
		snprintf(why, sizeof(why), "%.150s", ack.error != 0 ? strerror(ack.error) : d.msg);
		feature(f, false, "XFRM_MSG_ACTIVATESA probe failed", why);
	}
	if (f->present) {
		unsigned g = XSWAN_XFRMNLGRP_ACTIVATE;

		if (mnl_socket_setsockopt(k->ev, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0) {
			snprintf(why, sizeof(why), "joining XFRMNLGRP_ACTIVATE: %s", strerror(errno));
			feature(f, false, "XFRM_MSG_ACTIVATESA answered ESRCH", why);
		}
	}
	if (f->present)
		llog("activate-on-receipt: supported by the kernel (%s); the Child SA rekey "
		     "responder's new outbound SA waits on standby", f->reason);
	else
		llog("activate-on-receipt: not supported by the kernel (%s), using a deferred "
		     "outbound SA and a grace period for the old inbound SA", f->reason);
}

bool xfrm_aor_put_standby(struct xfrm_req *r, const struct kernel_sa *sa, bool kernel_has_it,
			  struct diag *d)
{
	struct xfrm_user_sa_activate a;

	if (!sa->activate.standby)
		return true;
	if (!kernel_has_it)
		return diag(d, "a standby SA needs activate-on-receipt, which the kernel lacks");
	if (sa->dir == KERNEL_SA_DIR_IN)
		return diag(d, "only an outbound SA can be on standby");
	if (sa->activate.in_spi == 0)
		return diag(d, "a standby SA needs its paired inbound SPI");
	if (sa->activate.timeout_ms == 0 || sa->activate.timeout_ms > KERNEL_STANDBY_TIMEOUT_MAX_MS)
		return diag(d, "standby timeout %u ms is not in 1..%u", sa->activate.timeout_ms,
			    KERNEL_STANDBY_TIMEOUT_MAX_MS);
	memset(&a, 0, sizeof(a));
	a.in_spi = htonl(sa->activate.in_spi);
	a.in_mark = sa->activate.in_mark.value;
	a.timeout_ms = sa->activate.timeout_ms;
	xfrm_req_put(r, XSWAN_XFRMA_SA_ACTIVATE, sizeof(a), &a);
	if (r->overflow)
		return diag(d, "SA request does not fit in %d bytes", XFRM_REQ_SIZE);
	return true;
}

bool xfrm_aor_parse(const struct xfrm_msg *m, struct kernel_activated *a, struct diag *d)
{
	const struct xfrm_user_activate *ua = m->fixed;

	memset(a, 0, sizeof(*a));
	if (!xfrm_family_ok(ua->family))
		return diag(d, "XFRM_MSG_ACTIVATESA: address family %u", (unsigned)ua->family);
	if (ua->proto != IPPROTO_ESP && ua->proto != IPPROTO_AH)
		return diag(d, "XFRM_MSG_ACTIVATESA: protocol %u", (unsigned)ua->proto);
	switch (ua->reason) {
	case XFRM_ACTIVATE_PACKET:
		a->reason = KERNEL_ACTIVATE_PACKET;
		break;
	case XFRM_ACTIVATE_TIMEOUT:
		a->reason = KERNEL_ACTIVATE_TIMEOUT;
		break;
	case XFRM_ACTIVATE_REQUEST:
		a->reason = KERNEL_ACTIVATE_REQUEST;
		break;
	default:
		return diag(d, "XFRM_MSG_ACTIVATESA: reason %u", (unsigned)ua->reason);
	}
	if (ua->spi == 0)
		return diag(d, "XFRM_MSG_ACTIVATESA: SPI 0");
	if (!xfrm_addr_get(&a->dst, ua->family, &ua->daddr, "activated SA destination", d) ||
	    !xfrm_addr_get(&a->src, ua->family, &ua->saddr, "activated SA source", d))
		return false;
	a->spi = ntohl(ua->spi);
	a->in_spi = ntohl(ua->in_spi);
	a->old_spi = ntohl(ua->old_spi);
	a->retired = ua->retired;
	a->reqid = ua->reqid;
	a->proto = ua->proto;
	return true;
}

bool xfrm_aor_event(const struct kernel_event_handlers *h, const struct nlmsghdr *nlh,
		    size_t len, struct diag *d)
{
	struct xfrm_msg m;
	struct kernel_activated a;

	if (!xfrm_parse_msg(nlh, len, &m, d) || !xfrm_aor_parse(&m, &a, d))
		return false;
	ldbg(DBG_KERNEL, "kernel: ACTIVATESA SPI 0x%08x (inbound 0x%08x) retired %u, newest 0x%08x, "
	     "reason %d", a.spi, a.in_spi, a.retired, a.old_spi, (int)a.reason);
	if (h->activated != NULL)
		h->activated(h->ctx, &a);
	return true;
}
