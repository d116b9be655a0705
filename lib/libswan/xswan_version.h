/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The version every program prints; the build may override it with -D. */
#ifndef XSWAN_VERSION_H
#define XSWAN_VERSION_H

#ifndef XSWAN_VERSION
#define XSWAN_VERSION "0.1-dev"
#endif

#endif
