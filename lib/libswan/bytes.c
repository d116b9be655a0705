/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "bytes.h"

uint8_t *buf_reserve(struct buf *b, size_t n)
{
	if (b->overflow || n > b->cap - b->len) {
		b->overflow = true;
		return NULL;
	}
	uint8_t *p = b->ptr + b->len;
	b->len += n;
	return p;
}

bool buf_put(struct buf *b, const void *p, size_t n)
{
	uint8_t *d = buf_reserve(b, n);

	if (d == NULL)
		return false;
	if (n > 0)
		memcpy(d, p, n);
	return true;
}

bool buf_put_u8(struct buf *b, uint8_t v)
{
	return buf_put(b, &v, 1);
}

bool buf_put_u16(struct buf *b, uint16_t v)
{
	uint8_t w[2] = { v >> 8, v };

	return buf_put(b, w, sizeof(w));
}

bool buf_put_u32(struct buf *b, uint32_t v)
{
	uint8_t w[4] = { v >> 24, v >> 16, v >> 8, v };

	return buf_put(b, w, sizeof(w));
}

bool buf_put_u64(struct buf *b, uint64_t v)
{
	return buf_put_u32(b, v >> 32) && buf_put_u32(b, (uint32_t)v);
}

bool bytes_equal_ct(struct bytes a, struct bytes b)
{
	if (a.len != b.len)
		return false;
	uint8_t acc = 0;
	for (size_t i = 0; i < a.len; i++)
		acc |= a.ptr[i] ^ b.ptr[i];
	return acc == 0;
}

void secure_zero(void *p, size_t n)
{
	explicit_bzero(p, n);
}
