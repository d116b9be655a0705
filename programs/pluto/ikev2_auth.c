/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE_AUTH (RFC 7296 1.2, 2.15): IDi/IDr, AUTH with a PSK (authby=secret)
 * or AUTH_NULL (authby=null, RFC 7619), INITIAL_CONTACT, and the first
 * Child SA: SA2, TSi, TSr (narrowing, 2.9), USE_TRANSPORT_MODE.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "clock.h"
#include "connections.h"
#include "crypto/auth.h"
#include "ikev2.h"
#include "ikev2_rekey.h"
#include "ikev2_ts.h"
#include "log.h"

/* ---- identities ---- */

/* The ID payload body after its generic header: type, 3 reserved, data. */
struct id_body {
	uint8_t buf[4 + ID_NAME_MAX + 16];
	size_t len;
};

static bool id_to_body(const struct id *id, struct id_body *b, struct diag *d)
{
	uint8_t type = id_ike_type(id);

	if (type == 0)
		return diag(d, "this ID cannot be sent");
	memset(b->buf, 0, 4);
	b->buf[0] = type;
	b->len = 4;
	switch (id->kind) {
	case ID_IPV4_ADDR:
	case ID_IPV6_ADDR:
		memcpy(b->buf + 4, id->addr.bytes, ip_address_len(&id->addr));
		b->len += ip_address_len(&id->addr);
		return true;
	case ID_FQDN:
	case ID_USER_FQDN:
	case ID_KEY_ID:
		if (id->len > ID_NAME_MAX)
			return diag(d, "ID too long");
		memcpy(b->buf + 4, id->name, id->len);
		b->len += id->len;
		return true;
	case ID_NULL:
		return true;
	default:
		return diag(d, "ID type %u is not supported for sending", (unsigned)id->kind);
	}
}

/* Hostile ID payload data to a struct id. */
static bool id_from_payload(const struct ikev2_id *p, struct id *id, struct diag *d)
{
	memset(id, 0, sizeof(*id));
	switch (p->type) {
	case IKEV2_ID_IPV4_ADDR:
		id->kind = ID_IPV4_ADDR;
		return ip_address_from_bytes(AF_INET, p->data, &id->addr, d);
	case IKEV2_ID_IPV6_ADDR:
		id->kind = ID_IPV6_ADDR;
		return ip_address_from_bytes(AF_INET6, p->data, &id->addr, d);
	case IKEV2_ID_FQDN:
	case IKEV2_ID_RFC822_ADDR:
	case IKEV2_ID_KEY_ID:
		if (p->data.len == 0 || p->data.len > ID_NAME_MAX)
			return diag(d, "%s ID of %zu octets", name_of(&ikev2_id_names, p->type),
				    p->data.len);
		id->kind = p->type == IKEV2_ID_FQDN ? ID_FQDN :
			   p->type == IKEV2_ID_RFC822_ADDR ? ID_USER_FQDN : ID_KEY_ID;
		/* Text IDs are compared and printed: refuse control octets. */
		if (id->kind != ID_KEY_ID) {
			for (size_t i = 0; i < p->data.len; i++)
				if (p->data.ptr[i] < 0x20 || p->data.ptr[i] == 0x7f)
					return diag(d, "%s ID contains a control character",
						    name_of(&ikev2_id_names, p->type));
		}
		memcpy(id->name, p->data.ptr, p->data.len);
		id->len = (uint16_t)p->data.len;
		return true;
	case IKEV2_ID_NULL:
		id->kind = ID_NULL;
		return true;
	default:
		return diag(d, "peer ID type %s is not supported",
			    name_of(&ikev2_id_names, p->type));
	}
}

/* Our ID: leftid=, the host address when unset, ID_NULL for authby=null
 * without an explicit ID. */
static struct id local_id(const struct ike_sa *ike)
{
	const struct connection *c = ike->c;
	struct id id = c->local.id;

	if (c->config != NULL && c->config->authby == AUTHBY_NULL &&
	    (id.kind == ID_NONE || id_is_any(&id)))
		id = (struct id){ .kind = ID_NULL };
	if (id.kind == ID_NONE || id.kind == ID_ANY)
		id = id_from_address(&ike->local);
	return id;
}

static const char *id_type_name(const struct id *id)
{
	uint8_t t = id_ike_type(id);

	switch (t) {
	case IKEV2_ID_IPV4_ADDR: return "ID_IPV4_ADDR";
	case IKEV2_ID_IPV6_ADDR: return "ID_IPV6_ADDR";
	case IKEV2_ID_FQDN: return "ID_FQDN";
	case IKEV2_ID_RFC822_ADDR: return "ID_USER_FQDN";
	case IKEV2_ID_KEY_ID: return "ID_KEY_ID";
	case IKEV2_ID_NULL: return "ID_NULL";
	}
	return "ID_?";
}

/* ---- AUTH ---- */

static enum conn_authby conn_authby(const struct connection *c)
{
	return c->config != NULL && c->config->authby != AUTHBY_UNSET ? c->config->authby
								       : AUTHBY_SECRET;
}

/* Libreswan's words in "authenticated peer using authby=..." */
static const char *authby_name(enum conn_authby a)
{
	switch (a) {
	case AUTHBY_SECRET: return "secret";
	case AUTHBY_NULL: return "null";
	case AUTHBY_NEVER: return "never";
	case AUTHBY_UNSET: break;
	}
	return "unset";
}

/* Our AUTH over our IKE_SA_INIT message, the peer's nonce, our ID. */
static bool compute_auth(struct ike_sa *ike, const struct id_body *idb, uint8_t *method,
			 uint8_t out[PRF_MAX_SIZE], size_t *out_len, struct diag *d)
{
	bool initiator = ike->role == SA_ROLE_INITIATOR;
	struct auth_signed_octets o = {
		.real_message = initiator ? BYTES(ike->init_request.bytes, ike->init_request.len)
					  : BYTES(ike->init_response.bytes, ike->init_response.len),
		.nonce = initiator ? BYTES(ike->nr, ike->nr_len) : BYTES(ike->ni, ike->ni_len),
		.id_body = BYTES(idb->buf, idb->len),
		.sk_p = initiator ? ike->keys.sk_pi : ike->keys.sk_pr,
	};

	switch (conn_authby(ike->c)) {
	case AUTHBY_SECRET: {
		struct bytes psk;
		*method = IKEv2_AUTH_PSK;
		if (!connection_psk(ike->c, ike->peer_id.kind != ID_NONE ? &ike->peer_id : NULL,
				    &psk, d))
			return false;
		return ikev2_psk_auth(ike->keys.suite.prf, psk, &o, out, out_len, d);
	}
	case AUTHBY_NULL:
		*method = IKEv2_AUTH_NULL;
		return ikev2_null_auth(ike->keys.suite.prf, &o, out, out_len, d);
	default:
		return diag(d, "authby=%s cannot authenticate IKEv2", authby_name(conn_authby(ike->c)));
	}
}

/* The peer's AUTH over its IKE_SA_INIT message, our nonce, its ID. */
static bool verify_auth(struct ike_sa *ike, const struct ikev2_payload *idp,
			const struct ikev2_auth *auth, const struct id *peer, struct diag *d)
{
	bool initiator = ike->role == SA_ROLE_INITIATOR;	/* we verify the responder */
	if (idp->raw.len < IKEV2_GENERIC_HDR_SIZE + 4)
		return diag(d, "ID payload too short");
	struct auth_signed_octets o = {
		.real_message = initiator ? BYTES(ike->init_response.bytes, ike->init_response.len)
					  : BYTES(ike->init_request.bytes, ike->init_request.len),
		.nonce = initiator ? BYTES(ike->ni, ike->ni_len) : BYTES(ike->nr, ike->nr_len),
		.id_body = BYTES(idp->raw.ptr + IKEV2_GENERIC_HDR_SIZE,
				 idp->raw.len - IKEV2_GENERIC_HDR_SIZE),
		.sk_p = initiator ? ike->keys.sk_pr : ike->keys.sk_pi,
	};
	enum conn_authby want = conn_authby(ike->c);

	switch (want) {
	case AUTHBY_SECRET: {
		struct bytes psk;
		if (auth->method != IKEv2_AUTH_PSK)
			return diag(d, "peer used auth method %s but authby=secret",
				    name_of(&ikev2_auth_names, auth->method));
		if (!connection_psk(ike->c, peer, &psk, d))
			return false;
		return ikev2_psk_auth_verify(ike->keys.suite.prf, psk, &o, auth->data, d);
	}
	case AUTHBY_NULL:
		if (auth->method != IKEv2_AUTH_NULL)
			return diag(d, "peer used auth method %s but authby=null",
				    name_of(&ikev2_auth_names, auth->method));
		return ikev2_null_auth_verify(ike->keys.suite.prf, &o, auth->data, d);
	default:
		return diag(d, "authby=%s cannot authenticate IKEv2", authby_name(want));
	}
}

/* "ID_FQDN '@east'", "ID_NULL 'ID_NULL'" as Libreswan 4.10 prints them. */
static const char *peer_id_fmt(const struct id *id, char *buf, size_t cap)
{
	char idb[ID_FMT_BUF];

	snprintf(buf, cap, "%s '%s'", id_type_name(id),
		 id->kind == ID_NULL ? "ID_NULL" : id_fmt(id, idb));
	return buf;
}

static void log_ike_established(struct ike_sa *ike)
{
	char idb[ID_FMT_BUF + 32];

	ike_log(ike, "%s established IKE SA; authenticated peer using authby=%s and %s",
		ike->role == SA_ROLE_INITIATOR ? "initiator" : "responder",
		authby_name(conn_authby(ike->c)), peer_id_fmt(&ike->peer_id, idb, sizeof(idb)));
}

/* RFC 7296 2.4: the peer says it has no other SA with us; drop the old
 * ones (their Child SAs and kernel state with them) without a Delete. */
static void process_initial_contact(struct ike_sa *ike)
{
	struct ike_sa *old;

	do {
		old = NULL;
		for (unsigned b = 0; b < 256 && old == NULL; b++) {
			for (struct ike_sa *o = ike->env->spi_hash[b]; o != NULL; o = o->next_hash) {
				if (o != ike && o->c != NULL && ike->c != NULL &&
				    (o->c == ike->c || o->c->template_of == ike->c->template_of) &&
				    ip_address_eq(&o->remote, &ike->remote) &&
				    id_eq(&o->peer_id, &ike->peer_id) &&
				    o->state == IKE_STATE_ESTABLISHED) {
					old = o;
					break;
				}
			}
		}
		if (old != NULL) {
			ike_log(ike, "INITIAL_CONTACT: deleting older IKE SA #%lu of this peer",
				old->serial);
			ike_sa_delete(old);
		}
	} while (old != NULL);
}

/*
 * uniqueids=yes: the peer's ID names one peer, so its new IKE SA
 * replaces the older ones of the same connection (or of an instance of
 * the same template), wherever it now comes from (a restarted peer
 * behind a NAT gets a new port or address).  Unlike INITIAL_CONTACT the
 * peer may still use the old SA, so it is told (Delete).
 */
static void replace_older_ike_sas(struct ike_sa *ike)
{
	struct ike_sa *old;

	do {
		old = NULL;
		for (unsigned b = 0; b < 256 && old == NULL; b++) {
			for (struct ike_sa *o = ike->env->spi_hash[b]; o != NULL; o = o->next_hash) {
				if (o != ike && o->c != NULL && ike->c != NULL &&
				    (o->c == ike->c ||
				     (o->c->template_of != NULL &&
				      o->c->template_of == ike->c->template_of)) &&
				    id_eq(&o->peer_id, &ike->peer_id) &&
				    o->state == IKE_STATE_ESTABLISHED) {
					old = o;
					break;
				}
			}
		}
		if (old != NULL) {
			ike_log(ike, "uniqueids: replacing older IKE SA #%lu of peer with the same ID",
				old->serial);
			ike_sa_delete_notify(old);
		}
	} while (old != NULL);
}

/*
 * No other IKE SA of ours talks to this peer, nor is one announcing a
 * fresh start already: announce one.  Without the second half, IKE SAs
 * initiated together (connections to one peer at start) would each say
 * INITIAL_CONTACT, and the peer would delete each one's elder siblings.
 */
static bool first_contact(const struct ike_sa *ike)
{
	for (unsigned b = 0; b < 256; b++)
		for (const struct ike_sa *o = ike->env->spi_hash[b]; o != NULL; o = o->next_hash)
			if (o != ike && ip_address_eq(&o->remote, &ike->remote) &&
			    (o->state == IKE_STATE_ESTABLISHED ||
			     (o->state == IKE_STATE_PARENT_I2 && o->initial_contact_sent)))
				return false;
	return true;
}

/* ---- Child SA payloads ---- */

static bool conn_transport(const struct connection *c)
{
	return c->config != NULL && c->config->type == TYPE_TRANSPORT;
}

/* Our ESP proposals for IKE_AUTH: no DH, SPI set to our inbound SPI. */
static void child_offer(const struct child_sa *child, struct proposals *p)
{
	*p = child->c->esp_proposals;
	proposals_set_child_dh(p, NULL);
	for (unsigned i = 0; i < p->count; i++) {
		p->p[i].protocol = SA_PROTO_ESP;
		p->p[i].spi_size = 4;
		uint32_t be = htonl(child->spi_in);
		memcpy(p->p[i].spi, &be, 4);
	}
}

static bool add_child_sa_payload(struct ikev2_builder *b, const struct proposals *p, bool offer,
				 struct diag *d)
{
	uint8_t body[2048];
	struct buf sab = BUF(body, sizeof(body));

	if (!sa_payload_emit(p, offer, &sab, d))
		return false;
	if (sab.overflow)
		return diag(d, "esp= proposals do not fit in an SA payload");
	return ikev2_add_sa_body(b, buf_bytes(&sab), d);
}

static bool add_ts(struct ikev2_builder *b, unsigned type, const struct ip_selector *sel,
		   struct diag *d)
{
	struct ikev2_ts_payload ts = { .n_ts = 1 };

	ts_from_selector(sel, &ts.ts[0]);
	return ikev2_add_ts(b, type, &ts, d);
}

/* ---- initiator ---- */

bool ikev2_auth_initiate(struct ike_sa *ike, struct diag *d)
{
	struct connection *c = ike->c;
	struct id me = local_id(ike);
	struct id_body idb;
	uint8_t auth[PRF_MAX_SIZE], method;
	size_t auth_len;

	if (!id_to_body(&me, &idb, d) || !compute_auth(ike, &idb, &method, auth, &auth_len, d))
		return false;

	struct child_sa *child = child_sa_new(ike, c);
	if (child == NULL)
		return diag(d, "out of memory");
	ike->first_child = child;
	rekey_child_limits(child, true);
	child->transport = conn_transport(c);
	child->local_ts = c->local.selectors[0];
	child->remote_ts = c->remote.selectors[0];
	if (!child_alloc_spi(child, SPI_ANNOUNCED_IN_IKE_AUTH, d))
		return false;

	struct proposals *offer = calloc(1, sizeof(*offer));
	struct ikev2_out *o = calloc(1, sizeof(*o));
	bool ok = offer != NULL && o != NULL;
	if (!ok)
		diag(d, "out of memory");
	if (ok) {
		child_offer(child, offer);
		ike->initial_contact_sent = first_contact(ike);
		ok = ikev2_out_start(o, ike, IKEV2_EXCH_IKE_AUTH, false, 0, true, d) &&
		     ikev2_add_id(&o->bld, IKEV2_NP_IDi, idb.buf[0],
				  BYTES(idb.buf + 4, idb.len - 4), d) &&
		     (!ike->initial_contact_sent ||
		      ikev2_add_notify(&o->bld, 0, NO_BYTES, IKEV2_N_INITIAL_CONTACT, NO_BYTES, d)) &&
		     ikev2_add_auth(&o->bld, method, BYTES(auth, auth_len), d) &&
		     (!child->transport ||
		      ikev2_add_notify(&o->bld, 0, NO_BYTES, IKEV2_N_USE_TRANSPORT_MODE, NO_BYTES, d)) &&
		     add_child_sa_payload(&o->bld, offer, true, d) &&
		     add_ts(&o->bld, IKEV2_NP_TSi, &child->local_ts, d) &&
		     add_ts(&o->bld, IKEV2_NP_TSr, &child->remote_ts, d) &&
		     ikev2_out_finish(o, ike, d) && ikev2_send_request(ike, o, d);
	}
	secure_zero(auth, sizeof(auth));
	if (ok) {
		char suite[160];
		ike->state = IKE_STATE_PARENT_I2;
		ike_log(ike, "sent IKE_AUTH request %s",
			suite_fmt(&ike->keys.suite, suite, sizeof(suite)));
	}
	free(offer);
	free(o);
	return ok;
}

/* The Child SA part of the responder's answer (after the IKE SA is up). */
static void initiator_child(struct ike_sa *ike, struct ikev2_msg *m)
{
	struct child_sa *child = ike->first_child;
	struct diag d;

	if (child == NULL)
		return;
	/* An error notify instead of SA/TS: the Child SA was refused. */
	for (const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_N); p != NULL;
	     p = ikev2_msg_next_of_type(m, p)) {
		if (p->u.n.type < IKEV2_N_STATUS_FIRST) {
			child_log(child, "IKE_AUTH response rejected Child SA with %s",
				  name_of(&ikev2_notify_names, p->u.n.type));
			goto fail;
		}
	}
	const struct ikev2_payload *sa = ikev2_msg_first(m, IKEV2_NP_SA);
	if (sa == NULL || ikev2_msg_first(m, IKEV2_NP_TSi) == NULL ||
	    ikev2_msg_first(m, IKEV2_NP_TSr) == NULL || sa->raw.len < IKEV2_GENERIC_HDR_SIZE) {
		child_log(child, "IKE_AUTH response has no Child SA (SA, TSi, TSr missing)");
		goto fail;
	}
	struct proposals *offer = calloc(1, sizeof(*offer));
	struct proposals *answer = calloc(1, sizeof(*answer));
	bool ok = offer != NULL && answer != NULL;
	if (ok) {
		child_offer(child, offer);
		ok = sa_payload_parse(sa->u.sa.body, answer, &d) &&
		     proposals_check_answer(offer, answer, SA_PROTO_ESP, 4, &child->chosen, &d) &&
		     proposal_to_suite(&child->chosen, &child->suite, &d);
	} else {
		diag(&d, "out of memory");
	}
	free(offer);
	free(answer);
	if (!ok) {
		child_log(child, "IKE_AUTH response: unacceptable Child SA proposal: %s", d.msg);
		goto fail;
	}
	uint32_t spi;
	memcpy(&spi, child->chosen.spi, 4);
	child->spi_out = ntohl(spi);
	if (child->spi_out < 256) {
		child_log(child, "IKE_AUTH response: reserved ESP SPI 0x%x", child->spi_out);
		goto fail;
	}
	bool narrowing = conn_narrowing(child->c);
	if (!ts_check_answer(&m->tsi, &child->c->local.selectors[0], narrowing, &child->local_ts, &d) ||
	    !ts_check_answer(&m->tsr, &child->c->remote.selectors[0], narrowing, &child->remote_ts, &d)) {
		child_log(child, "IKE_AUTH response: traffic selectors unacceptable: %s", d.msg);
		goto fail;
	}
	bool transport = ikev2_msg_notify(m, IKEV2_N_USE_TRANSPORT_MODE) != NULL;
	if (transport != child->transport) {
		child_log(child, "IKE_AUTH response: the responder %s transport mode but type=%s",
			  transport ? "accepted" : "refused",
			  child->transport ? "transport" : "tunnel");
		goto fail;
	}
	if (!child_install(child, &d)) {
		child_log(child, "installing the Child SA failed: %s", d.msg);
		goto fail;
	}
	rekey_child_established(child);
	child_announce(child);
	ike_whack_done(ike, true);
	return;
fail:
	child_sa_delete(child);
	/* No Child SA: the IKE SA has no purpose; tell the peer. */
	ike_sa_delete_notify(ike);
}

void ikev2_auth_process_response(struct ike_sa *ike, struct ikev2_msg *m)
{
	struct diag d;
	const struct ikev2_payload *idr = ikev2_msg_first(m, IKEV2_NP_IDr);
	const struct ikev2_payload *auth = ikev2_msg_first(m, IKEV2_NP_AUTH);

	if (idr == NULL || auth == NULL) {
		const char *why = "no IDr or AUTH";
		for (const struct ikev2_payload *p = ikev2_msg_first(m, IKEV2_NP_N); p != NULL;
		     p = ikev2_msg_next_of_type(m, p)) {
			if (p->u.n.type < IKEV2_N_STATUS_FIRST) {
				why = name_of(&ikev2_notify_names, p->u.n.type);
				break;
			}
		}
		ike_log(ike, "IKE SA authentication request rejected by peer: %s", why);
		ike_sa_delete(ike);
		return;
	}
	struct id peer;
	if (!id_from_payload(&idr->u.id, &peer, &d)) {
		ike_log(ike, "IKE_AUTH response: bad IDr: %s", d.msg);
		ike_sa_delete_notify(ike);
		return;
	}
	const struct id *want = &ike->c->remote.id;
	if (want->kind != ID_NONE && !id_is_any(want) && !id_eq(want, &peer) &&
	    !(want->kind == ID_NULL && peer.kind == ID_NULL)) {
		char a[ID_FMT_BUF], b[ID_FMT_BUF];
		ike_log(ike, "IKE_AUTH response: peer ID '%s' is not the expected '%s'",
			id_fmt(&peer, a), id_fmt(want, b));
		ike_sa_delete_notify(ike);
		return;
	}
	if (want->kind == ID_NONE && conn_authby(ike->c) == AUTHBY_SECRET) {
		/* rightid= unset: the peer must use its address. */
		struct id addr_id = id_from_address(&ike->c->remote.host);
		if (!id_eq(&addr_id, &peer)) {
			char a[ID_FMT_BUF], b[ID_FMT_BUF];
			ike_log(ike, "IKE_AUTH response: peer ID '%s' is not the expected '%s'",
				id_fmt(&peer, a), id_fmt(&addr_id, b));
			ike_sa_delete_notify(ike);
			return;
		}
	}
	if (!verify_auth(ike, idr, &auth->u.auth, &peer, &d)) {
		ike_log(ike, "authentication of the responder failed: %s", d.msg);
		ike_sa_delete_notify(ike);
		return;
	}
	ike->peer_id = peer;
	ike->state = IKE_STATE_ESTABLISHED;
	ike->established_at = clock_real_seconds();
	ike_pacing_release(ike);
	ike_sa_auth_done(ike);
	ike->c->newest_ike_sa = ike->serial;
	log_ike_established(ike);
	ike_liveness_start(ike);
	ike_nat_keepalive_start(ike);
	rekey_ike_established(ike);
	ike_revival_cancel(ike->c);
	/* May delete IKE (a refused Child SA): nothing may follow. */
	initiator_child(ike, m);
}

/* ---- responder ---- */

/* Answer with a notify only (the IKE SA failed): encrypted, cached. */
static void respond_notify(struct ike_sa *ike, uint32_t msgid, uint16_t type)
{
	struct diag d;

	if (!ikev2_respond_notify(ike, IKEV2_EXCH_IKE_AUTH, msgid, type, &d))
		ike_log(ike, "cannot send %s: %s", name_of(&ikev2_notify_names, type), d.msg);
}

/*
 * The connection for the first Child SA: the IKE SA's, or, when the
 * peer's traffic selectors do not fit it, another one between the same
 * hosts that they fit (several subnet pairs between two gateways are
 * several connections, and the peer's IDs alone pick the first of them).
 * The IKE SA moves to that connection, as in Libreswan.
 */
static struct connection *child_connection(struct ike_sa *ike, struct ikev2_msg *m)
{
	struct connection *c = ike->c, *better;
	const struct ikev2_payload *sa = ikev2_msg_first(m, IKEV2_NP_SA);

	if (sa == NULL || sa->raw.len < IKEV2_GENERIC_HDR_SIZE || child_ts_fit(c, m) ||
	    (better = connection_refine_by_ts(c, &ike->peer_id, child_ts_fit, m)) == NULL)
		return c;
	char name[CONNECTION_NAME_BUF];
	ike_log(ike, "switched to %s: the peer's traffic selectors fit it",
		connection_name(better, name));
	if (c->newest_ike_sa == ike->serial)
		c->newest_ike_sa = 0;
	ike->c = better;
	better->newest_ike_sa = ike->serial;
	connection_state_gone(c);
	return better;
}

/* Decide the Child SA; on success CHILD is installed.  Else *ERR is the
 * notify to answer with. */
static struct child_sa *responder_child(struct ike_sa *ike, struct ikev2_msg *m, uint16_t *err)
{
	struct diag d;
	const struct ikev2_payload *sa = ikev2_msg_first(m, IKEV2_NP_SA);

	*err = 0;
	if (sa == NULL || sa->raw.len < IKEV2_GENERIC_HDR_SIZE)
		return NULL;	/* childless (RFC 6023): nothing asked */
	struct connection *c = ike->c;
	struct child_sa *child = child_sa_new(ike, c);
	if (child == NULL) {
		*err = IKEV2_N_TEMPORARY_FAILURE;
		return NULL;
	}
	ike->first_child = child;
	rekey_child_limits(child, false);
	struct proposals *mine = calloc(1, sizeof(*mine));
	struct proposals *theirs = calloc(1, sizeof(*theirs));
	bool ok = mine != NULL && theirs != NULL;
	if (ok) {
		*mine = c->esp_proposals;
		proposals_set_child_dh(mine, NULL);
		ok = sa_payload_parse(sa->u.sa.body, theirs, &d) &&
		     proposals_choose(mine, theirs, SA_PROTO_ESP, 4, &child->chosen, &d) &&
		     proposal_to_suite(&child->chosen, &child->suite, &d);
	} else {
		diag(&d, "out of memory");
	}
	free(mine);
	free(theirs);
	if (!ok) {
		child_log(child, "IKE_AUTH request: %s; responding with NO_PROPOSAL_CHOSEN", d.msg);
		*err = IKEV2_N_NO_PROPOSAL_CHOSEN;
		goto fail;
	}
	uint32_t spi;
	memcpy(&spi, child->chosen.spi, 4);
	child->spi_out = ntohl(spi);
	if (child->spi_out < 256) {
		child_log(child, "IKE_AUTH request: reserved ESP SPI 0x%x; responding with "
			  "NO_PROPOSAL_CHOSEN", child->spi_out);
		*err = IKEV2_N_NO_PROPOSAL_CHOSEN;
		goto fail;
	}
	/* TSi is the peer's side, TSr ours. */
	bool narrowing = conn_narrowing(c);
	if (!ts_narrow_responder(&m->tsi, &c->remote.selectors[0], narrowing, &child->remote_ts, &d) ||
	    !ts_narrow_responder(&m->tsr, &c->local.selectors[0], narrowing, &child->local_ts, &d)) {
		child_log(child, "IKE_AUTH request: %s; responding with TS_UNACCEPTABLE", d.msg);
		*err = IKEV2_N_TS_UNACCEPTABLE;
		goto fail;
	}
	bool peer_transport = ikev2_msg_notify(m, IKEV2_N_USE_TRANSPORT_MODE) != NULL;
	if (conn_transport(c) && !peer_transport) {
		child_log(child, "IKE_AUTH request: type=transport but the peer asked for tunnel "
			  "mode; responding with NO_PROPOSAL_CHOSEN");
		*err = IKEV2_N_NO_PROPOSAL_CHOSEN;
		goto fail;
	}
	/* A tunnel conn answers a transport request with tunnel mode (no
	 * notify back), which the peer may refuse. */
	child->transport = conn_transport(c) && peer_transport;
	if (!child_alloc_spi(child, SPI_INSTALLED_FIRST, &d) || !child_install(child, &d)) {
		child_log(child, "installing the Child SA failed: %s", d.msg);
		*err = IKEV2_N_TEMPORARY_FAILURE;
		goto fail;
	}
	return child;
fail:
	child_sa_delete(child);
	return NULL;
}

void ikev2_auth_process_request(struct ike_sa *ike, struct ikev2_msg *m)
{
	struct diag d;
	uint32_t msgid = m->hdr.msgid;
	const struct ikev2_payload *idi = ikev2_msg_first(m, IKEV2_NP_IDi);
	const struct ikev2_payload *auth = ikev2_msg_first(m, IKEV2_NP_AUTH);
	struct id peer;

	if (idi == NULL || auth == NULL) {
		ike_log(ike, "IKE_AUTH request without IDi or AUTH; responding with "
			"AUTHENTICATION_FAILED");
		goto auth_failed;
	}
	if (!id_from_payload(&idi->u.id, &peer, &d)) {
		ike_log(ike, "IKE_AUTH request: bad IDi: %s; responding with AUTHENTICATION_FAILED",
			d.msg);
		goto auth_failed;
	}
	/* The peer's ID may pick a better connection between the same
	 * addresses (rightid=). */
	struct id our_id_storage, *our_id = NULL;
	const struct ikev2_payload *idr = ikev2_msg_first(m, IKEV2_NP_IDr);
	if (idr != NULL && id_from_payload(&idr->u.id, &our_id_storage, &d))
		our_id = &our_id_storage;
	struct connection *c = connection_refine_by_ids(ike->c, &peer, our_id);
	if (c == NULL) {
		char idb[ID_FMT_BUF];
		ike_log(ike, "no connection accepts peer ID '%s'; responding with "
			"AUTHENTICATION_FAILED", id_fmt(&peer, idb));
		goto auth_failed;
	}
	if (c != ike->c) {
		/* The instance made at IKE_SA_INIT time may now be unused. */
		struct connection *old = ike->c;
		ike->c = c;
		connection_state_gone(old);
	}
	if (!verify_auth(ike, idi, &auth->u.auth, &peer, &d)) {
		char idb[ID_FMT_BUF + 32];
		/* Libreswan 4.10's words for a wrong PSK. */
		bool mismatch = strncmp(d.msg, "AUTH mismatch", 13) == 0;
		ike_log(ike, "authentication failed: %s%s peer %s",
			mismatch ? "computed hash does not match hash received" : d.msg,
			mismatch ? " from" : "; from", peer_id_fmt(&peer, idb, sizeof(idb)));
		goto auth_failed;
	}
	ike->peer_id = peer;
	/* Before uniqueids= and INITIAL_CONTACT look for this connection's
	 * other IKE SAs: it may not be this one. */
	c = child_connection(ike, m);
	if (ike->state == IKE_STATE_PARENT_R1 && ike->env->half_open > 0)
		ike->env->half_open--;
	ike->state = IKE_STATE_ESTABLISHED;
	ike->established_at = clock_real_seconds();
	c->newest_ike_sa = ike->serial;
	log_ike_established(ike);
	ike_liveness_start(ike);
	ike_nat_keepalive_start(ike);
	rekey_ike_established(ike);
	ike_revival_cancel(c);
	if (ikev2_msg_notify(m, IKEV2_N_INITIAL_CONTACT) != NULL)
		process_initial_contact(ike);
	else if (ike->env->uniqueids)
		replace_older_ike_sas(ike);

	uint16_t child_err = 0;
	struct child_sa *child = responder_child(ike, m, &child_err);

	struct id me = local_id(ike);
	struct id_body idb;
	uint8_t authv[PRF_MAX_SIZE], method;
	size_t auth_len;
	struct ikev2_out *o = calloc(1, sizeof(*o));
	bool ok = o != NULL && id_to_body(&me, &idb, &d) &&
		  compute_auth(ike, &idb, &method, authv, &auth_len, &d) &&
		  ikev2_out_start(o, ike, IKEV2_EXCH_IKE_AUTH, true, msgid, true, &d) &&
		  ikev2_add_id(&o->bld, IKEV2_NP_IDr, idb.buf[0], BYTES(idb.buf + 4, idb.len - 4), &d) &&
		  ikev2_add_auth(&o->bld, method, BYTES(authv, auth_len), &d);
	secure_zero(authv, sizeof(authv));
	if (ok && child != NULL) {
		struct proposals answer = { .count = 1 };
		answer.p[0] = child->chosen;
		uint32_t be = htonl(child->spi_in);
		memcpy(answer.p[0].spi, &be, 4);
		answer.p[0].spi_size = 4;
		ok = (!child->transport ||
		      ikev2_add_notify(&o->bld, 0, NO_BYTES, IKEV2_N_USE_TRANSPORT_MODE, NO_BYTES, &d)) &&
		     add_child_sa_payload(&o->bld, &answer, false, &d) &&
		     add_ts(&o->bld, IKEV2_NP_TSi, &child->remote_ts, &d) &&
		     add_ts(&o->bld, IKEV2_NP_TSr, &child->local_ts, &d);
	} else if (ok && child_err != 0) {
		ok = ikev2_add_notify(&o->bld, 0, NO_BYTES, child_err, NO_BYTES, &d);
	}
	ok = ok && ikev2_out_finish(o, ike, &d) && ikev2_send_response(ike, o, msgid, &d);
	free(o);
	if (!ok) {
		ike_log(ike, "cannot send IKE_AUTH response: %s", d.msg);
		ike_sa_delete(ike);
		return;
	}
	/* Our AUTH is sent (a retransmitted request is answered from the
	 * response cache). */
	ike_sa_auth_done(ike);
	if (child != NULL) {
		rekey_child_established(child);
		child_announce(child);
	}
	return;

auth_failed:
	{
		char ep[IP_FMT_BUF];
		ike_log(ike, "responding to IKE_AUTH message (ID %u) from %s with encrypted "
			"notification AUTHENTICATION_FAILED", msgid,
			endpoint_fmt(&ike->remote, ike->remote_port, ep));
	}
	respond_notify(ike, msgid, IKEV2_N_AUTHENTICATION_FAILED);
	/* RFC 7296 2.21.2: the half-made IKE SA goes. */
	ike_sa_delete_notify(ike);
}
