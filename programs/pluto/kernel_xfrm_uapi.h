/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XFRM uAPI constants newer than Debian's <linux/xfrm.h> (6.1).
 *
 * The kernel header declares attributes as enum members, not macros, so
 * `#ifdef XFRMA_SA_DIR` cannot tell whether the header has them.  We use
 * our own XSWAN_ names with the upstream numbers instead; that compiles
 * against Debian's header and against the project's include/linux/xfrm.h
 * (which adds the same numbers as enum members) alike.
 */
#ifndef XSWAN_KERNEL_XFRM_UAPI_H
#define XSWAN_KERNEL_XFRM_UAPI_H

#include <linux/xfrm.h>

/* Upstream (Linux 6.10+): SA direction. */
#define XSWAN_XFRMA_SA_DIR		33	/* u8 */
#define XSWAN_XFRM_SA_DIR_IN		1
#define XSWAN_XFRM_SA_DIR_OUT		2

/*
 * The project's own kernel series (shared/design/KERNEL.md numbering:
 * attributes >= 42, messages >= 0x2a).  PLACEHOLDERS: the kernel patches
 * that define these are not written yet; when include/linux/xfrm.h gains
 * them, replace these numbers with the header's and check the probes in
 * kernel_xfrm_probe.c against the probe each patch documents.
 */
#define XSWAN_XFRM_MSG_UNKNOWN_SPI	0x2a	/* patch 0002; include/linux/xfrm.h agrees */
#define XSWAN_XFRMA_POLICY_PFP		42	/* placeholder, u8 mask */
/* Activate-on-receipt, patch 0004 (include/linux/xfrm.h has the same
 * numbers and the structs xfrm_user_sa_activate, xfrm_user_activate). */
#define XSWAN_XFRMA_SA_ACTIVATE		43	/* struct xfrm_user_sa_activate */
#define XSWAN_XFRM_MSG_ACTIVATESA	0x2b	/* struct xfrm_user_activate */
#define XSWAN_XFRMNLGRP_ACTIVATE	10

/* The highest attribute number our validation tables know. */
#define XSWAN_XFRMA_MAX			43

#endif
