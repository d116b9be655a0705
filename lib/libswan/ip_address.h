/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Addresses, subnets and selectors: the value types every part of xswan
 * passes around (config, IKE traffic selectors, the kernel backend).
 * Plain values, copied freely; family 0 means "unset".
 *
 * Parsing and formatting functions live beside these types (ip_*.c).
 */
#ifndef XSWAN_IP_ADDRESS_H
#define XSWAN_IP_ADDRESS_H

#include <stdbool.h>
#include <stdint.h>

struct ip_address {
	uint8_t family;		/* 0 (unset), AF_INET or AF_INET6 */
	uint8_t bytes[16];	/* network order; IPv4 uses the first 4 */
};

struct ip_subnet {
	struct ip_address addr;	/* host bits are zero */
	uint8_t prefix_len;	/* 0..32 or 0..128 */
};

/* A subnet narrowed by protocol and port, as ipsec.conf's
 * leftsubnet= + leftprotoport= and a kernel selector express it. */
struct ip_selector {
	struct ip_subnet subnet;
	uint8_t ipproto;	/* 0 = any */
	uint16_t port;		/* host order; 0 = any */
};

#endif
