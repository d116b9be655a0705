/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Byte ranges.  `struct bytes` is a read-only view (never owns memory);
 * `struct buf` is a bounded writer that refuses to overflow and remembers
 * that it did, so a caller checks once at the end instead of after
 * every put.
 */
#ifndef XSWAN_BYTES_H
#define XSWAN_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bytes {
	const uint8_t *ptr;
	size_t len;
};

#define BYTES(p, n) ((struct bytes){ .ptr = (const uint8_t *)(p), .len = (n) })
#define NO_BYTES ((struct bytes){ .ptr = NULL, .len = 0 })

struct buf {
	uint8_t *ptr;
	size_t len;	/* bytes written so far */
	size_t cap;
	bool overflow;	/* a put did not fit; the contents are incomplete */
};

#define BUF(p, cap_) ((struct buf){ .ptr = (p), .len = 0, .cap = (cap_), .overflow = false })

/* Reserve N bytes at the end; NULL (and overflow set) when they do not fit. */
uint8_t *buf_reserve(struct buf *b, size_t n);
bool buf_put(struct buf *b, const void *p, size_t n);
bool buf_put_u8(struct buf *b, uint8_t v);
bool buf_put_u16(struct buf *b, uint16_t v);	/* network order */
bool buf_put_u32(struct buf *b, uint32_t v);	/* network order */
bool buf_put_u64(struct buf *b, uint64_t v);	/* network order */
static inline struct bytes buf_bytes(const struct buf *b)
{
	return BYTES(b->ptr, b->len);
}

/* Constant-time equality, for MACs, cookies and secrets. */
bool bytes_equal_ct(struct bytes a, struct bytes b);
/* Zero memory in a way the compiler cannot drop (secrets on the stack). */
void secure_zero(void *p, size_t n);

#endif
