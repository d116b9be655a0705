/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The whack wire format: what `whack` (and `ipsec`) send to pluto over
 * the control socket, and what pluto streams back.
 *
 * Request (one per connection, client -> pluto), all integers network order:
 *
 *	u32 length	whole request including this field, <= WHACK_REQUEST_MAX
 *	u32 magic	WHACK_MAGIC ("XWK" + version byte)
 *	u16 verb	enum whack_verb
 *	u16 flags	WHACK_F_*; unknown bits are an error
 *	u32 number	state serial for deletestate, 0 otherwise
 *	u16 name_len	then name_len bytes of connection name (no NUL)
 *
 * Reply (pluto -> client): a stream of frames, each
 *
 *	u8 type		'L' (one output line) or 'E' (end)
 *	u16 len		payload length
 *	payload		a line: 0..WHACK_LINE_MAX bytes, no NUL, no newline;
 *			end: exactly one byte, the status code (enum whack_rc)
 *
 * The 'E' frame is always last; a reply without one means pluto went
 * away (the client reports that as its own failure).
 *
 * Every decoder here treats its input as hostile: lengths are checked
 * before reads, trailing bytes are errors, text is checked for bytes a
 * terminal or a log would misinterpret.
 */
#ifndef XSWAN_WHACK_MSG_H
#define XSWAN_WHACK_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "diag.h"

#define WHACK_MAGIC		0x58574b01u	/* "XWK", version 1 */
#define WHACK_REQUEST_HEADER	18u		/* the fixed fields above */
#define WHACK_NAME_MAX		200u		/* a connection name */
#define WHACK_REQUEST_MAX	(WHACK_REQUEST_HEADER + WHACK_NAME_MAX)
#define WHACK_LINE_MAX		1024u		/* one output line */
#define WHACK_FRAME_HEADER	3u
#define WHACK_FRAME_MAX		(WHACK_FRAME_HEADER + WHACK_LINE_MAX)

/*
 * Verbs.  The numbers are the wire format: append, never renumber.
 * WHACK_VERB_ROOF bounds the table in whack_msg.c.
 */
enum whack_verb {
	WHACK_PING = 1,		/* liveness + version; answers "pluto VERSION" */
	WHACK_STATUS,
	WHACK_TRAFFICSTATUS,
	WHACK_SHOWSTATES,
	WHACK_BRIEFSTATUS,
	WHACK_SHUTDOWN,
	WHACK_LISTEN,		/* rescan interfaces, (re)open IKE sockets */
	WHACK_ADD,		/* load NAME from the config file */
	WHACK_DELETE,
	WHACK_INITIATE,		/* ipsec up */
	WHACK_TERMINATE,	/* ipsec down */
	WHACK_ROUTE,
	WHACK_UNROUTE,
	WHACK_REREADSECRETS,
	WHACK_DELETESTATE,	/* NUMBER is the state serial */
	WHACK_REKEY_IKE,
	WHACK_REKEY_CHILD,
	WHACK_VERB_ROOF
};

#define WHACK_F_ASYNC		0x0001u	/* do not wait for the exchange */
#define WHACK_F_LEAVE_STATE	0x0002u	/* shutdown without deleting SAs */
#define WHACK_F_KNOWN		(WHACK_F_ASYNC | WHACK_F_LEAVE_STATE)

/*
 * Final status codes.  Numbers are Libreswan's (rc_type in its
 * include/lswlog.h) so scripts that test whack's exit code keep
 * working: 0 success, 20..99 failure.
 */
enum whack_rc {
	WHACK_RC_OK = 0,
	WHACK_RC_DUPNAME = 20,		/* connection name already loaded */
	WHACK_RC_UNKNOWN_NAME = 21,	/* no such connection or state */
	WHACK_RC_ORIENT = 22,		/* neither end is this host */
	WHACK_RC_DEAF = 24,		/* no IKE socket: need --listen */
	WHACK_RC_ROUTE = 25,		/* cannot route */
	WHACK_RC_WHACK_PROBLEM = 33,	/* the client's own failure */
	WHACK_RC_BADWHACKMESSAGE = 50,	/* request did not decode */
	WHACK_RC_INTERNAL_ERROR = 52,	/* e.g. a layer not in this build */
	WHACK_RC_FATAL = 56,
};

struct whack_request {
	enum whack_verb verb;
	uint16_t flags;
	uint32_t number;
	char name[WHACK_NAME_MAX + 1];	/* NUL-terminated, may be empty */
};

/* Static facts about each verb: its name and whether it needs --name. */
struct whack_verb_info {
	const char *name;	/* "status", "initiate", ... */
	bool needs_name;
	bool needs_number;
};
const struct whack_verb_info *whack_verb_info(enum whack_verb verb);

/* Encode REQ into OUT; false (with D) if REQ itself is invalid. */
bool whack_request_encode(const struct whack_request *req, struct buf *out,
			  struct diag *d);
/*
 * How many bytes the request starting at IN needs in total, once the
 * first 4 are there; 0 with D set when the length field is out of range.
 */
size_t whack_request_length(struct bytes in, struct diag *d);
/* Decode exactly one request that fills IN; false with D on any defect. */
bool whack_request_decode(struct bytes in, struct whack_request *req,
			  struct diag *d);

enum whack_frame_type {
	WHACK_FRAME_LINE = 'L',
	WHACK_FRAME_END = 'E',
};

struct whack_frame {
	enum whack_frame_type type;
	struct bytes line;	/* WHACK_FRAME_LINE: points into the input */
	uint8_t rc;		/* WHACK_FRAME_END */
};

/* Append one frame to OUT; a line longer than WHACK_LINE_MAX is cut. */
bool whack_frame_put_line(struct buf *out, const char *line, size_t len);
bool whack_frame_put_end(struct buf *out, uint8_t rc);

enum whack_frame_result {
	WHACK_FRAME_NEED_MORE,	/* IN holds a prefix of a valid frame */
	WHACK_FRAME_OK,		/* *FRAME filled, *USED bytes consumed */
	WHACK_FRAME_BAD,	/* D says why; the stream is unusable */
};
enum whack_frame_result whack_frame_decode(struct bytes in,
					   struct whack_frame *frame,
					   size_t *used, struct diag *d);

/* Is this byte allowed inside an output line / a connection name? */
bool whack_line_byte_ok(uint8_t c);
bool whack_name_ok(const char *name, size_t len, struct diag *d);

#endif
