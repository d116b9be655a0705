/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer: ike= / esp= strings from ipsec.conf (or whack) through the
 * parser; whatever parses must print, encode and choose itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proposal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proposals ps, parsed;
	char text[512];
	struct diag d;
	struct proposal chosen;

	if (size == 0 || size >= sizeof(text))
		return 0;
	enum proposal_kind kind = (data[0] & 1) ? PROPOSAL_ESP : PROPOSAL_IKE;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (!proposals_parse(kind, text, &ps, &d)) {
		if (d.msg[0] == '\0')
			abort();	/* every refusal says why */
		return 0;
	}
	for (size_t i = 0; i < ps.count; i++)
		proposal_str(&ps.p[i], text, sizeof(text));
	if (kind == PROPOSAL_ESP) {
		proposals_set_esn(&ps, ESN_POLICY_EITHER);
		proposals_set_spi(&ps, (const uint8_t *)"\1\2\3\4", 4);
	}
	uint8_t wire[8192];
	struct buf b = BUF(wire, sizeof(wire));
	if (!sa_payload_emit(&ps, true, &b, &d) || !sa_payload_parse(buf_bytes(&b), &parsed, &d))
		abort();
	enum sa_protocol proto = kind == PROPOSAL_IKE ? SA_PROTO_IKE : SA_PROTO_ESP;
	/* our own offer, sent and decoded, is acceptable to us */
	if (!proposals_choose(&ps, &parsed, proto, kind == PROPOSAL_IKE ? 0 : 4, &chosen, &d))
		abort();
	return 0;
}
