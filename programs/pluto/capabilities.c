/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <cap-ng.h>
#include <linux/capability.h>

#include "capabilities.h"
#include "log.h"

static const int kept[] = { CAP_NET_ADMIN, CAP_NET_BIND_SERVICE };

bool capabilities_drop(struct diag *d)
{
	if (capng_get_caps_process() < 0)
		return diag(d, "cannot read this process's capabilities");
	if (capng_have_capabilities(CAPNG_SELECT_CAPS) == CAPNG_NONE) {
		ldbg(DBG_BASE, "no capabilities to drop");
		return true;
	}
	capng_clear(CAPNG_SELECT_BOTH);
	for (unsigned i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		/* Effective and permitted for pluto; bounding limits what an
		 * exec'd updown (uid 0) gets back. */
		if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED |
				 CAPNG_BOUNDING_SET, kept[i]) < 0)
			return diag(d, "cannot keep capability %d", kept[i]);
	}
	int r = capng_apply(CAPNG_SELECT_BOTH);
	if (r < 0)
		return diag(d, "cannot drop capabilities (capng_apply %d)", r);
	llog("dropped capabilities; keeping CAP_NET_ADMIN and CAP_NET_BIND_SERVICE");
	return true;
}
