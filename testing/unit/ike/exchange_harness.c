/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The two-ends-in-one-process harness (see exchange_harness.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include <event2/event.h>

#include "clock.h"
#include "crypto/crypto_nss.h"
#include "exchange_harness.h"
#include "log.h"

struct side west, east;

/* ---- the queue ---- */

#define QUEUE_MAX 64
struct packet {
	struct side *to, *from;
	uint16_t from_port, to_port;
	uint8_t *bytes;
	size_t len;
};
static struct packet queue[QUEUE_MAX];
static unsigned q_head, q_len;
static struct packet last_sent[2];	/* west, east */

static struct side *other(const struct side *s)
{
	return s == &west ? &east : &west;
}

static struct side *side_of_env(const struct ike_env *env)
{
	return env == &west.env ? &west : &east;
}

unsigned queue_len(void)
{
	return q_len;
}

static void enqueue(struct side *from, struct side *to, uint16_t from_port, uint16_t to_port,
		    const uint8_t *msg, size_t len)
{
	if (q_len == QUEUE_MAX)
		return;
	struct packet *p = &queue[(q_head + q_len++) % QUEUE_MAX];
	p->from = from;
	p->to = to;
	p->from_port = from_port;
	p->to_port = to_port;
	p->bytes = malloc(len);
	memcpy(p->bytes, msg, len);
	p->len = len;

	struct packet *keep = &last_sent[from == &west ? 0 : 1];
	free(keep->bytes);
	*keep = *p;
	keep->bytes = malloc(len);
	memcpy(keep->bytes, msg, len);
}

static bool mock_send(struct ike_env *env, struct ike_sa *ike, const uint8_t *msg, size_t len,
		      struct diag *d)
{
	struct side *from = side_of_env(env);
	struct side *to = other(from);

	if (!ip_address_eq(&ike->remote, &to->addr))
		return diag(d, "mock network: no host at the remote address");
	from->sent++;
	enqueue(from, to, ike->local_port, ike->remote_port, msg, len);
	return true;
}

static void deliver(struct packet *p)
{
	ikev2_demux(&p->to->env, p->bytes, p->len, &p->to->addr, p->to_port, &p->from->addr,
		    p->from_port, NULL);
}

unsigned pump(unsigned max)
{
	unsigned n = 0;

	while (q_len > 0 && n < max) {
		struct packet p = queue[q_head];
		q_head = (q_head + 1) % QUEUE_MAX;
		q_len--;
		deliver(&p);
		free(p.bytes);
		n++;
	}
	return n;
}

void retarget_next(uint16_t port)
{
	if (q_len > 0) {
		queue[q_head].from_port = port;
		queue[q_head].to_port = port;
	}
}

bool drop_next(void)
{
	if (q_len == 0)
		return false;
	free(queue[q_head].bytes);
	q_head = (q_head + 1) % QUEUE_MAX;
	q_len--;
	return true;
}

struct ike_sa *harness_initiate(void)
{
	struct diag d = { "" };
	struct ike_sa *ike = ike_initiate(&west.conn, NULL, &d);

	if (ike == NULL) {
		fprintf(stderr, "harness: ike_initiate: %s\n", d.msg);
		abort();
	}
	return ike;
}

void harness_turn(struct event_base *base, int link)
{
	event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
	if (link == LINK_DEAD)
		while (drop_next())
			;
	else if (link > 0)
		pump((unsigned)link);
}

bool harness_run_until(struct event_base *base, bool (*done)(void), int link, uint64_t max_ms)
{
	uint64_t start = clock_mono_ms();

	while (done == NULL || !done()) {
		if (clock_mono_ms() - start >= max_ms)
			return done != NULL && done();
		harness_turn(base, link);
	}
	return true;
}

void resend_last(struct side *s)
{
	struct packet *p = &last_sent[s == &west ? 0 : 1];

	if (p->bytes == NULL)
		return;
	/* enqueue() replaces last_sent: hand it a copy. */
	struct packet copy = *p;
	copy.bytes = malloc(p->len);
	memcpy(copy.bytes, p->bytes, p->len);
	enqueue(copy.from, copy.to, copy.from_port, copy.to_port, copy.bytes, copy.len);
	free(copy.bytes);
}

void inject(struct side *to, const uint8_t *bytes, size_t len)
{
	ikev2_demux(&to->env, bytes, len, &to->addr, 500, &other(to)->addr, 500, NULL);
}

void inject_from(struct side *to, const struct ip_address *from, uint16_t from_port,
		 const uint8_t *bytes, size_t len)
{
	ikev2_demux(&to->env, bytes, len, &to->addr, 500, from, from_port, NULL);
}

bool last_sent_by(const struct side *s, const uint8_t **bytes, size_t *len)
{
	const struct packet *p = &last_sent[s == &west ? 0 : 1];

	*bytes = p->bytes;
	*len = p->len;
	return p->bytes != NULL;
}

/* ---- the mock kernel ---- */

static struct kernel *mk_init(const struct kernel_init *args, struct kernel_cleanup_stats *left,
			      struct diag *d)
{
	return NULL;
}

static bool mk_alloc_spi(struct kernel *k, const struct ip_address *src,
			 const struct ip_address *dst, uint8_t proto, uint32_t reqid, uint32_t min,
			 uint32_t max, uint32_t *spi, struct diag *d)
{
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++) {
		if (!k->sas[i].used) {
			k->sas[i] = (struct mock_sa){ .used = true, .larval = true, .src = *src,
						      .dst = *dst, .spi = k->next_spi++ };
			*spi = k->sas[i].spi;
			return true;
		}
	}
	return diag(d, "mock kernel: SA table full");
}

static bool mk_spi_unused(struct kernel *k, const struct ip_address *dst, uint8_t proto,
			  uint32_t spi)
{
	k->spi_unused_calls++;
	if (k->spis_taken > 0) {
		k->spis_taken--;
		return false;
	}
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++)
		if (k->sas[i].used && k->sas[i].spi == spi && ip_address_eq(&k->sas[i].dst, dst))
			return false;
	return true;
}

/* As XFRM does, the mark is part of an SA's identity. */
static struct mock_sa *find_sa_marked(struct kernel *k, const struct ip_address *dst, uint32_t spi,
				      struct kernel_mark mark)
{
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++)
		if (k->sas[i].used && k->sas[i].spi == spi && ip_address_eq(&k->sas[i].dst, dst) &&
		    k->sas[i].sa.mark.value == mark.value && k->sas[i].sa.mark.mask == mark.mask)
			return &k->sas[i];
	return NULL;
}

static bool mk_add_sa(struct kernel *k, const struct kernel_sa *sa, bool update, struct diag *d)
{
	k->add_sa_calls++;
	if (k->fail_add_sa)
		return diag(d, "mock kernel: add_sa refused");
	/* Keys must be there, of a sane length. */
	if (sa->aead.name == NULL && (sa->encr.name == NULL || sa->integ.name == NULL))
		return diag(d, "mock kernel: no algorithm");
	/* A stock kernel ignores XFRMA_SA_ACTIVATE (the SA would be active
	 * at once); the backend refuses it there, and so does this mock. */
	if (sa->activate.standby && !k->features.activate_on_receipt.present)
		return diag(d, "mock kernel: standby SA without activate-on-receipt");
	struct mock_sa *m = find_sa_marked(k, &sa->dst, sa->spi, sa->mark);
	if (update) {
		/* UPDSA completes a larval SA or updates a valid one. */
		if (m == NULL)
			return diag(d, "mock kernel: UPDSA of SPI 0x%x that does not exist", sa->spi);
		if (!m->larval)
			k->updates_in_place++;
	} else {
		if (m != NULL)
			return diag(d, "mock kernel: SA 0x%x exists", sa->spi);
		for (unsigned i = 0; i < MOCK_MAX_SAS && m == NULL; i++)
			if (!k->sas[i].used)
				m = &k->sas[i];
		if (m == NULL)
			return diag(d, "mock kernel: SA table full");
	}
	*m = (struct mock_sa){ .used = true, .larval = false, .src = sa->src, .dst = sa->dst,
			       .spi = sa->spi, .sa = *sa };
	m->sa.aead.key = m->sa.encr.key = m->sa.integ.key = NULL;
	return true;
}

static bool mk_del_sa(struct kernel *k, const struct kernel_said *said, struct diag *d)
{
	struct mock_sa *m = find_sa_marked(k, &said->dst, said->spi, said->mark);

	k->del_sa_calls++;
	if (m == NULL)
		return diag(d, "mock kernel: no SA 0x%x", said->spi);
	m->used = false;
	return true;
}

static bool mk_counters(struct kernel *k, const struct kernel_said *said,
			struct kernel_sa_counters *out, struct diag *d)
{
	if (find_sa_marked(k, &said->dst, said->spi, said->mark) == NULL)
		return diag(d, "mock kernel: no SA");
	memset(out, 0, sizeof(*out));
	return true;
}

static bool same_policy(const struct kernel_policy *a, const struct kernel_policy *b)
{
	return a->dir == b->dir && ip_selector_eq(&a->src, &b->src) &&
	       ip_selector_eq(&a->dst, &b->dst) && a->mark.value == b->mark.value &&
	       a->mark.mask == b->mark.mask;
}

static bool mk_add_policy(struct kernel *k, const struct kernel_policy *p, bool replace,
			  struct diag *d)
{
	struct mock_policy *free_slot = NULL;

	if (k->fail_add_policy)
		return diag(d, "mock kernel: add_policy refused");
	for (unsigned i = 0; i < MOCK_MAX_POLICIES; i++) {
		if (k->policies[i].used && same_policy(&k->policies[i].p, p)) {
			if (!replace)
				return diag(d, "mock kernel: policy exists");
			k->policies[i].p = *p;
			return true;
		}
		if (!k->policies[i].used && free_slot == NULL)
			free_slot = &k->policies[i];
	}
	if (free_slot == NULL)
		return diag(d, "mock kernel: policy table full");
	free_slot->used = true;
	free_slot->p = *p;
	return true;
}

static bool mk_del_policy(struct kernel *k, const struct kernel_policy *p, struct diag *d)
{
	for (unsigned i = 0; i < MOCK_MAX_POLICIES; i++) {
		if (k->policies[i].used && same_policy(&k->policies[i].p, p)) {
			k->policies[i].used = false;
			return true;
		}
	}
	return diag(d, "mock kernel: no such policy");
}

/* The contract of kernel_ops.add_batch: in order, all or nothing (an
 * updated larval SA stays). */
static bool mk_add_batch(struct kernel *k, const struct kernel_add *adds, unsigned n,
			 struct diag *d)
{
	unsigned done = 0;
	bool ok = true;

	k->batch_calls++;
	if (n > KERNEL_BATCH_MAX)
		return diag(d, "mock kernel: batch of %u", n);
	for (; done < n && ok; done++) {
		const struct kernel_add *a = &adds[done];
		ok = a->sa != NULL ? mk_add_sa(k, a->sa, a->update, d)
				   : mk_add_policy(k, a->policy, a->replace, d);
	}
	if (ok)
		return true;
	for (unsigned i = done - 1; i-- > 0;) {
		const struct kernel_add *a = &adds[i];
		struct diag rd;
		if (a->sa != NULL && !a->update) {
			struct kernel_said s = { .src = a->sa->src, .dst = a->sa->dst,
						 .spi = a->sa->spi, .proto = a->sa->proto,
						 .mark = a->sa->mark };
			mk_del_sa(k, &s, &rd);
		} else if (a->sa == NULL) {
			mk_del_policy(k, a->policy, &rd);
		}
	}
	return false;
}

static const struct kernel_features *mk_features(const struct kernel *k)
{
	return &k->features;
}

const struct kernel_ops mock_kernel_ops = {
	.name = "mock",
	.features = mk_features,
	.init = mk_init,
	.alloc_spi = mk_alloc_spi,
	.spi_unused = mk_spi_unused,
	.add_sa = mk_add_sa,
	.del_sa = mk_del_sa,
	.get_sa_counters = mk_counters,
	.add_policy = mk_add_policy,
	.del_policy = mk_del_policy,
	.add_batch = mk_add_batch,
};

unsigned mock_sa_count(const struct kernel *k, bool larval)
{
	unsigned n = 0;

	for (unsigned i = 0; i < MOCK_MAX_SAS; i++)
		if (k->sas[i].used && k->sas[i].larval == larval)
			n++;
	return n;
}

unsigned mock_policy_count(const struct kernel *k)
{
	unsigned n = 0;

	for (unsigned i = 0; i < MOCK_MAX_POLICIES; i++)
		if (k->policies[i].used)
			n++;
	return n;
}

/* ---- the connection layer, as far as the exchanges use it ---- */

static struct side *side_of_conn(const struct connection *c)
{
	return c == &west.conn ? &west : &east;
}

const char *connection_name(const struct connection *c, char buf[CONNECTION_NAME_BUF])
{
	snprintf(buf, CONNECTION_NAME_BUF, "\"%s\"", c->name);
	return buf;
}

struct connection *connection_find_for_responder(const struct ip_address *local,
						 const struct ip_address *remote)
{
	struct side *s = ip_address_eq(local, &west.addr) ? &west : &east;

	return s->accept ? &s->conn : NULL;
}

struct connection *connection_refine_by_ids(struct connection *c, const struct id *peer_id,
					    const struct id *our_id)
{
	if (c->remote.id.kind == ID_NONE || id_is_any(&c->remote.id) || id_eq(&c->remote.id, peer_id) ||
	    (c->remote.id.kind == ID_NULL && peer_id->kind == ID_NULL))
		return c;
	return NULL;
}

/* One connection per side: nothing to switch to. */
struct connection *connection_refine_by_ts(struct connection *c, const struct id *peer_id,
					   bool (*fits)(const struct connection *d, void *arg),
					   void *arg)
{
	return NULL;
}

struct connection *connection_instantiate(struct connection *t, const struct ip_address *peer)
{
	return t;
}

bool connection_psk(const struct connection *c, const struct id *peer, struct bytes *psk,
		    struct diag *d)
{
	struct side *s = side_of_conn(c);

	if (s->psk[0] == '\0')
		return diag(d, "no PSK");
	*psk = BYTES(s->psk, strlen(s->psk));
	return true;
}

unsigned updown_up_calls, updown_down_calls, state_gone_calls;

bool updown_run(const struct connection *c, const struct child_sa *child, const char *verb)
{
	if (strcmp(verb, "up") == 0)
		updown_up_calls++;
	else if (strcmp(verb, "down") == 0)
		updown_down_calls++;
	return true;
}

void connection_state_gone(struct connection *c)
{
	state_gone_calls++;
}

/* ---- setup ---- */

struct ike_sa *side_ike(struct side *s)
{
	struct ike_sa *found = NULL;

	for (unsigned b = 0; b < 256; b++)
		for (struct ike_sa *ike = s->env.spi_hash[b]; ike != NULL; ike = ike->next_hash)
			found = ike;
	return found;
}

unsigned side_ike_count(struct side *s)
{
	unsigned n = 0;

	for (unsigned b = 0; b < 256; b++)
		for (struct ike_sa *ike = s->env.spi_hash[b]; ike != NULL; ike = ike->next_hash)
			n++;
	return n;
}

bool side_set_proposals(struct side *s, const char *ike, const char *esp)
{
	struct diag d;

	if (ike == NULL)
		proposals_default(PROPOSAL_IKE, &s->conn.ike_proposals);
	else if (!proposals_parse(PROPOSAL_IKE, ike, &s->conn.ike_proposals, &d))
		return false;
	if (esp == NULL)
		proposals_default(PROPOSAL_ESP, &s->conn.esp_proposals);
	else if (!proposals_parse(PROPOSAL_ESP, esp, &s->conn.esp_proposals, &d))
		return false;
	return true;
}

static void side_init(struct side *s, const char *name, const char *addr, const char *subnet,
		      const char *peer_subnet, const char *my_id, const char *peer_id)
{
	struct diag d;
	struct ip_subnet sn, psn;

	memset(s, 0, sizeof(*s));
	s->name = name;
	s->accept = true;
	snprintf(s->psk, sizeof(s->psk), "%s", "this is a test PSK of some length");
	ip_address_parse(addr, &s->addr, &d);
	s->kernel.next_spi = s == &west ? 0x10000 : 0x20000;
	s->env = (struct ike_env){
		.name = name,
		.kernel_ops = &mock_kernel_ops,
		.kernel = &s->kernel,
		.send = mock_send,
	};
	s->cfg = (struct conn_config){
		.name = (char *)"westnet-eastnet",
		.authby = AUTHBY_SECRET,
		.type = TYPE_TUNNEL,
		.replay_window = 128,
		.retransmit_interval_ms = 500,
		.retransmit_timeout_ms = 60000,
	};
	s->conn.name = (char *)"westnet-eastnet";
	s->conn.config = &s->cfg;
	s->conn.reqid = 16384;
	s->conn.local.host = s->addr;
	s->conn.local.ike_port = 500;
	id_parse(my_id, &s->conn.local.id, &d);
	id_parse(peer_id, &s->conn.remote.id, &d);
	ip_subnet_parse(subnet, &sn, &d);
	ip_subnet_parse(peer_subnet, &psn, &d);
	s->conn.local.nr_selectors = 1;
	s->conn.local.selectors[0] = ip_selector_from_subnet(&sn, NULL);
	s->conn.remote.nr_selectors = 1;
	s->conn.remote.selectors[0] = ip_selector_from_subnet(&psn, NULL);
	side_set_proposals(s, NULL, NULL);
}

void harness_setup(void)
{
	struct diag d;
	static bool nss;

	if (!nss) {
		if (!crypto_nss_init(NULL, true, &d)) {
			fprintf(stderr, "NSS: %s\n", d.msg);
			abort();
		}
		nss = true;
	}
	updown_up_calls = updown_down_calls = state_gone_calls = 0;
	side_init(&west, "west", "192.0.2.1", "192.0.1.0/24", "192.0.3.0/24", "@west", "@east");
	side_init(&east, "east", "192.0.2.2", "192.0.3.0/24", "192.0.1.0/24", "@east", "@west");
	west.conn.remote.host = east.addr;
	west.conn.remote.ike_port = 500;
	east.conn.remote.host = west.addr;
	east.conn.remote.ike_port = 500;
	ike_env_default = &west.env;
}

void harness_teardown(void)
{
	while (side_ike(&west) != NULL)
		ike_sa_delete(side_ike(&west));
	while (side_ike(&east) != NULL)
		ike_sa_delete(side_ike(&east));
	while (drop_next())
		;
	for (int i = 0; i < 2; i++) {
		free(last_sent[i].bytes);
		last_sent[i] = (struct packet){ 0 };
	}
}

uint64_t harness_timer_slack_ms(void)
{
	struct timespec res;
	uint64_t tick = 10;

	if (clock_getres(CLOCK_MONOTONIC_COARSE, &res) == 0)
		tick = (uint64_t)res.tv_sec * 1000 + ((uint64_t)res.tv_nsec + 999999) / 1000000;
	return tick + 1;
}
