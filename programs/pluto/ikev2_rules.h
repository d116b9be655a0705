/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which payloads each exchange's request and response carry (RFC 7296
 * 1.2-1.5), as data: one row per payload type with a minimum, a maximum
 * and whether it travels inside SK.  One checker reads them.
 */
#ifndef XSWAN_IKEV2_RULES_H
#define XSWAN_IKEV2_RULES_H

#include "ikev2_msg.h"

#define IKEV2_ANY 255	/* no maximum beyond IKEV2_MAX_PAYLOADS */

struct ikev2_payload_rule {
	uint8_t type;
	uint8_t min, max;
	bool encrypted;		/* inside SK/SKF (every payload of the exchange is, or none) */
};

/* CREATE_CHILD_SA carries three different things (1.3). */
enum ikev2_ccsa_kind {
	IKEV2_CCSA_NEW_CHILD,
	IKEV2_CCSA_REKEY_CHILD,	/* N(REKEY_SA) with TSi/TSr */
	IKEV2_CCSA_REKEY_IKE,	/* no TSi/TSr */
};

struct ikev2_rule_set {
	const char *name;	/* "IKE_AUTH request" */
	uint8_t exchange;
	bool response;
	const struct ikev2_payload_rule *rules;
	size_t nrules;
	/* A response carrying an error notify (or COOKIE, for IKE_SA_INIT)
	 * needs none of the minimums: the exchange failed or is retried. */
	bool notify_suffices;
	/* Payload types (bit = type - 32) that come all together or not at
	 * all: SA, TSi, TSr in IKE_AUTH (a childless IKE SA, RFC 6023). */
	uint32_t together;
};

/* The rules for M (by exchange, direction and, for CREATE_CHILD_SA, what
 * the message does); NULL for an exchange without rules here. */
const struct ikev2_rule_set *ikev2_rules_for(const struct ikev2_msg *m);
enum ikev2_ccsa_kind ikev2_ccsa_kind(const struct ikev2_msg *m);

/* Before decryption: the plaintext part of M obeys RS (SK present where
 * needed, nothing else in the clear).  After ikev2_msg_decode_inner (or
 * for IKE_SA_INIT): the whole message obeys RS. */
bool ikev2_check_plaintext_rules(const struct ikev2_msg *m, const struct ikev2_rule_set *rs,
				 struct diag *d);
bool ikev2_check_payload_rules(const struct ikev2_msg *m, const struct ikev2_rule_set *rs,
			       struct diag *d);

#endif
