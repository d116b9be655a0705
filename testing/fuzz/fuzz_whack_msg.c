/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the control socket's decoders.  The input is read
 * as a request (what pluto decodes from a whack) and as a stream of
 * reply frames (what whack decodes from pluto).  A request that decodes
 * must re-encode to the same bytes; a frame that decodes must never
 * claim more bytes than it was given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "whack_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_request(const uint8_t *data, size_t size)
{
	struct whack_request req;
	struct diag d;

	if (!whack_request_decode(BYTES(data, size), &req, &d))
		return;
	uint8_t again[WHACK_REQUEST_MAX];
	struct buf b = BUF(again, sizeof(again));
	if (!whack_request_encode(&req, &b, &d) || b.len != size ||
	    memcmp(again, data, size) != 0)
		abort();	/* decode accepted what encode cannot produce */
}

static void check_frames(const uint8_t *data, size_t size)
{
	size_t off = 0;

	while (off < size) {
		struct whack_frame f;
		struct diag d;
		size_t used;

		enum whack_frame_result r = whack_frame_decode(BYTES(data + off, size - off),
							       &f, &used, &d);
		if (r != WHACK_FRAME_OK)
			return;
		if (used == 0 || used > size - off)
			abort();
		if (f.type == WHACK_FRAME_LINE) {
			for (size_t i = 0; i < f.line.len; i++)
				if (!whack_line_byte_ok(f.line.ptr[i]))
					abort();
		}
		off += used;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_request(data, size);
	check_frames(data, size);
	return 0;
}
