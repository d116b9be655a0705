/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The status formatters (see connection_status.h).  Shapes and words
 * are Libreswan 4.10's show_one_connection(), show_state() and
 * show_traffic_status() output, so scripts that read them keep working.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "connection_status.h"
#include "connections_internal.h"

/* Bounded appending: an over-long line is cut, never overrun. */
struct line {
	char *buf;
	size_t cap, len;
};

static void put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct line *l, const char *fmt, ...)
{
	va_list ap;

	if (l->cap == 0 || l->len >= l->cap - 1)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(l->buf + l->len, l->cap - l->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	l->len += (size_t)n;
	if (l->len >= l->cap)
		l->len = l->cap - 1;
}

static struct line line_of(char *buf, size_t cap)
{
	if (cap > 0)
		buf[0] = '\0';
	return (struct line){ .buf = buf, .cap = cap, .len = 0 };
}

/* An ID as Libreswan's status shows it: as written in ipsec.conf,
 * except the anonymous one, which it names ID_NULL. */
static const char *status_id(const struct id *id, char buf[ID_FMT_BUF])
{
	if (id->kind == ID_NULL) {
		snprintf(buf, ID_FMT_BUF, "ID_NULL");
		return buf;
	}
	if (id->kind == ID_NONE) {
		snprintf(buf, ID_FMT_BUF, "(none)");
		return buf;
	}
	return id_fmt(id, buf);
}

/* The ID an end shows in brackets; false when it is just the host's
 * address (Libreswan leaves that out). */
static bool shown_id(const struct connection_end *e, char out[ID_FMT_BUF])
{
	if (e->id.kind == ID_NONE)
		return false;
	if (ip_address_is_set(&e->host)) {
		struct id addr = id_from_address(&e->host);
		if (id_eq(&addr, &e->id))
			return false;
	}
	status_id(&e->id, out);
	return true;
}

static void put_host(struct line *l, const struct connection_end *e)
{
	char ab[IP_FMT_BUF], idb[ID_FMT_BUF];

	if (ip_address_is_set(&e->host))
		put(l, "%s", ip_address_fmt(&e->host, ab));
	else
		put(l, "%%any");
	if (shown_id(e, idb))
		put(l, "[%s]", idb);
	const struct ip_selector *s = &e->selectors[0];
	if (!e->has_client && (s->ipproto != 0 || s->port != 0))
		put(l, ":%u/%u", s->ipproto, s->port);
}

static void put_clients(struct line *l, const struct connection_end *e)
{
	char sb[IP_FMT_BUF];

	for (unsigned i = 0; i < e->nr_selectors; i++) {
		const struct ip_selector *s = &e->selectors[i];
		put(l, "%s%s", i > 0 ? "," : "", ip_subnet_fmt(&s->subnet, sb));
		if (s->ipproto != 0 || s->port != 0)
			put(l, ":%u/%u", s->ipproto, s->port);
	}
}

/* Left: CLIENT===HOST[ID]---NEXTHOP; right mirrored. */
static void put_end(struct line *l, const struct connection_end *e,
		    const struct connection_end *other, bool is_left)
{
	char ab[IP_FMT_BUF];
	bool nexthop = ip_address_is_set(&e->nexthop) && !ip_address_eq(&e->nexthop, &other->host);

	if (is_left) {
		if (e->has_client) {
			put_clients(l, e);
			put(l, "===");
		}
		put_host(l, e);
		if (nexthop)
			put(l, "---%s", ip_address_fmt(&e->nexthop, ab));
	} else {
		if (nexthop)
			put(l, "%s---", ip_address_fmt(&e->nexthop, ab));
		put_host(l, e);
		if (e->has_client) {
			put(l, "===");
			put_clients(l, e);
		}
	}
}

size_t status_conn_path(const struct connection *c, char *buf, size_t cap)
{
	struct line l = line_of(buf, cap);
	/* This host's end first whichever side ipsec.conf put it on, as
	 * Libreswan prints "this...that" once a connection is oriented. */
	put_end(&l, &c->local, &c->remote, true);
	put(&l, "...");
	put_end(&l, &c->remote, &c->local, false);
	return l.len;
}

static const char *id_kind_name(const struct id *id)
{
	switch (id->kind) {
	case ID_NONE: return "ID_NONE";
	case ID_ANY: return "ID_NONE";	/* Libreswan shows %any this way */
	case ID_NULL: return "ID_NULL";
	case ID_FROMCERT: return "ID_FROMCERT";
	case ID_IPV4_ADDR: return "ID_IPV4_ADDR";
	case ID_IPV6_ADDR: return "ID_IPV6_ADDR";
	case ID_FQDN: return "ID_FQDN";
	case ID_USER_FQDN: return "ID_USER_FQDN";
	case ID_DN: return "ID_DER_ASN1_DN";
	case ID_KEY_ID: return "ID_KEY_ID";
	}
	return "ID_?";
}

/* An end's ID as status shows it: id=, else its address ID. */
static struct id end_display_id(const struct connection_end *e)
{
	if (e->id.kind == ID_NONE && ip_address_is_set(&e->host))
		return id_from_address(&e->host);
	return e->id;
}

static void put_proposals(struct line *l, const struct proposals *p)
{
	for (unsigned i = 0; i < p->count; i++) {
		char pb[256];
		proposal_str(&p->p[i], pb, sizeof(pb));
		put(l, "%s%s", i > 0 ? ", " : "", pb);
	}
}

void status_conn_lines(const struct connection *c, status_emit_fn *emit, void *arg)
{
	char buf[STATUS_LINE_MAX], name[CONNECTION_NAME_BUF], path[STATUS_LINE_MAX / 2];
	char ab[IP_FMT_BUF], idb1[ID_FMT_BUF], idb2[ID_FMT_BUF];
	const struct conn_config *cfg = c->config;
	struct line l;

	connection_name(c, name);
	status_conn_path(c, path, sizeof(path));
	l = line_of(buf, sizeof(buf));
	put(&l, "%s: %s; %s; eroute owner: #%u", name, path, routing_name(c->routing),
	    c->routing == RT_ROUTED_TUNNEL ? c->newest_child_sa : 0);
	emit(arg, buf);

	l = line_of(buf, sizeof(buf));
	put(&l, "%s:     %s; my_ip=%s; their_ip=unset; my_updown=%s;", name,
	    c->oriented ? "oriented" : "unoriented",
	    ip_address_is_set(&c->local.sourceip) ? ip_address_fmt(&c->local.sourceip, ab) : "unset",
	    c->local.updown != NULL ? c->local.updown : "<none>");
	emit(arg, buf);

	l = line_of(buf, sizeof(buf));
	put(&l, "%s:   retransmit-interval: %llums; retransmit-timeout: %llus; iketcp:no; "
	    "iketcp-port:4500;", name, (unsigned long long)cfg->retransmit_interval_ms,
	    (unsigned long long)(cfg->retransmit_timeout_ms / 1000));
	emit(arg, buf);

	struct id mine = end_display_id(&c->local), theirs = end_display_id(&c->remote);
	l = line_of(buf, sizeof(buf));
	put(&l, "%s:   our idtype: %s; our id=%s; their idtype: %s; their id=%s", name,
	    id_kind_name(&mine), status_id(&mine, idb1), id_kind_name(&theirs),
	    status_id(&theirs, idb2));
	emit(arg, buf);

	l = line_of(buf, sizeof(buf));
	put(&l, "%s:   liveness: %s; dpddelay:%llus; retransmit-timeout:%llus", name,
	    cfg->dpddelay_ms != 0 ? "active" : "passive",
	    (unsigned long long)(cfg->dpddelay_ms / 1000),
	    (unsigned long long)(cfg->retransmit_timeout_ms / 1000));
	emit(arg, buf);

	l = line_of(buf, sizeof(buf));
	put(&l, "%s:   nat-traversal: encaps:%s; keepalive:%s", name,
	    cfg->encapsulation == YNA_YES ? "yes" : cfg->encapsulation == YNA_NO ? "no" : "auto",
	    cfg->nat_keepalive ? "20s" : "no");
	emit(arg, buf);

	l = line_of(buf, sizeof(buf));
	put(&l, "%s:   newest IKE SA: #%u; newest IPsec SA: #%u; conn serial: $%u;", name,
	    c->newest_ike_sa, c->newest_child_sa, c->serial);
	if (c->kind == CK_INSTANCE && c->template_of != NULL)
		put(&l, " instantiated from: $%u;", c->template_of->serial);
	emit(arg, buf);

	l = line_of(buf, sizeof(buf));
	put(&l, "%s:   IKE algorithms: ", name);
	put_proposals(&l, &c->ike_proposals);
	emit(arg, buf);

	l = line_of(buf, sizeof(buf));
	put(&l, "%s:   ESP algorithms: ", name);
	put_proposals(&l, &c->esp_proposals);
	emit(arg, buf);
}

const char *status_humber(uint64_t n, char buf[32])
{
	/* Libreswan shortens in steps of 1000 once a count passes one. */
	static const char *const units[] = { "B", "KB", "MB", "GB", "TB", "PB" };
	unsigned u = 0;

	while (n > 1000 && u + 1 < sizeof(units) / sizeof(units[0])) {
		n /= 1000;
		u++;
	}
	snprintf(buf, 32, "%llu%s", (unsigned long long)n, units[u]);
	return buf;
}

const char *status_max_bytes(uint64_t hard_bytes, char buf[32])
{
	/* Libreswan prints its default as 2^63B and a configured
	 * ipsec-max-bytes= in the largest binary unit it reaches, the
	 * count truncated: 1MiB for 1MiB and for 1.5MiB alike). */
	static const char *const units[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	unsigned u = 0;

	if (hard_bytes == 0) {
		snprintf(buf, 32, "2^63B");
		return buf;
	}
	while (u + 1 < sizeof(units) / sizeof(units[0]) && hard_bytes >> (10 * (u + 1)) != 0)
		u++;
	snprintf(buf, 32, "%llu%sB", (unsigned long long)(hard_bytes >> (10 * u)), units[u]);
	return buf;
}

static const char *sa_name(const struct connection *c, char buf[CONNECTION_NAME_BUF])
{
	if (c == NULL) {
		snprintf(buf, CONNECTION_NAME_BUF, "\"?\"");
		return buf;
	}
	return connection_name(c, buf);
}

void status_traffic_line(const struct child_sa *child, uint64_t in, uint64_t out,
			 char *buf, size_t cap)
{
	struct line l = line_of(buf, cap);
	char name[CONNECTION_NAME_BUF], idb[ID_FMT_BUF], max[32];
	const struct ike_sa *ike = child->ike;

	put(&l, "#%lu: %s, type=ESP, add_time=%lld, inBytes=%llu, outBytes=%llu, maxBytes=%s",
	    child->serial, sa_name(child->c, name), (long long)child->established_at,
	    (unsigned long long)in, (unsigned long long)out,
	    status_max_bytes(child->kernel_limits.hard_bytes, max));
	if (ike != NULL && ike->peer_id.kind != ID_NONE)
		put(&l, ", id='%s'", status_id(&ike->peer_id, idb));
}

void status_ike_line(const struct ike_sa *ike, const char *state_name, const char *story,
		     char *buf, size_t cap)
{
	struct line l = line_of(buf, cap);
	char name[CONNECTION_NAME_BUF];

	put(&l, "#%lu: %s:%u %s (%s);", ike->serial, sa_name(ike->c, name), ike->remote_port,
	    state_name, story);
	if (ike->c != NULL && ike->c->newest_ike_sa == ike->serial)
		put(&l, " newest;");
	put(&l, " idle;");
}

void status_child_lines(const struct child_sa *child, const char *state_name, const char *story,
			uint64_t in, uint64_t out, char *line1, char *line2, size_t cap)
{
	struct line l = line_of(line1, cap);
	char name[CONNECTION_NAME_BUF], h1[32], h2[32], h3[32];
	char me[IP_FMT_BUF], peer[IP_FMT_BUF];
	const struct ike_sa *ike = child->ike;
	const struct connection *c = child->c;

	sa_name(c, name);
	put(&l, "#%lu: %s:%u %s (%s);", child->serial, name, ike != NULL ? ike->remote_port : 0,
	    state_name, story);
	if (c != NULL && c->newest_child_sa == child->serial) {
		put(&l, " newest;");
		if (c->routing == RT_ROUTED_TUNNEL)
			put(&l, " eroute owner;");
	}
	if (ike != NULL)
		put(&l, " IKE SA #%lu;", ike->serial);
	put(&l, " idle;");

	l = line_of(line2, cap);
	if (ike != NULL) {
		ip_address_fmt(&ike->local, me);
		ip_address_fmt(&ike->remote, peer);
	} else {
		snprintf(me, sizeof(me), "?");
		snprintf(peer, sizeof(peer), "?");
	}
	put(&l, "#%lu: %s esp.%x@%s esp.%x@%s", child->serial, name, child->spi_out, peer,
	    child->spi_in, me);
	if (!child->transport)
		put(&l, " tun.0@%s tun.0@%s", peer, me);
	put(&l, " Traffic: ESPin=%s ESPout=%s ESPmax=%s", status_humber(in, h1),
	    status_humber(out, h2), status_max_bytes(child->kernel_limits.hard_bytes, h3));
}
