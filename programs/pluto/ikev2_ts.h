/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Traffic selectors: between the wire form (RFC 7296 3.13.1, address and
 * port ranges) and ip_selector (a subnet, a protocol and one port or
 * all), and the narrowing rules of RFC 7296 2.9.  Pure functions: no
 * state, no crypto, unit-tested on their own.
 */
#ifndef PLUTO_IKEV2_TS_H
#define PLUTO_IKEV2_TS_H

#include <stdbool.h>

#include "diag.h"
#include "ip_address.h"
#include "ikev2_payloads.h"

/* Our selector as a TS. */
void ts_from_selector(const struct ip_selector *sel, struct ikev2_ts *ts);
/* A TS we can express as a selector: the address range is one subnet
 * and the ports are all (0-65535) or one.  False with D otherwise. */
bool ts_to_selector(const struct ikev2_ts *ts, struct ip_selector *sel, struct diag *d);

/*
 * Responder (RFC 7296 2.9): pick what to answer for one side.  PROPOSED
 * is the peer's TS list for that side, CONFIGURED our selector for it.
 * A proposed TS inside CONFIGURED is accepted as it is; with NARROWING
 * a proposed TS that contains CONFIGURED is narrowed to CONFIGURED.
 * Of the acceptable ones the first wins unless a later one contains it
 * (the packet that triggered an on-demand SA comes first, the policy
 * that holds it next: the answer is the policy).  False (answer
 * TS_UNACCEPTABLE) when none fits; D says why.
 */
bool ts_narrow_responder(const struct ikev2_ts_payload *proposed,
			 const struct ip_selector *configured, bool narrowing,
			 struct ip_selector *result, struct diag *d);

/*
 * Initiator: the responder's answer for one side.  ANSWER must hold
 * exactly one TS inside what we OFFERED; a narrower one only with
 * NARROWING.
 */
bool ts_check_answer(const struct ikev2_ts_payload *answer, const struct ip_selector *offered,
		     bool narrowing, struct ip_selector *result, struct diag *d);

#endif
