/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every IKEv2 wire structure as rows for the engine in ikev2_codec.c,
 * each beside its RFC 7296 diagram.  Semantics the rows cannot say (SPI
 * size per protocol, fragment numbers) are small finish() functions at
 * the end.  The SA payload's proposals are crypto's to read
 * (sa_payload_parse()); here it is a header and a body.
 */
#include <stddef.h>

#include "ikev2_payloads.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Rows shared by every payload: the generic payload header (3.2). */
#define GENERIC_HEADER(T)						\
	{ .kind = FK_NEXT, .width = 1, .name = "next payload type",	\
	  .values = &ikev2_payload_names, .offset = offsetof(T, gh.next) }, \
	{ .kind = FK_FLAGS, .width = 1, .name = "flags",		\
	  .mask = IKEV2_PAYLOAD_CRITICAL, .offset = offsetof(T, gh.flags) }, \
	{ .kind = FK_LENGTH, .width = 2, .name = "payload length",	\
	  .offset = offsetof(T, gh.length) }

#define UINT(w, T, m, nm, tbl)						\
	{ .kind = FK_UINT, .width = w, .name = nm, .values = tbl,	\
	  .offset = offsetof(T, m) }
#define UINT_STRICT(w, T, m, nm, tbl)					\
	{ .kind = FK_UINT, .width = w, .name = nm, .values = tbl,	\
	  .strict = true, .offset = offsetof(T, m) }
#define RESERVED(w) { .kind = FK_RESERVED, .width = w, .name = "reserved" }
#define DATA(T, m, nm) { .kind = FK_DATA, .name = nm, .offset = offsetof(T, m) }
#define LAYOUT(var, nm, rows, ...)					\
	const struct layout var = { .name = nm, .fields = rows,		\
				    .nfields = ARRAY_SIZE(rows), __VA_ARGS__ }
#define LIST_OF(T, arr, count, child_)					\
	.child = &child_, .list_offset = offsetof(T, arr),		\
	.list_stride = sizeof(((T *)0)->arr[0]),			\
	.list_max = ARRAY_SIZE(((T *)0)->arr),				\
	.count_offset = offsetof(T, count)

static bool notify_finish(void *decoded, struct diag *d);
static bool delete_finish(void *decoded, struct diag *d);
static bool skf_finish(void *decoded, struct diag *d);
static size_t ts_addr_len(const void *decoded);

/*
 *  IKE header (3.1)
 *  | IKE SA Initiator's SPI (8) | IKE SA Responder's SPI (8) |
 *  | Next Payload | MjVer | MnVer | Exchange Type | Flags |
 *  | Message ID (4) | Length (4) |
 */
static const struct field hdr_fields[] = {
	{ .kind = FK_RAW, .width = 8, .name = "initiator SPI", .offset = offsetof(struct ikev2_hdr, spi_i) },
	{ .kind = FK_RAW, .width = 8, .name = "responder SPI", .offset = offsetof(struct ikev2_hdr, spi_r) },
	{ .kind = FK_NEXT, .width = 1, .name = "next payload type", .values = &ikev2_payload_names,
	  .offset = offsetof(struct ikev2_hdr, next) },
	{ .kind = FK_UINT, .width = 1, .name = "version", .hex = true,
	  .offset = offsetof(struct ikev2_hdr, version) },
	UINT(1, struct ikev2_hdr, exchange, "exchange type", &ikev2_exchange_names),
	{ .kind = FK_FLAGS, .width = 1, .name = "flags",
	  .mask = IKEV2_FLAG_INITIATOR | IKEV2_FLAG_VERSION | IKEV2_FLAG_RESPONSE,
	  .offset = offsetof(struct ikev2_hdr, flags) },
	UINT(4, struct ikev2_hdr, msgid, "message ID", NULL),
	{ .kind = FK_LENGTH, .width = 4, .name = "length", .offset = offsetof(struct ikev2_hdr, length) },
};
LAYOUT(ikev2_hdr_layout, "IKE header", hdr_fields);

/* A payload type we do not know: only its generic header is read. */
static const struct field generic_fields[] = {
	GENERIC_HEADER(struct ikev2_opaque),
	DATA(struct ikev2_opaque, data, "body"),
};
LAYOUT(ikev2_generic_layout, "unknown payload", generic_fields);

/*  Security Association payload (3.3): generic header, then proposals
 *  (3.3.1), kept as bytes for crypto's sa_payload_parse(). */
static const struct field sa_fields[] = {
	GENERIC_HEADER(struct ikev2_sa),
	DATA(struct ikev2_sa, body, "proposals"),
};
LAYOUT(ikev2_sa_layout, "SA payload", sa_fields,
       .min_data = 8);	/* at least one proposal header */

/*  Key Exchange payload (3.4): | Group Num | RESERVED | KE Data | */
static const struct field ke_fields[] = {
	GENERIC_HEADER(struct ikev2_ke),
	UINT(2, struct ikev2_ke, group, "KE method", &ikev2_ke_names),
	RESERVED(2),
	DATA(struct ikev2_ke, data, "KE data"),
};
LAYOUT(ikev2_ke_layout, "KE payload", ke_fields, .min_data = 1);

/*  Identification payloads (3.5): | ID Type | RESERVED (3) | ID data | */
static const struct field id_fields[] = {
	GENERIC_HEADER(struct ikev2_id),
	UINT(1, struct ikev2_id, type, "ID type", &ikev2_id_names),
	RESERVED(3),
	DATA(struct ikev2_id, data, "ID data"),
};
/* ID_NULL (RFC 7619) carries no data, so no minimum. */
LAYOUT(ikev2_id_layout, "ID payload", id_fields);

/*  Certificate (3.6) and Certificate Request (3.7): | Encoding | data | */
static const struct field cert_fields[] = {
	GENERIC_HEADER(struct ikev2_cert),
	UINT(1, struct ikev2_cert, encoding, "certificate encoding", &ikev2_cert_names),
	DATA(struct ikev2_cert, data, "certificate data"),
};
LAYOUT(ikev2_cert_layout, "CERT payload", cert_fields, .min_data = 1);
static const struct field certreq_fields[] = {
	GENERIC_HEADER(struct ikev2_cert),
	UINT(1, struct ikev2_cert, encoding, "certificate encoding", &ikev2_cert_names),
	DATA(struct ikev2_cert, data, "certification authority"),
};
LAYOUT(ikev2_certreq_layout, "CERTREQ payload", certreq_fields);

/*  Authentication payload (3.8): | Auth Method | RESERVED (3) | data | */
static const struct field auth_fields[] = {
	GENERIC_HEADER(struct ikev2_auth),
	UINT(1, struct ikev2_auth, method, "auth method", &ikev2_auth_names),
	RESERVED(3),
	DATA(struct ikev2_auth, data, "authentication data"),
};
LAYOUT(ikev2_auth_layout, "AUTH payload", auth_fields, .min_data = 1);

/*  Nonce payload (3.9): 16 to 256 octets of nonce data. */
static const struct field nonce_fields[] = {
	GENERIC_HEADER(struct ikev2_nonce),
	DATA(struct ikev2_nonce, data, "nonce data"),
};
LAYOUT(ikev2_nonce_layout, "Nonce payload", nonce_fields, .min_data = 16, .max_data = 256);

/*
 *  Notify payload (3.10)
 *  | Protocol ID | SPI Size | Notify Message Type |
 *  | SPI (variable) | Notification Data |
 */
static const struct field notify_fields[] = {
	GENERIC_HEADER(struct ikev2_notify),
	/* Not strict: with no SPI the protocol is ignored on receipt. */
	UINT(1, struct ikev2_notify, protocol, "protocol ID", &ikev2_notify_protocol_names),
	{ .kind = FK_SPI_SIZE, .width = 1, .name = "SPI size",
	  .offset = offsetof(struct ikev2_notify, spi_size) },
	UINT(2, struct ikev2_notify, type, "notify type", &ikev2_notify_names),
	{ .kind = FK_SPI, .name = "SPI", .offset = offsetof(struct ikev2_notify, spi) },
	DATA(struct ikev2_notify, data, "notification data"),
};
LAYOUT(ikev2_notify_layout, "Notify payload", notify_fields, .finish = notify_finish);

/*  Delete payload (3.11): | Protocol ID | SPI Size | Num of SPIs | SPIs | */
static const struct field delete_fields[] = {
	GENERIC_HEADER(struct ikev2_delete),
	UINT_STRICT(1, struct ikev2_delete, protocol, "protocol ID", &ikev2_protocol_names),
	{ .kind = FK_SPI_SIZE, .width = 1, .name = "SPI size",
	  .offset = offsetof(struct ikev2_delete, spi_size) },
	{ .kind = FK_COUNT, .width = 2, .name = "number of SPIs" },
	{ .kind = FK_SPI_LIST, .name = "SPIs", .offset = offsetof(struct ikev2_delete, spis) },
};
LAYOUT(ikev2_delete_layout, "Delete payload", delete_fields,
       .count_offset = offsetof(struct ikev2_delete, n_spis), .finish = delete_finish);

/*  Vendor ID payload (3.12). */
static const struct field vendor_fields[] = {
	GENERIC_HEADER(struct ikev2_opaque),
	DATA(struct ikev2_opaque, data, "vendor ID"),
};
LAYOUT(ikev2_vendor_layout, "Vendor ID payload", vendor_fields);

/*
 *  Traffic selector (3.13.1)
 *  | TS Type | IP Protocol ID | Selector Length |
 *  | Start Port | End Port | Starting Address | Ending Address |
 */
static const struct field ts_fields[] = {
	UINT_STRICT(1, struct ikev2_ts, type, "TS type", &ikev2_ts_names),
	UINT(1, struct ikev2_ts, ipproto, "IP protocol ID", NULL),
	{ .kind = FK_LENGTH, .width = 2, .name = "selector length",
	  .offset = offsetof(struct ikev2_ts, length) },
	UINT(2, struct ikev2_ts, start_port, "start port", NULL),
	UINT(2, struct ikev2_ts, end_port, "end port", NULL),
	{ .kind = FK_ADDR_PAIR, .name = "addresses", .offset = offsetof(struct ikev2_ts, start),
	  .addr_len = ts_addr_len },
};
LAYOUT(ikev2_ts_layout, "Traffic selector", ts_fields);

/*  Traffic Selector payloads (3.13): | Number of TSs | RESERVED (3) | TSs | */
static const struct field ts_payload_fields[] = {
	GENERIC_HEADER(struct ikev2_ts_payload),
	{ .kind = FK_COUNT, .width = 1, .name = "number of TSs" },
	RESERVED(3),
	{ .kind = FK_LIST, .name = "traffic selectors" },
};
LAYOUT(ikev2_ts_payload_layout, "TS payload", ts_payload_fields,
       .min_data = 8,	/* at least one selector header */
       LIST_OF(struct ikev2_ts_payload, ts, n_ts, ikev2_ts_layout));

/*  Encrypted payload (3.14): | IV | encrypted payloads, padding | ICV | */
static const struct field sk_fields[] = {
	GENERIC_HEADER(struct ikev2_opaque),
	DATA(struct ikev2_opaque, data, "IV, ciphertext and ICV"),
};
LAYOUT(ikev2_sk_layout, "SK payload", sk_fields, .min_data = 1);

/*  Encrypted Fragment payload (RFC 7383 2.5): | Fragment Number | Total | ... | */
static const struct field skf_fields[] = {
	GENERIC_HEADER(struct ikev2_skf),
	UINT(2, struct ikev2_skf, number, "fragment number", NULL),
	UINT(2, struct ikev2_skf, total, "total fragments", NULL),
	DATA(struct ikev2_skf, data, "IV, ciphertext and ICV"),
};
LAYOUT(ikev2_skf_layout, "SKF payload", skf_fields, .min_data = 1, .finish = skf_finish);

/*
 *  Configuration attribute (3.15.1)
 *  |R| Attribute Type (15) | Length | Value (variable) |
 */
static const struct field cp_attr_fields[] = {
	/* The R bit is reserved: masked off, so ignored on receipt. */
	{ .kind = FK_UINT, .width = 2, .name = "attribute type", .mask = 0x7fff,
	  .values = &ikev2_cp_attr_names, .offset = offsetof(struct ikev2_cp_attr, type) },
	{ .kind = FK_VALUE_LENGTH, .width = 2, .name = "attribute length" },
	DATA(struct ikev2_cp_attr, value, "value"),
};
LAYOUT(ikev2_cp_attr_layout, "Configuration attribute", cp_attr_fields);

/*  Configuration payload (3.15): | CFG Type | RESERVED (3) | attributes | */
static const struct field cp_fields[] = {
	GENERIC_HEADER(struct ikev2_cp),
	UINT_STRICT(1, struct ikev2_cp, cfg_type, "CFG type", &ikev2_cfg_names),
	RESERVED(3),
	{ .kind = FK_LIST, .name = "configuration attributes" },
};
LAYOUT(ikev2_cp_layout, "CP payload", cp_fields,
       LIST_OF(struct ikev2_cp, attrs, n_attrs, ikev2_cp_attr_layout));

/*  EAP payload (3.16): the EAP message, at least its 4-octet header. */
static const struct field eap_fields[] = {
	GENERIC_HEADER(struct ikev2_opaque),
	DATA(struct ikev2_opaque, data, "EAP message"),
};
LAYOUT(ikev2_eap_layout, "EAP payload", eap_fields, .min_data = 4);

static const struct ikev2_payload_desc payload_descs[IKEV2_NP_INDEX_SIZE] = {
	[IKEV2_NP_SA] = { IKEV2_NP_SA, &ikev2_sa_layout, true },
	[IKEV2_NP_KE] = { IKEV2_NP_KE, &ikev2_ke_layout, true },
	[IKEV2_NP_IDi] = { IKEV2_NP_IDi, &ikev2_id_layout, true },
	[IKEV2_NP_IDr] = { IKEV2_NP_IDr, &ikev2_id_layout, true },
	[IKEV2_NP_CERT] = { IKEV2_NP_CERT, &ikev2_cert_layout, false },
	[IKEV2_NP_CERTREQ] = { IKEV2_NP_CERTREQ, &ikev2_certreq_layout, false },
	[IKEV2_NP_AUTH] = { IKEV2_NP_AUTH, &ikev2_auth_layout, true },
	[IKEV2_NP_NONCE] = { IKEV2_NP_NONCE, &ikev2_nonce_layout, true },
	[IKEV2_NP_N] = { IKEV2_NP_N, &ikev2_notify_layout, false },
	[IKEV2_NP_D] = { IKEV2_NP_D, &ikev2_delete_layout, false },
	[IKEV2_NP_V] = { IKEV2_NP_V, &ikev2_vendor_layout, false },
	[IKEV2_NP_TSi] = { IKEV2_NP_TSi, &ikev2_ts_payload_layout, true },
	[IKEV2_NP_TSr] = { IKEV2_NP_TSr, &ikev2_ts_payload_layout, true },
	[IKEV2_NP_SK] = { IKEV2_NP_SK, &ikev2_sk_layout, true },
	[IKEV2_NP_CP] = { IKEV2_NP_CP, &ikev2_cp_layout, true },
	[IKEV2_NP_EAP] = { IKEV2_NP_EAP, &ikev2_eap_layout, true },
	[IKEV2_NP_SKF] = { IKEV2_NP_SKF, &ikev2_skf_layout, true },
};

const struct ikev2_payload_desc *ikev2_payload_desc(unsigned type)
{
	if (type >= IKEV2_NP_INDEX_SIZE || payload_descs[type].layout == NULL)
		return NULL;
	return &payload_descs[type];
}

/* --- semantics the rows cannot express --- */

static const char *protocol_name(unsigned protocol)
{
	return name_of(&ikev2_notify_protocol_names, protocol);
}

/* 3.10: no SPI for notifies about the IKE SA (the protocol is then
 * ignored); a 4-octet SPI for ones about an AH or ESP SA. */
static bool notify_finish(void *decoded, struct diag *d)
{
	const struct ikev2_notify *n = decoded;

	if (n->spi_size == 0)
		return true;
	if ((n->protocol == IKEV2_PROTO_AH || n->protocol == IKEV2_PROTO_ESP) && n->spi_size == 4)
		return true;
	return diag(d, "SPI size %u is wrong for protocol %s (%u) (must be 0, or 4 for AH/ESP)",
		    n->spi_size, protocol_name(n->protocol), n->protocol);
}

/* 3.11: deleting the IKE SA names no SPI; AH and ESP SPIs are 4 octets. */
static bool delete_finish(void *decoded, struct diag *d)
{
	const struct ikev2_delete *del = decoded;

	if (del->protocol == IKEV2_PROTO_IKE) {
		if (del->spi_size != 0 || del->n_spis != 0)
			return diag(d, "deleting the IKE SA takes SPI size 0 and no SPIs, not size %u and %u SPIs",
				    del->spi_size, del->n_spis);
		return true;
	}
	if (del->spi_size != 4)
		return diag(d, "SPI size %u is wrong for protocol %s (must be 4)",
			    del->spi_size, protocol_name(del->protocol));
	return true;
}

/* RFC 7383 2.5: fragments are numbered from 1 up to the total. */
static bool skf_finish(void *decoded, struct diag *d)
{
	const struct ikev2_skf *f = decoded;

	if (f->number == 0 || f->total == 0 || f->number > f->total)
		return diag(d, "fragment number %u of %u is out of range", f->number, f->total);
	return true;
}

static size_t ts_addr_len(const void *decoded)
{
	const struct ikev2_ts *ts = decoded;

	switch (ts->type) {
	case IKEV2_TS_IPV4_ADDR_RANGE:
		return 4;
	case IKEV2_TS_IPV6_ADDR_RANGE:
		return 16;
	}
	return 0;
}
