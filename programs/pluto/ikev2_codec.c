/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one engine behind every IKEv2 wire structure: decode, encode and
 * dump driven by the rows in ikev2_payloads_table.c (see ikev2_codec.h).
 *
 * Decoding reads the fixed part, works out the structure's length (from a
 * length field, or the fixed size), checks it against both the minimum the
 * layout needs and what the container has left, and only then looks at
 * the variable part.  Every error names the structure and gives both
 * numbers it compared.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ikev2_codec.h"

static uint64_t get_be(const uint8_t *p, size_t width)
{
	uint64_t v = 0;

	for (size_t i = 0; i < width; i++)
		v = v << 8 | p[i];
	return v;
}

static void put_be(uint8_t *p, size_t width, uint64_t v)
{
	for (size_t i = width; i > 0; i--) {
		p[i - 1] = (uint8_t)v;
		v >>= 8;
	}
}

/* Members have the C type matching the wire width (u8/u16/u32/u64). */
static void set_member(void *base, uint16_t offset, size_t width, uint64_t v)
{
	uint8_t *p = (uint8_t *)base + offset;

	switch (width) {
	case 1: { uint8_t x = (uint8_t)v; memcpy(p, &x, 1); break; }
	case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
	case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
	case 8: memcpy(p, &v, 8); break;
	}
}

static uint64_t get_member(const void *base, uint16_t offset, size_t width)
{
	const uint8_t *p = (const uint8_t *)base + offset;

	switch (width) {
	case 1: { uint8_t x; memcpy(&x, p, 1); return x; }
	case 2: { uint16_t x; memcpy(&x, p, 2); return x; }
	case 4: { uint32_t x; memcpy(&x, p, 4); return x; }
	case 8: { uint64_t x; memcpy(&x, p, 8); return x; }
	}
	return 0;
}

static struct bytes get_view(const void *base, uint16_t offset)
{
	struct bytes b;

	memcpy(&b, (const uint8_t *)base + offset, sizeof(b));
	return b;
}

static void set_view(void *base, uint16_t offset, struct bytes b)
{
	memcpy((uint8_t *)base + offset, &b, sizeof(b));
}

size_t codec_fixed_size(const struct layout *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nfields; i++)
		n += l->fields[i].width;
	return n;
}

static const struct field *find_field(const struct layout *l, enum field_kind kind)
{
	for (size_t i = 0; i < l->nfields; i++) {
		if (l->fields[i].kind == kind)
			return &l->fields[i];
	}
	return NULL;
}

/* "Transform substructure 3" for list elements, the bare name otherwise. */
static const char *elem_name(const struct layout *l, size_t index, char *buf, size_t size)
{
	if (index == 0)
		return l->name;
	snprintf(buf, size, "%s %zu", l->name, index);
	return buf;
}

static bool decode_one(const struct layout *l, struct bytes in, const char *container,
		       size_t index, void *out, size_t *consumed, struct diag *d);

static bool decode_list(const struct layout *l, const char *name, struct bytes data,
			long wire_count, const struct field *count_field,
			void *out, struct diag *d)
{
	const struct layout *c = l->child;
	size_t n = 0, left = data.len;
	const uint8_t *p = data.ptr;

	while (left > 0) {
		if (n == l->list_max)
			return diag(d, "%s: holds more than the %u %ss accepted",
				    name, l->list_max, c->name);
		void *elem = (uint8_t *)out + l->list_offset + n * l->list_stride;
		size_t used;

		memset(elem, 0, l->list_stride);
		if (!decode_one(c, BYTES(p, left), name, n + 1, elem, &used, d)) {
			diag_prefix(d, "%s", name);
			return false;
		}
		n++;
		p += used;
		left -= used;
	}
	if (wire_count >= 0 && (size_t)wire_count != n)
		return diag(d, "%s: %s says %ld but %zu %ss follow",
			    name, count_field->name, wire_count, n, c->name);
	set_member(out, l->count_offset, 2, n);
	return true;
}

static bool decode_one(const struct layout *l, struct bytes in, const char *container,
		       size_t index, void *out, size_t *consumed, struct diag *d)
{
	char namebuf[64];
	const char *name = elem_name(l, index, namebuf, sizeof(namebuf));
	size_t fixed = codec_fixed_size(l);

	if (in.len < fixed)
		return diag(d, "%s: truncated: %zu bytes left in %s, its header needs %zu",
			    name, in.len, container, fixed);

	/* Pass 1: the fixed part. */
	size_t pos = 0, struct_len = fixed, spi_size = 0, head = fixed;
	long wire_count = -1;
	const struct field *count_field = NULL;

	for (size_t i = 0; i < l->nfields; i++) {
		const struct field *f = &l->fields[i];

		if (f->width == 0)
			continue;
		uint64_t v = get_be(in.ptr + pos, f->width);

		switch (f->kind) {
		case FK_UINT:
			if (f->mask != 0)
				v &= f->mask;
			if (f->strict && !enum_known(f->values, (unsigned)v))
				return diag(d, "%s: %s %llu is not a known %s",
					    name, f->name, (unsigned long long)v, f->values->what);
			set_member(out, f->offset, f->width, v);
			break;
		case FK_RESERVED:
			break;	/* RFC 7296 2.5: ignored on receipt */
		case FK_NEXT:
		case FK_LENGTH:
			set_member(out, f->offset, f->width, v);
			if (f->kind == FK_LENGTH)
				struct_len = v;
			break;
		case FK_FLAGS:
			set_member(out, f->offset, f->width, v & f->mask);
			break;
		case FK_VALUE_LENGTH:
			struct_len = fixed + v;
			break;
		case FK_SPI_SIZE:
			spi_size = v;
			set_member(out, f->offset, f->width, v);
			break;
		case FK_COUNT:
			wire_count = (long)v;
			count_field = f;
			break;
		case FK_RAW:
			set_view(out, f->offset, BYTES(in.ptr + pos, f->width));
			break;
		default:
			return diag(d, "%s: internal: field %s has a width", name, f->name);
		}
		pos += f->width;
	}

	if (find_field(l, FK_SPI) != NULL)
		head += spi_size;
	size_t min = head + l->min_data;

	if (struct_len < min) {
		char spi[32] = "", extra[40] = "", total[24] = "";

		if (head > fixed)
			snprintf(spi, sizeof(spi), " plus %zu-byte SPI", head - fixed);
		if (l->min_data > 0)
			snprintf(extra, sizeof(extra), " plus %zu-byte minimum", l->min_data);
		if (min > fixed)
			snprintf(total, sizeof(total), " (%zu)", min);
		return diag(d, "%s: length %zu is shorter than its %zu-byte header%s%s%s",
			    name, struct_len, fixed, spi, extra, total);
	}
	if (struct_len > in.len)
		return diag(d, "%s: length %zu is longer than the %zu bytes left in %s",
			    name, struct_len, in.len, container);

	struct bytes data = BYTES(in.ptr + head, struct_len - head);

	if (l->max_data > 0 && data.len > l->max_data)
		return diag(d, "%s: length %zu is longer than its %zu-byte header plus %zu-byte maximum (%zu)",
			    name, struct_len, head, l->max_data, head + l->max_data);

	/* Pass 2: the variable part. */
	for (size_t i = 0; i < l->nfields; i++) {
		const struct field *f = &l->fields[i];

		switch (f->kind) {
		case FK_SPI:
			set_view(out, f->offset, BYTES(in.ptr + fixed, spi_size));
			break;
		case FK_DATA:
			set_view(out, f->offset, data);
			break;
		case FK_ADDR_PAIR: {
			size_t alen = f->addr_len(out);

			if (alen == 0 || alen > 16)
				return diag(d, "%s: internal: no address size for %s", name, f->name);
			if (data.len != 2 * alen)
				return diag(d, "%s: length %zu does not fit two %zu-byte addresses after its %zu-byte header (needs %zu)",
					    name, struct_len, alen, head, head + 2 * alen);
			memcpy((uint8_t *)out + f->offset, data.ptr, alen);
			memcpy((uint8_t *)out + f->offset + 16, data.ptr + alen, alen);
			break;
		}
		case FK_LIST:
			if (!decode_list(l, name, data, wire_count, count_field, out, d))
				return false;
			break;
		case FK_SPI_LIST:
			if (wire_count < 0 || (size_t)wire_count * spi_size != data.len)
				return diag(d, "%s: %ld SPIs of %zu bytes need %zu bytes but %zu follow the header",
					    name, wire_count, spi_size,
					    (size_t)(wire_count < 0 ? 0 : wire_count) * spi_size, data.len);
			set_view(out, f->offset, data);
			set_member(out, l->count_offset, 2, (uint64_t)wire_count);
			break;
		default:
			break;
		}
	}
	if (l->finish != NULL && !l->finish(out, d)) {
		diag_prefix(d, "%s", name);
		return false;
	}
	*consumed = struct_len;
	return true;
}

bool codec_decode(const struct layout *l, struct bytes in, const char *container,
		  void *out, size_t *consumed, struct diag *d)
{
	return decode_one(l, in, container, 0, out, consumed, d);
}

/* Patch a length into OUT at POS once the structure is complete. */
static bool patch_length(struct buf *out, size_t pos, size_t width, size_t value,
			 const char *name, const char *what, struct diag *d)
{
	if (width < sizeof(size_t) && value >> (8 * width) != 0)
		return diag(d, "%s: %s %zu does not fit in %zu bytes", name, what, value, width);
	if (!out->overflow)
		put_be(out->ptr + pos, width, value);
	return true;
}

static bool encode_one(const struct layout *l, const void *in, struct buf *out,
		       struct diag *d)
{
	size_t start = out->len, fixed = codec_fixed_size(l);
	size_t len_pos = SIZE_MAX, vlen_pos = SIZE_MAX, len_width = 0, vlen_width = 0;
	size_t spi_size = 0;
	const char *len_name = "length";
	uint16_t count = (l->child != NULL || find_field(l, FK_SPI_LIST) != NULL) ?
		(uint16_t)get_member(in, l->count_offset, 2) : 0;

	for (size_t i = 0; i < l->nfields; i++) {
		const struct field *f = &l->fields[i];
		uint8_t *p;

		if (f->width == 0)
			continue;
		uint64_t v = 0;

		switch (f->kind) {
		case FK_UINT:
		case FK_NEXT:
			v = get_member(in, f->offset, f->width);
			if (f->mask != 0)
				v &= f->mask;
			break;
		case FK_FLAGS:
			v = get_member(in, f->offset, f->width) & f->mask;
			break;
		case FK_SPI_SIZE:
			v = spi_size = get_member(in, f->offset, f->width);
			break;
		case FK_RESERVED:
			break;
		case FK_LENGTH:
			len_pos = out->len - start;
			len_width = f->width;
			len_name = f->name;
			break;
		case FK_VALUE_LENGTH:
			vlen_pos = out->len - start;
			vlen_width = f->width;
			break;
		case FK_COUNT:
			v = count;
			if (f->width == 1 && count > 0xff)
				return diag(d, "%s: %u elements do not fit the one-byte %s",
					    l->name, count, f->name);
			break;
		case FK_RAW: {
			struct bytes b = get_view(in, f->offset);

			if (b.len != f->width)
				return diag(d, "%s: %s is %zu bytes, must be %u",
					    l->name, f->name, b.len, f->width);
			buf_put(out, b.ptr, b.len);
			continue;
		}
		default:
			break;
		}
		p = buf_reserve(out, f->width);
		if (p != NULL)
			put_be(p, f->width, v);
	}

	size_t data_start = out->len;

	for (size_t i = 0; i < l->nfields; i++) {
		const struct field *f = &l->fields[i];

		switch (f->kind) {
		case FK_SPI: {
			struct bytes b = get_view(in, f->offset);

			if (b.len != spi_size)
				return diag(d, "%s: %s is %zu bytes but its size field says %zu",
					    l->name, f->name, b.len, spi_size);
			buf_put(out, b.ptr, b.len);
			data_start = out->len;
			break;
		}
		case FK_DATA: {
			struct bytes b = get_view(in, f->offset);

			buf_put(out, b.ptr, b.len);
			break;
		}
		case FK_ADDR_PAIR: {
			size_t alen = f->addr_len(in);

			if (alen == 0 || alen > 16)
				return diag(d, "%s: no address size for this type", l->name);
			buf_put(out, (const uint8_t *)in + f->offset, alen);
			buf_put(out, (const uint8_t *)in + f->offset + 16, alen);
			break;
		}
		case FK_LIST:
			if (count > l->list_max)
				return diag(d, "%s: %u %ss, at most %u", l->name, count,
					    l->child->name, l->list_max);
			for (uint16_t j = 0; j < count; j++) {
				const void *elem = (const uint8_t *)in + l->list_offset + j * l->list_stride;

				if (!encode_one(l->child, elem, out, d)) {
					diag_prefix(d, "%s", l->name);
					return false;
				}
			}
			break;
		case FK_SPI_LIST: {
			struct bytes b = get_view(in, f->offset);

			if (b.len != (size_t)count * spi_size)
				return diag(d, "%s: %zu bytes of SPIs, %u of %zu bytes need %zu",
					    l->name, b.len, count, spi_size, (size_t)count * spi_size);
			buf_put(out, b.ptr, b.len);
			break;
		}
		default:
			break;
		}
	}

	/* Overflow first: a short buffer also leaves the data short. */
	if (out->overflow)
		return diag(d, "%s: does not fit in the %zu-byte buffer", l->name, out->cap);
	size_t data_len = out->len - data_start;

	if (data_len < l->min_data)
		return diag(d, "%s: %zu bytes of data, fewer than the %zu-byte minimum",
			    l->name, data_len, l->min_data);
	if (l->max_data > 0 && data_len > l->max_data)
		return diag(d, "%s: %zu bytes of data, more than the %zu-byte maximum",
			    l->name, data_len, l->max_data);
	size_t total = out->len - start;

	if (len_pos != SIZE_MAX &&
	    !patch_length(out, start + len_pos, len_width, total, l->name, len_name, d))
		return false;
	if (vlen_pos != SIZE_MAX &&
	    !patch_length(out, start + vlen_pos, vlen_width, total - fixed, l->name, "value length", d))
		return false;
	return true;
}

bool codec_encode(const struct layout *l, const void *in, struct buf *out, struct diag *d)
{
	return encode_one(l, in, out, d);
}

static void emit(codec_line_fn *line, void *ctx, unsigned indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void emit(codec_line_fn *line, void *ctx, unsigned indent, const char *fmt, ...)
{
	char text[256];
	va_list ap;
	int n = snprintf(text, sizeof(text), "%*s", (int)indent, "");

	va_start(ap, fmt);
	vsnprintf(text + n, sizeof(text) - n, fmt, ap);
	va_end(ap);
	line(ctx, text);
}

static void hex(char *out, size_t size, struct bytes b)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < b.len && n + 3 < size; i++)
		n += snprintf(out + n, size - n, "%02x", b.ptr[i]);
}

void codec_dump(const struct layout *l, const void *in, unsigned indent,
		codec_line_fn *line, void *ctx)
{
	unsigned ind = indent + 2;

	emit(line, ctx, indent, "%s:", l->name);
	for (size_t i = 0; i < l->nfields; i++) {
		const struct field *f = &l->fields[i];
		char text[64];

		switch (f->kind) {
		case FK_UINT:
		case FK_NEXT:
		case FK_LENGTH:
		case FK_SPI_SIZE: {
			unsigned long long v = get_member(in, f->offset, f->width);
			const struct enum_names *names = f->values;

			if (names != NULL)
				emit(line, ctx, ind, "%s: %s (%llu)", f->name,
				     name_of(names, (unsigned)v), v);
			else if (f->hex)
				emit(line, ctx, ind, "%s: 0x%02llx", f->name, v);
			else
				emit(line, ctx, ind, "%s: %llu", f->name, v);
			break;
		}
		case FK_FLAGS:
			emit(line, ctx, ind, "%s: 0x%02llx", f->name,
			     (unsigned long long)get_member(in, f->offset, f->width));
			break;
		case FK_RAW:
		case FK_SPI:
			/* SPIs are public identifiers, useful to match logs. */
			hex(text, sizeof(text), get_view(in, f->offset));
			emit(line, ctx, ind, "%s: %s", f->name, text[0] ? text : "(none)");
			break;
		case FK_DATA:
		case FK_SPI_LIST:
			emit(line, ctx, ind, "%s: %zu bytes", f->name, get_view(in, f->offset).len);
			break;
		case FK_ADDR_PAIR: {
			size_t alen = f->addr_len(in);
			char a[INET6_ADDRSTRLEN] = "?", b[INET6_ADDRSTRLEN] = "?";
			int af = alen == 4 ? AF_INET : AF_INET6;

			if (alen == 4 || alen == 16) {
				inet_ntop(af, (const uint8_t *)in + f->offset, a, sizeof(a));
				inet_ntop(af, (const uint8_t *)in + f->offset + 16, b, sizeof(b));
			}
			emit(line, ctx, ind, "%s: %s - %s", f->name, a, b);
			break;
		}
		case FK_LIST: {
			uint16_t n = (uint16_t)get_member(in, l->count_offset, 2);

			for (uint16_t j = 0; j < n && j < l->list_max; j++)
				codec_dump(l->child, (const uint8_t *)in + l->list_offset + j * l->list_stride,
					   ind, line, ctx);
			break;
		}
		case FK_RESERVED:
		case FK_COUNT:
		case FK_VALUE_LENGTH:
			break;
		}
	}
}
