/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKE SAs: creation, the shared serial counter, the SPI hash, lookup,
 * deletion and iteration over every state for status output.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "clock.h"
#include "connections.h"
#include "crypto/crypto_nss.h"
#include "crypto/symkey.h"
#include "ikev2.h"
#include "ikev2_rekey.h"
#include "log.h"

struct ike_env *ike_env_default;

/* Shared by IKE and Child SAs, as Libreswan's state serials are. */
static so_serial_t next_serial = 1;
/* Every IKE SA of every environment, creation order. */
static struct ike_sa *all_ike_head, *all_ike_tail;

so_serial_t state_next_serial(void);
so_serial_t state_next_serial(void)
{
	return next_serial++;
}

static const struct {
	const char *name, *story;
} ike_states[IKE_STATE_ROOF] = {
	[IKE_STATE_PARENT_I0] = { "STATE_V2_PARENT_I0", "waiting for KE to finish" },
	[IKE_STATE_PARENT_I1] = { "STATE_V2_PARENT_I1", "sent IKE_SA_INIT request" },
	[IKE_STATE_PARENT_I2] = { "STATE_V2_PARENT_I2", "sent IKE_AUTH request" },
	[IKE_STATE_PARENT_R1] = { "STATE_V2_PARENT_R1", "sent IKE_SA_INIT response" },
	[IKE_STATE_ESTABLISHED] = { "STATE_V2_ESTABLISHED_IKE_SA", "established IKE SA" },
	[IKE_STATE_DELETING] = { "STATE_V2_IKE_SA_DELETE", "deleting IKE SA" },
}, child_states[CHILD_STATE_ROOF] = {
	[CHILD_STATE_LARVAL] = { "STATE_V2_IKE_AUTH_CHILD", "larval Child SA" },
	[CHILD_STATE_ESTABLISHED] = { "STATE_V2_ESTABLISHED_CHILD_SA", "established Child SA" },
	[CHILD_STATE_DELETING] = { "STATE_V2_CHILD_SA_DELETE", "deleting Child SA" },
};

const char *ike_state_name(enum ike_sa_state s)
{
	return (unsigned)s < IKE_STATE_ROOF ? ike_states[s].name : "STATE_UNKNOWN";
}

const char *ike_state_story(enum ike_sa_state s)
{
	return (unsigned)s < IKE_STATE_ROOF ? ike_states[s].story : "unknown";
}

const char *child_state_name(enum child_sa_state s)
{
	return (unsigned)s < CHILD_STATE_ROOF ? child_states[s].name : "STATE_UNKNOWN";
}

const char *child_state_story(enum child_sa_state s)
{
	return (unsigned)s < CHILD_STATE_ROOF ? child_states[s].story : "unknown";
}

const char *secs_fmt(uint64_t ms, char buf[32])
{
	if (ms % 1000 == 0)
		snprintf(buf, 32, "%llu", (unsigned long long)(ms / 1000));
	else
		snprintf(buf, 32, "%.3g", (double)ms / 1000);
	return buf;
}

const char *endpoint_fmt(const struct ip_address *a, uint16_t port, char buf[IP_FMT_BUF])
{
	char ab[IP_FMT_BUF];

	ip_address_fmt(a, ab);
	if (a->family == 10 /* AF_INET6 */)
		snprintf(buf, IP_FMT_BUF, "[%.64s]:%u", ab, port);
	else
		snprintf(buf, IP_FMT_BUF, "%.64s:%u", ab, port);
	return buf;
}

static void vlog_prefixed(const struct ike_env *env, const struct connection *c,
			  so_serial_t serial, struct whack_ctx *w,
			  void (*echo)(struct whack_ctx *, const char *),
			  const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
static void vlog_prefixed(const struct ike_env *env, const struct connection *c,
			  so_serial_t serial, struct whack_ctx *w,
			  void (*echo)(struct whack_ctx *, const char *),
			  const char *fmt, va_list ap)
{
	char msg[512], name[CONNECTION_NAME_BUF] = "";
	char line[700];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (c != NULL)
		connection_name(c, name);
	snprintf(line, sizeof(line), "%s%s%s #%lu: %s",
		 env != NULL && env->name != NULL ? env->name : "",
		 env != NULL && env->name != NULL ? ": " : "", name, serial, msg);
	llog("%s", line);
	if (w != NULL && echo != NULL)
		echo(w, line);
}

void ike_log(const struct ike_sa *ike, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_prefixed(ike->env, ike->c, ike->serial, ike->whack,
		      ike->env != NULL ? ike->env->echo : NULL, fmt, ap);
	va_end(ap);
}

void child_log(const struct child_sa *child, const char *fmt, ...)
{
	va_list ap;
	const struct ike_sa *ike = child->ike;

	va_start(ap, fmt);
	vlog_prefixed(ike->env, child->c, child->serial, ike->whack,
		      ike->env != NULL ? ike->env->echo : NULL, fmt, ap);
	va_end(ap);
}

static unsigned spi_bucket(const uint8_t spi_i[8])
{
	unsigned h = 0;

	for (int i = 0; i < 8; i++)
		h = h * 31 + spi_i[i];
	return h % 256;
}

static void hash_insert(struct ike_sa *ike)
{
	unsigned b = spi_bucket(ike->spi_i);

	ike->next_hash = ike->env->spi_hash[b];
	ike->env->spi_hash[b] = ike;
}

static void hash_remove(struct ike_sa *ike)
{
	struct ike_sa **pp = &ike->env->spi_hash[spi_bucket(ike->spi_i)];

	for (; *pp != NULL; pp = &(*pp)->next_hash) {
		if (*pp == ike) {
			*pp = ike->next_hash;
			ike->next_hash = NULL;
			return;
		}
	}
}

struct ike_sa *ike_sa_new(struct ike_env *env, struct connection *c, enum sa_role role)
{
	struct ike_sa *ike = calloc(1, sizeof(*ike));

	if (ike == NULL)
		return NULL;
	ike->env = env;
	ike->c = c;
	ike->role = role;
	ike->serial = state_next_serial();
	ike->created_ms = clock_mono_ms();
	ike->state = role == SA_ROLE_INITIATOR ? IKE_STATE_PARENT_I0 : IKE_STATE_PARENT_R1;
	if (role == SA_ROLE_INITIATOR && !crypto_new_ike_spi(ike->spi_i)) {
		free(ike);
		return NULL;
	}
	/* The responder's SPIi comes from the request: hashed by the caller. */
	if (role == SA_ROLE_INITIATOR)
		hash_insert(ike);
	ike->prev_all = all_ike_tail;
	if (all_ike_tail != NULL)
		all_ike_tail->next_all = ike;
	else
		all_ike_head = ike;
	all_ike_tail = ike;
	return ike;
}

/* Responder: adopt the peer's SPIi, pick SPIr, hash. */
bool ike_sa_responder_spis(struct ike_sa *ike, const uint8_t spi_i[8]);
bool ike_sa_responder_spis(struct ike_sa *ike, const uint8_t spi_i[8])
{
	memcpy(ike->spi_i, spi_i, 8);
	if (!crypto_new_ike_spi(ike->spi_r))
		return false;
	hash_insert(ike);
	return true;
}

static bool spi_is_zero(const uint8_t spi[8])
{
	static const uint8_t zero[8];

	return memcmp(spi, zero, 8) == 0;
}

struct ike_sa *ike_sa_find(struct ike_env *env, const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	for (struct ike_sa *ike = env->spi_hash[spi_bucket(spi_i)]; ike != NULL;
	     ike = ike->next_hash) {
		if (memcmp(ike->spi_i, spi_i, 8) != 0)
			continue;
		if (memcmp(ike->spi_r, spi_r, 8) == 0)
			return ike;
	}
	return NULL;
}

struct ike_sa *ike_sa_find_half_open(struct ike_env *env, const uint8_t spi_i[8],
				     const struct ip_address *remote, uint16_t remote_port)
{
	for (struct ike_sa *ike = env->spi_hash[spi_bucket(spi_i)]; ike != NULL;
	     ike = ike->next_hash) {
		if (ike->role != SA_ROLE_RESPONDER || memcmp(ike->spi_i, spi_i, 8) != 0)
			continue;
		if (ip_address_eq(&ike->remote, remote) && ike->remote_port == remote_port)
			return ike;
	}
	return NULL;
}

/* The initiator's SA waiting for its IKE_SA_INIT response. */
struct ike_sa *ike_sa_find_initiator(struct ike_env *env, const uint8_t spi_i[8]);
struct ike_sa *ike_sa_find_initiator(struct ike_env *env, const uint8_t spi_i[8])
{
	for (struct ike_sa *ike = env->spi_hash[spi_bucket(spi_i)]; ike != NULL;
	     ike = ike->next_hash) {
		if (ike->role == SA_ROLE_INITIATOR && memcmp(ike->spi_i, spi_i, 8) == 0 &&
		    spi_is_zero(ike->spi_r))
			return ike;
	}
	return NULL;
}

void ike_sa_set_spi_r(struct ike_sa *ike, const uint8_t spi_r[8])
{
	/* The bucket depends on SPIi only: no rehash needed. */
	memcpy(ike->spi_r, spi_r, 8);
}

struct ike_sa *ike_sa_by_serial(so_serial_t serial)
{
	for (struct ike_sa *ike = all_ike_head; ike != NULL; ike = ike->next_all)
		if (ike->serial == serial)
			return ike;
	return NULL;
}

static void free_sent(struct sent_msg *m)
{
	free(m->bytes);
	*m = (struct sent_msg){ 0 };
}

void ike_sa_auth_done(struct ike_sa *ike)
{
	struct diag d;

	symkey_release(&ike->keys.sk_pi);
	symkey_release(&ike->keys.sk_pr);
	free_sent(&ike->init_request);
	free_sent(&ike->init_response);
	/* ~5 KiB of NSS key object down to ~100 bytes (prf.h) */
	if (ike->have_keys && !ike_sa_keys_compact(&ike->keys, &d))
		ldbg(DBG_CRYPT, "#%lu: IKE SA keys stay in NSS: %s", ike->serial, d.msg);
}

void ike_sa_delete(struct ike_sa *ike)
{
	struct connection *c = ike->c;

	struct ike_env *env = ike->env;
	so_serial_t serial = ike->serial;
	/* Decided before the children go (they say nothing about it). */
	bool revive = ike_revival_wanted(ike);

	ike_pacing_release(ike);
	/* Its rekey events and any CREATE_CHILD_SA exchange in flight. */
	rekey_ike_gone(ike);
	while (ike->children != NULL)
		child_sa_delete(ike->children);
	child_retired_flush(ike);
	ikev2_send_cleanup(ike);
	if (ike->lifetime_timer != NULL) {
		event_free(ike->lifetime_timer);
		ike->lifetime_timer = NULL;
	}
	if (ike->liveness_timer != NULL) {
		event_free(ike->liveness_timer);
		ike->liveness_timer = NULL;
	}
	if (ike->keepalive_timer != NULL) {
		event_free(ike->keepalive_timer);
		ike->keepalive_timer = NULL;
	}
	if (ike->whack != NULL)
		ike_whack_done(ike, ike->state == IKE_STATE_ESTABLISHED);
	if (ike->role == SA_ROLE_RESPONDER && ike->state == IKE_STATE_PARENT_R1 &&
	    ike->env->half_open > 0)
		ike->env->half_open--;
	if (ike->c != NULL && ike->c->newest_ike_sa == ike->serial)
		ike->c->newest_ike_sa = 0;
	hash_remove(ike);
	if (ike->prev_all != NULL)
		ike->prev_all->next_all = ike->next_all;
	else
		all_ike_head = ike->next_all;
	if (ike->next_all != NULL)
		ike->next_all->prev_all = ike->prev_all;
	else
		all_ike_tail = ike->prev_all;
	dh_local_free(&ike->dh);
	if (ike->have_keys)
		ike_sa_keys_free(&ike->keys);
	free_sent(&ike->init_request);
	free_sent(&ike->init_response);
	free_sent(&ike->msgid.request);
	free_sent(&ike->msgid.response);
	free(ike->cookie);
	secure_zero(ike->ni, sizeof(ike->ni));
	secure_zero(ike->nr, sizeof(ike->nr));
	free(ike);
	/* An instance whose last SA this was goes now (an auto=ondemand
	 * connection gets its trap back there). */
	if (c != NULL)
		connection_state_gone(c);
	/* auto=start: bring it up again (revival only ever concerns
	 * permanent connections, which connection_state_gone keeps). */
	if (revive)
		ike_revival_schedule(env, c, serial);
}

unsigned ike_sa_count(void)
{
	unsigned n = 0;

	for (struct ike_sa *ike = all_ike_head; ike != NULL; ike = ike->next_all)
		n++;
	return n;
}

unsigned child_sa_count(void)
{
	unsigned n = 0;

	for (struct ike_sa *ike = all_ike_head; ike != NULL; ike = ike->next_all)
		for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike)
			n++;
	return n;
}

static int cmp_ref(const void *a, const void *b)
{
	const struct state_ref *x = a, *y = b;
	so_serial_t sx = x->child != NULL ? x->child->serial : x->ike->serial;
	so_serial_t sy = y->child != NULL ? y->child->serial : y->ike->serial;

	return sx < sy ? -1 : sx > sy;
}

void states_visit(state_visit_fn *fn, void *arg)
{
	size_t n = ike_sa_count() + child_sa_count(), i = 0;
	struct state_ref *refs;

	if (n == 0)
		return;
	refs = calloc(n, sizeof(*refs));
	if (refs == NULL)
		return;
	for (struct ike_sa *ike = all_ike_head; ike != NULL && i < n; ike = ike->next_all) {
		refs[i++] = (struct state_ref){ .ike = ike };
		for (struct child_sa *ch = ike->children; ch != NULL && i < n; ch = ch->next_of_ike)
			refs[i++] = (struct state_ref){ .ike = ike, .child = ch };
	}
	qsort(refs, i, sizeof(*refs), cmp_ref);
	/* FN may not delete states; it only reads them. */
	for (size_t k = 0; k < i; k++)
		if (!fn(arg, &refs[k]))
			break;
	free(refs);
}

void ike_terminate_connection(struct connection *c)
{
	struct ike_sa *ike = all_ike_head;

	/* Down on purpose: no revival either. */
	ike_revival_cancel(c);

	while (ike != NULL) {
		struct ike_sa *next = ike->next_all;
		if (ike->c == c) {
			ike_sa_delete_notify(ike);
			/* Deleting may have freed NEXT's neighbours: restart. */
			ike = all_ike_head;
			continue;
		}
		ike = next;
	}
}

void ike_delete_all(bool notify_peer)
{
	while (all_ike_head != NULL) {
		if (notify_peer)
			ike_sa_delete_notify(all_ike_head);
		else
			ike_sa_delete(all_ike_head);
	}
}

void ike_whack_done(struct ike_sa *ike, bool ok)
{
	struct whack_ctx *w = ike->whack;

	if (w == NULL)
		return;
	ike->whack = NULL;
	if (ike->env->whack_done != NULL)
		ike->env->whack_done(w, ok);
}
