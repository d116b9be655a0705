/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Status lines in Libreswan 4.10's shapes, as pure formatters (fed with
 * structs, no kernel or table access) so unit tests can pin each shape:
 *
 *   "name": 192.0.1.0/24===192.1.2.45[@west]...192.1.2.23[@east]===192.0.2.0/24; erouted; eroute owner: #2
 *   #2: "name", type=ESP, add_time=1234567890, inBytes=84, outBytes=84, maxBytes=2^63B, id='@east'
 *   #1: "name":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); newest; idle;
 *   #2: "name":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); newest; eroute owner; IKE SA #1; idle;
 *   #2: "name" esp.a1b2c3d4@192.1.2.23 esp.5e6f7a8b@192.1.2.45 tun.0@192.1.2.23 tun.0@192.1.2.45 Traffic: ESPin=84B ESPout=84B ESPmax=2^63B
 */
#ifndef PLUTO_CONNECTION_STATUS_H
#define PLUTO_CONNECTION_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "connections.h"
#include "state.h"

#define STATUS_LINE_MAX 1024

/* The "this...that" picture of a connection, this host's end first. */
size_t status_conn_path(const struct connection *c, char *buf, size_t cap);
/* Every `ipsec status` line of C, one per call of EMIT. */
typedef void status_emit_fn(void *arg, const char *line);
void status_conn_lines(const struct connection *c, status_emit_fn *emit, void *arg);

/* Byte counts as Libreswan prints them: 84B, 8KB, 12MB ... */
const char *status_humber(uint64_t n, char buf[32]);
/* maxBytes=/ESPmax=: the SA's ipsec-max-bytes= in binary units (1MiB),
 * or Libreswan's default 2^63B when it has none (HARD_BYTES 0). */
const char *status_max_bytes(uint64_t hard_bytes, char buf[32]);

/* One trafficstatus line; HAVE_COUNTS false prints zeros (the kernel
 * could not be asked). */
void status_traffic_line(const struct child_sa *child, uint64_t in, uint64_t out,
			 char *buf, size_t cap);
/* showstates: one line for an IKE SA, two for a Child SA. */
void status_ike_line(const struct ike_sa *ike, const char *state_name, const char *story,
		     char *buf, size_t cap);
void status_child_lines(const struct child_sa *child, const char *state_name, const char *story,
			uint64_t in, uint64_t out, char *line1, char *line2, size_t cap);

#endif
