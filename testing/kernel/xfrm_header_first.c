/* SPDX-License-Identifier: GPL-2.0-or-later */
/* include/linux/xfrm.h included before glibc's <netinet/in.h>. */
#include <linux/xfrm.h>
#include <netinet/in.h>

#define XFRM_LAYOUT_FN xfrm_layout_first
#include "xfrm_header_body.h"
