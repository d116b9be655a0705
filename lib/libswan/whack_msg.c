/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The whack wire format (see whack_msg.h).  Both ends use these
 * functions, so a decode never sees a layout the encoder cannot make.
 */
#include <string.h>

#include "whack_msg.h"

static const struct whack_verb_info verbs[WHACK_VERB_ROOF] = {
	[WHACK_PING] = { "ping", false, false },
	[WHACK_STATUS] = { "status", false, false },
	[WHACK_TRAFFICSTATUS] = { "trafficstatus", false, false },
	[WHACK_SHOWSTATES] = { "showstates", false, false },
	[WHACK_BRIEFSTATUS] = { "briefstatus", false, false },
	[WHACK_SHUTDOWN] = { "shutdown", false, false },
	[WHACK_LISTEN] = { "listen", false, false },
	[WHACK_ADD] = { "add", true, false },
	[WHACK_DELETE] = { "delete", true, false },
	[WHACK_INITIATE] = { "initiate", true, false },
	[WHACK_TERMINATE] = { "terminate", true, false },
	[WHACK_ROUTE] = { "route", true, false },
	[WHACK_UNROUTE] = { "unroute", true, false },
	[WHACK_REREADSECRETS] = { "rereadsecrets", false, false },
	[WHACK_DELETESTATE] = { "deletestate", false, true },
	[WHACK_REKEY_IKE] = { "rekey-ike", true, false },
	[WHACK_REKEY_CHILD] = { "rekey-child", true, false },
};

const struct whack_verb_info *whack_verb_info(enum whack_verb verb)
{
	if ((unsigned)verb >= WHACK_VERB_ROOF || verbs[verb].name == NULL)
		return NULL;
	return &verbs[verb];
}

static uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

bool whack_line_byte_ok(uint8_t c)
{
	/* Printable ASCII and tab: nothing a terminal would interpret. */
	return c == '\t' || (c >= 0x20 && c < 0x7f);
}

bool whack_name_ok(const char *name, size_t len, struct diag *d)
{
	if (len > WHACK_NAME_MAX)
		return diag(d, "connection name is %zu bytes; the limit is %u",
			    len, WHACK_NAME_MAX);
	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)name[i];
		/* Status output quotes names with '"'; keep them unambiguous. */
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\')
			return diag(d, "connection name has byte 0x%02x at offset %zu; "
				    "use printable ASCII without spaces, quotes or backslashes",
				    c, i);
	}
	return true;
}

static bool request_check(const struct whack_request *req, size_t name_len,
			  struct diag *d)
{
	const struct whack_verb_info *info = whack_verb_info(req->verb);

	if (info == NULL)
		return diag(d, "unknown whack verb %u", (unsigned)req->verb);
	if ((req->flags & ~WHACK_F_KNOWN) != 0)
		return diag(d, "unknown whack flags 0x%04x",
			    (unsigned)(req->flags & ~WHACK_F_KNOWN));
	if (!whack_name_ok(req->name, name_len, d))
		return false;
	if (info->needs_name && name_len == 0)
		return diag(d, "%s needs a connection name", info->name);
	if (!info->needs_name && name_len != 0)
		return diag(d, "%s takes no connection name", info->name);
	if (info->needs_number && req->number == 0)
		return diag(d, "%s needs a state number (1 or more)", info->name);
	if (!info->needs_number && req->number != 0)
		return diag(d, "%s takes no state number", info->name);
	return true;
}

bool whack_request_encode(const struct whack_request *req, struct buf *out,
			  struct diag *d)
{
	size_t name_len = strnlen(req->name, sizeof(req->name));

	if (name_len == sizeof(req->name))
		return diag(d, "connection name is not terminated");
	if (!request_check(req, name_len, d))
		return false;
	buf_put_u32(out, (uint32_t)(WHACK_REQUEST_HEADER + name_len));
	buf_put_u32(out, WHACK_MAGIC);
	buf_put_u16(out, (uint16_t)req->verb);
	buf_put_u16(out, req->flags);
	buf_put_u32(out, req->number);
	buf_put_u16(out, (uint16_t)name_len);
	buf_put(out, req->name, name_len);
	if (out->overflow)
		return diag(d, "whack request does not fit in %zu bytes", out->cap);
	return true;
}

size_t whack_request_length(struct bytes in, struct diag *d)
{
	if (in.len < 4) {
		diag(d, "whack request truncated in its length field");
		return 0;
	}
	uint32_t len = get_u32(in.ptr);
	if (len < WHACK_REQUEST_HEADER || len > WHACK_REQUEST_MAX) {
		diag(d, "whack request length %u is outside %u..%u",
		     len, WHACK_REQUEST_HEADER, WHACK_REQUEST_MAX);
		return 0;
	}
	return len;
}

bool whack_request_decode(struct bytes in, struct whack_request *req,
			  struct diag *d)
{
	memset(req, 0, sizeof(*req));
	size_t len = whack_request_length(in, d);
	if (len == 0)
		return false;
	if (in.len != len)
		return diag(d, "whack request says %zu bytes but %zu arrived",
			    len, in.len);
	const uint8_t *p = in.ptr;
	uint32_t magic = get_u32(p + 4);
	if (magic != WHACK_MAGIC)
		return diag(d, "whack request magic 0x%08x is not 0x%08x "
			    "(a whack from another version?)", magic, WHACK_MAGIC);
	req->verb = (enum whack_verb)get_u16(p + 8);
	req->flags = get_u16(p + 10);
	req->number = get_u32(p + 12);
	size_t name_len = get_u16(p + 16);
	if (name_len != len - WHACK_REQUEST_HEADER)
		return diag(d, "whack request name length %zu does not match "
			    "the %zu bytes that follow the header",
			    name_len, len - WHACK_REQUEST_HEADER);
	memcpy(req->name, p + WHACK_REQUEST_HEADER, name_len);
	req->name[name_len] = '\0';
	return request_check(req, name_len, d);
}

bool whack_frame_put_line(struct buf *out, const char *line, size_t len)
{
	if (len > WHACK_LINE_MAX)
		len = WHACK_LINE_MAX;
	buf_put_u8(out, WHACK_FRAME_LINE);
	buf_put_u16(out, (uint16_t)len);
	uint8_t *dst = buf_reserve(out, len);
	if (dst == NULL)
		return false;
	/* Never let a stray control byte through: the decoder rejects it. */
	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)line[i];
		dst[i] = whack_line_byte_ok(c) ? c : '?';
	}
	return !out->overflow;
}

bool whack_frame_put_end(struct buf *out, uint8_t rc)
{
	buf_put_u8(out, WHACK_FRAME_END);
	buf_put_u16(out, 1);
	buf_put_u8(out, rc);
	return !out->overflow;
}

enum whack_frame_result whack_frame_decode(struct bytes in,
					   struct whack_frame *frame,
					   size_t *used, struct diag *d)
{
	*used = 0;
	if (in.len < 1)
		return WHACK_FRAME_NEED_MORE;
	uint8_t type = in.ptr[0];
	if (type != WHACK_FRAME_LINE && type != WHACK_FRAME_END) {
		diag(d, "reply frame type 0x%02x is neither 'L' nor 'E'", type);
		return WHACK_FRAME_BAD;
	}
	if (in.len < WHACK_FRAME_HEADER)
		return WHACK_FRAME_NEED_MORE;
	size_t len = get_u16(in.ptr + 1);
	if (type == WHACK_FRAME_END && len != 1) {
		diag(d, "end frame has %zu payload bytes, not 1", len);
		return WHACK_FRAME_BAD;
	}
	if (len > WHACK_LINE_MAX) {
		diag(d, "reply line of %zu bytes exceeds %u", len, WHACK_LINE_MAX);
		return WHACK_FRAME_BAD;
	}
	if (in.len - WHACK_FRAME_HEADER < len)
		return WHACK_FRAME_NEED_MORE;
	const uint8_t *payload = in.ptr + WHACK_FRAME_HEADER;
	frame->type = (enum whack_frame_type)type;
	if (type == WHACK_FRAME_END) {
		frame->line = NO_BYTES;
		frame->rc = payload[0];
	} else {
		for (size_t i = 0; i < len; i++) {
			if (!whack_line_byte_ok(payload[i])) {
				diag(d, "reply line has byte 0x%02x at offset %zu",
				     payload[i], i);
				return WHACK_FRAME_BAD;
			}
		}
		frame->line = BYTES(payload, len);
		frame->rc = 0;
	}
	*used = WHACK_FRAME_HEADER + len;
	return WHACK_FRAME_OK;
}
