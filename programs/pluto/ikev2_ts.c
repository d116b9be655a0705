/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Traffic selectors and narrowing (see ikev2_ts.h).
 */
#include <string.h>
#include <sys/socket.h>

#include "ikev2_build.h"
#include "ikev2_ts.h"

void ts_from_selector(const struct ip_selector *sel, struct ikev2_ts *ts)
{
	struct ip_address first = ip_subnet_first(&sel->subnet);
	struct ip_address last = ip_subnet_last(&sel->subnet);
	uint16_t lo = sel->port, hi = sel->port != 0 ? sel->port : 0xffff;

	if (sel->subnet.addr.family == AF_INET6)
		ikev2_ts_set_v6(ts, sel->ipproto, lo, hi, first.bytes, last.bytes);
	else
		ikev2_ts_set_v4(ts, sel->ipproto, lo, hi, first.bytes, last.bytes);
}

bool ts_to_selector(const struct ikev2_ts *ts, struct ip_selector *sel, struct diag *d)
{
	int family;
	size_t alen;

	switch (ts->type) {
	case IKEV2_TS_IPV4_ADDR_RANGE:
		family = AF_INET;
		alen = 4;
		break;
	case IKEV2_TS_IPV6_ADDR_RANGE:
		family = AF_INET6;
		alen = 16;
		break;
	default:
		return diag(d, "traffic selector type %u is not supported", ts->type);
	}
	if (memcmp(ts->start, ts->end, alen) > 0)
		return diag(d, "traffic selector address range ends before it starts");
	/* The range must be one subnet: start has zero host bits, end all
	 * ones, for some prefix length. */
	unsigned prefix = 0;
	while (prefix < alen * 8) {
		unsigned byte = prefix / 8, bit = 7 - prefix % 8;
		if (((ts->start[byte] >> bit) & 1) != ((ts->end[byte] >> bit) & 1))
			break;
		prefix++;
	}
	for (unsigned i = prefix; i < alen * 8; i++) {
		unsigned byte = i / 8, bit = 7 - i % 8;
		if (((ts->start[byte] >> bit) & 1) != 0 || ((ts->end[byte] >> bit) & 1) != 1)
			return diag(d, "traffic selector address range is not a subnet");
	}
	memset(sel, 0, sizeof(*sel));
	sel->subnet.addr.family = (uint8_t)family;
	memcpy(sel->subnet.addr.bytes, ts->start, alen);
	sel->subnet.prefix_len = (uint8_t)prefix;
	sel->ipproto = ts->ipproto;
	if (ts->start_port == 0 && ts->end_port == 0xffff)
		sel->port = 0;
	else if (ts->start_port == ts->end_port && ts->start_port != 0)
		sel->port = ts->start_port;
	else if (ts->start_port > ts->end_port)
		return diag(d, "traffic selector port range %u-%u ends before it starts",
			    ts->start_port, ts->end_port);
	else
		return diag(d, "traffic selector port range %u-%u is neither one port nor all",
			    ts->start_port, ts->end_port);
	return true;
}

bool ts_narrow_responder(const struct ikev2_ts_payload *proposed,
			 const struct ip_selector *configured, bool narrowing,
			 struct ip_selector *result, struct diag *d)
{
	char want[IP_FMT_BUF];
	struct ip_selector best = { 0 };
	bool found = false;

	for (unsigned i = 0; i < proposed->n_ts && i < IKEV2_MAX_TS; i++) {
		struct ip_selector sel, fit;
		struct diag ignore;
		if (!ts_to_selector(&proposed->ts[i], &sel, &ignore))
			continue;
		if (sel.subnet.addr.family != configured->subnet.addr.family)
			continue;
		if (ip_selector_contains(configured, &sel))
			fit = sel;
		else if (narrowing && ip_selector_contains(&sel, configured))
			fit = *configured;
		else
			continue;
		/* An on-demand initiator's first TS is the packet that
		 * triggered it (a /32 with its protocol); its next ones
		 * are its policy.  Answering with the packet alone would
		 * leave every other flow (the ping's reply) without an SA:
		 * a later fit that contains the earlier one wins, as the
		 * stock peers answer. */
		if (!found || (ip_selector_contains(&fit, &best) && !ip_selector_eq(&fit, &best))) {
			best = fit;
			found = true;
		}
	}
	if (found) {
		*result = best;
		return true;
	}
	return diag(d, "no proposed traffic selector fits %s%s", ip_selector_fmt(configured, want),
		    narrowing ? "" : " (narrowing=no)");
}

bool ts_check_answer(const struct ikev2_ts_payload *answer, const struct ip_selector *offered,
		     bool narrowing, struct ip_selector *result, struct diag *d)
{
	char got[IP_FMT_BUF], want[IP_FMT_BUF];
	struct ip_selector sel;

	if (answer->n_ts != 1)
		return diag(d, "the responder returned %u traffic selectors; one expected",
			    answer->n_ts);
	if (!ts_to_selector(&answer->ts[0], &sel, d))
		return false;
	if (ip_selector_eq(&sel, offered)) {
		*result = sel;
		return true;
	}
	if (!ip_selector_contains(offered, &sel))
		return diag(d, "the responder's traffic selector %s is not within our %s",
			    ip_selector_fmt(&sel, got), ip_selector_fmt(offered, want));
	if (!narrowing)
		return diag(d, "the responder narrowed %s to %s but narrowing=no",
			    ip_selector_fmt(offered, want), ip_selector_fmt(&sel, got));
	*result = sel;
	return true;
}
