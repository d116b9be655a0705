/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Feature probes.  Each asks the running kernel a question whose answer
 * differs between a kernel that has the feature and one that does not,
 * and that changes nothing in either.
 *
 * Attributes.  The kernel parses a request's attributes against its
 * policy table before the handler runs, and ignores attribute numbers
 * beyond its table (XFRMA_MAX is 32 on 6.1).  So we send ALLOCSPI with
 * an empty SPI range (min > max) plus the attribute under test carrying a
 * value its policy must reject:
 *  - a kernel that knows the attribute rejects it while parsing, and its
 *    extended ACK points (NLMSGERR_ATTR_OFFS) at our attribute;
 *  - a kernel that does not know it skips it, and the handler refuses the
 *    empty range (EINVAL, no offset).
 * Neither allocates anything.  XFRMA_SA_DIR (6.10) is a u8 in 1..2, so
 * 0xff is rejected ("integer out of range") on kernels that have it.
 *
 * Messages.  A kernel-to-user message cannot be probed by sending it:
 * a kernel that has it refuses it with EINVAL just as an old kernel
 * refuses an unknown type (6.1: xfrm_user_rcv_msg), so such a feature is
 * probed by something else its patch documents.
 *
 * The unknown-SPI notification (patch 0002) is probed the way its patch
 * documents: by its sysctl file (kernel_xfrm_ext.c); activate-on-receipt
 * (patch 0004) by its own request (kernel_xfrm_aor.c).  The PFP probe is
 * a PLACEHOLDER until pluto uses the feature (kernel_xfrm_uapi.h); on the
 * stock kernel it reports "absent" because the kernel really answers as an
 * old kernel does, not because it is written here.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/xfrm.h>

#include "kernel_xfrm.h"
#include "log.h"

struct attr_probe {
	const char *name;
	uint16_t attr;
	uint8_t value[4];
	size_t len;	/* 0: an empty attribute, which any sized policy refuses */
};

static void set_feature(struct kernel_feature *f, bool present, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_feature(struct kernel_feature *f, bool present, const char *fmt, ...)
{
	va_list ap;

	f->present = present;
	va_start(ap, fmt);
	vsnprintf(f->reason, sizeof(f->reason), fmt, ap);
	va_end(ap);
}

static void probe_attribute(struct kernel *k, const struct attr_probe *p,
			    struct kernel_feature *f)
{
	struct xfrm_req r;
	struct xfrm_userspi_info *si;
	struct xfrm_ack ack;
	struct diag d;
	uint32_t attr_off;
	bool ok;

	si = xfrm_req_start(&r, XFRM_MSG_ALLOCSPI, NLM_F_REQUEST | NLM_F_ACK, sizeof(*si));
	si->info.family = AF_INET;
	si->info.id.proto = IPPROTO_ESP;
	si->info.saddr.a4 = si->info.id.daddr.a4 = htonl(INADDR_LOOPBACK);
	si->min = 0x2000;	/* empty range: the handler must refuse it */
	si->max = 0x1000;
	attr_off = r.nlh->nlmsg_len;
	xfrm_req_put(&r, p->attr, p->len, p->value);

	ok = xfrm_request(k, &r, NULL, NULL, &ack, &d);
	if (ok) {
		/* Cannot happen with min > max; if a kernel ever allocates,
		 * we have no SPI to delete (no reply was read), so say so. */
		set_feature(f, false, "inconclusive: the kernel accepted an empty SPI range");
		llog("kernel: probe for %s: ALLOCSPI with an empty range succeeded", p->name);
		return;
	}
	if (ack.error == 0) {
		set_feature(f, false, "probe failed: %s", d.msg);
		return;
	}
	if (ack.have_offset && ack.offset == attr_off) {
		set_feature(f, true, "kernel validates attribute %u (%s%s%s)", (unsigned)p->attr,
			    strerror(ack.error), ack.have_msg ? ": " : "",
			    ack.have_msg ? ack.msg : "");
		return;
	}
	set_feature(f, false, "kernel ignores attribute %u (answered %s%s%s without pointing at it)",
		    (unsigned)p->attr, strerror(ack.error), ack.have_msg ? ": " : "",
		    ack.have_msg ? ack.msg : "");
}

void xfrm_probe_features(struct kernel *k)
{
	static const struct attr_probe sa_dir = {
		"XFRMA_SA_DIR", XSWAN_XFRMA_SA_DIR, { 0xff }, 1,
	};
	static const struct attr_probe pfp = {
		"XFRMA_POLICY_PFP", XSWAN_XFRMA_POLICY_PFP, { 0xff }, 1,
	};
	struct kernel_features *f = &k->features;

	probe_attribute(k, &sa_dir, &f->sa_dir);
	xfrm_probe_unknown_spi(XFRM_UNKNOWN_SPI_SYSCTL, &f->unknown_spi);
	probe_attribute(k, &pfp, &f->pfp);
	/* Its own probe and start-up line (kernel_xfrm_aor.c). */
	xfrm_aor_probe(k, &f->activate_on_receipt);

	llog("kernel: XFRMA_SA_DIR %s: %s", f->sa_dir.present ? "present" : "absent",
	     f->sa_dir.reason);
	llog("kernel: unknown-SPI notification %s: %s",
	     f->unknown_spi.present ? "present" : "absent", f->unknown_spi.reason);
	llog("kernel: populate-from-packet %s: %s", f->pfp.present ? "present" : "absent",
	     f->pfp.reason);
}
