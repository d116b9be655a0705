/* SPDX-License-Identifier: GPL-2.0-or-later */
/* include/linux/xfrm.h included after glibc's <netinet/in.h>. */
#include <netinet/in.h>
#include <linux/xfrm.h>

#define XFRM_LAYOUT_FN xfrm_layout_last
#include "xfrm_header_body.h"
