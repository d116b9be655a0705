/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer: an SA payload body from the network, through decoding,
 * proposal choice (IKE and ESP), the initiator's answer check, the text
 * form, and re-encoding (what decodes must encode and decode the same).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prf.h"
#include "proposal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proposals remote, again, ike, esp;
	struct proposal chosen, accepted;
	struct ike_suite suite;
	struct diag d;
	char text[48];

	if (!sa_payload_parse(BYTES(data, size), &remote, &d))
		return 0;
	proposals_default(PROPOSAL_IKE, &ike);
	proposals_default(PROPOSAL_ESP, &esp);
	proposals_set_esn(&esp, ESN_POLICY_EITHER);
	if (proposals_choose(&ike, &remote, SA_PROTO_IKE, 0, &chosen, &d) &&
	    !proposal_to_suite(&chosen, &suite, &d))
		abort();	/* a choice from our own table always has a suite */
	if (proposals_choose(&esp, &remote, SA_PROTO_ESP, 4, &chosen, &d) &&
	    !proposal_to_suite(&chosen, &suite, &d))
		abort();
	if (proposals_check_answer(&ike, &remote, SA_PROTO_IKE, 0, &accepted, &d))
		(void)proposal_to_suite(&accepted, &suite, &d);
	for (size_t i = 0; i < remote.count; i++)
		proposal_str(&remote.p[i], text, sizeof(text));

	uint8_t wire[65536];
	struct buf b = BUF(wire, sizeof(wire));
	if (!sa_payload_emit(&remote, false, &b, &d))
		return 0;
	if (!sa_payload_parse(buf_bytes(&b), &again, &d) || again.count != remote.count)
		abort();
	return 0;
}
