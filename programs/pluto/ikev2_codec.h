/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IKEv2 codec engine.  Every wire structure (payload, traffic
 * selector, configuration attribute, the message header) is described
 * once as a `struct layout`: rows of fields in wire order, each with a kind,
 * a width, a name, the table of allowed values and where the decoded value
 * lives in a C struct; nested lists point at the child layout.  One engine
 * reads (checking every length against its container), writes and dumps
 * them all, so a bounds check written once protects every payload.
 * (The SA payload's proposals are the exception: crypto/sa_payload.c
 * reads and writes them; here they are the payload's body.)
 */
#ifndef XSWAN_IKEV2_CODEC_H
#define XSWAN_IKEV2_CODEC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "bytes.h"
#include "diag.h"
#include "ikev2_wire.h"

enum field_kind {
	FK_UINT,	/* unsigned number; .values names it, .strict rejects unknowns */
	FK_RESERVED,	/* sent as zero, ignored on receipt (RFC 7296 2.5); not stored */
	FK_NEXT,	/* next payload type (u8) */
	FK_FLAGS,	/* a flags octet; bits outside .mask are reserved: ignored, sent 0 */
	FK_LENGTH,	/* length of the whole structure, its header included */
	FK_VALUE_LENGTH, /* length of what follows the fixed part (CP attribute) */
	FK_SPI_SIZE,	/* octets of SPI (u8): after the fixed part, or per SPI in a list */
	FK_COUNT,	/* how many elements the list says it holds; checked, not stored */
	FK_RAW,		/* .width octets kept as a view (the header's SPIs) */
	FK_SPI,		/* the SPI: FK_SPI_SIZE octets right after the fixed part */
	FK_DATA,	/* the rest of the structure, as a view */
	FK_ADDR_PAIR,	/* the rest: start and end address, .addr_len(decoded) octets each */
	FK_LIST,	/* the rest: a list of layout->child structures */
	FK_SPI_LIST,	/* the rest: FK_COUNT SPIs of FK_SPI_SIZE octets (Delete) */
};

struct field {
	enum field_kind kind;
	uint8_t width;		/* octets in the fixed part; 0 for the variable kinds */
	const char *name;
	const struct enum_names *values;	/* names the value; NULL: a number */
	bool strict;		/* a value not in .values makes the structure malformed */
	bool hex;		/* dump in hex (the header's version octet) */
	uint16_t offset;	/* of the C member the value is stored in */
	uint16_t mask;		/* FK_FLAGS, FK_UINT: the defined bits (0: all) */
	/* FK_ADDR_PAIR: octets per address given the fields decoded so far
	 * (0 when the type has no address form). */
	size_t (*addr_len)(const void *decoded);
};

struct layout {
	const char *name;	/* "Nonce payload", for every message about it */
	const struct field *fields;
	size_t nfields;
	/* Octets after the fixed part and SPI: FK_DATA's or the list's bounds
	 * (max 0: no limit beyond the container). */
	size_t min_data, max_data;
	/* FK_LIST: children are stored in an array inside the parent. */
	const struct layout *child;
	uint16_t list_offset;	/* of the array */
	uint16_t list_stride;	/* sizeof one element */
	uint16_t list_max;	/* its capacity */
	uint16_t count_offset;	/* uint16_t member: elements decoded (FK_LIST, FK_SPI_LIST) */
	/* Semantic checks the rows cannot express (SPI size per
	 * protocol, fragment numbers); NULL when none. */
	bool (*finish)(void *decoded, struct diag *d);
};

/*
 * Decode one structure that starts at IN.ptr; IN.len is what its
 * container (CONTAINER names it: "message", "SA payload") has left.
 * On success *CONSUMED is the structure's length.
 */
bool codec_decode(const struct layout *l, struct bytes in, const char *container,
		  void *out, size_t *consumed, struct diag *d);

/* Append the structure to OUT, computing lengths, counts and SPI sizes. */
bool codec_encode(const struct layout *l, const void *in, struct buf *out,
		  struct diag *d);

/* One line per field (lengths of data, never its bytes: nonces, KE and
 * AUTH data stay out of logs). */
typedef void codec_line_fn(void *ctx, const char *line);
void codec_dump(const struct layout *l, const void *decoded, unsigned indent,
		codec_line_fn *line, void *ctx);

/* Octets of the fixed part (the numeric fields). */
size_t codec_fixed_size(const struct layout *l);

#endif
