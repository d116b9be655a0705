/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the CREATE_CHILD_SA tests (test_ikev2_rekey.c) and the lifetime
 * and expiry tests (test_ikev2_lifetimes.c) both check on the two ends of
 * the exchange harness: one tunnel up, old and new SA pairs, replacement.
 * cmocka assertions: call from a test only.
 */
#ifndef REKEY_HARNESS_H
#define REKEY_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "exchange_harness.h"

struct old_pair {
	so_serial_t w_serial, e_serial;
	uint32_t w_in, e_in;
};

struct ike_pair {
	so_serial_t w, e;
	uint8_t spi_i[8], spi_r[8];
	so_serial_t w_child, e_child;
	uint32_t w_child_in;
};

/* cmocka fixtures: both ends fresh, then gone. */
int rekey_setup(void **state);
int rekey_teardown(void **state);
/* West initiates; IKE_SA_INIT and IKE_AUTH both ways. */
void up(void);
unsigned child_count(struct ike_sa *ike);
/* One IKE SA and one established Child SA per end, two SAs and three
 * policies in each kernel, nothing larval; west's Child SA. */
struct child_sa *assert_one_tunnel(void);
/* The kernel holds an SA with this SPI (in either direction). */
bool kernel_has_spi(const struct kernel *k, uint32_t spi);
struct old_pair remember(void);
/* A new pair replaced OLD on both ends, the old SPIs left both kernels. */
void assert_replaced(const struct old_pair *old);
/* S asks to rekey its Child SA (nothing delivered yet). */
void rekey_child_of(struct side *s);
struct ike_pair remember_ike(void);
/* New IKE SA on both ends with new SPIs; the same Child SA lives on,
 * and a Child rekey over the new IKE SA works. */
void assert_ike_replaced(const struct ike_pair *old);

#endif
