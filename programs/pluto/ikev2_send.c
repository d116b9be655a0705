/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Building, protecting and sending messages; retransmitting our one
 * outstanding request with exponential backoff (RFC 7296 2.1): the first
 * wait is retransmit-interval, each next one doubles, and when
 * retransmit-timeout has passed since the first send the SA is given up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "clock.h"
#include "connections.h"
#include "crypto/sk.h"
#include "ikev2.h"
#include "log.h"

bool ikev2_out_start(struct ikev2_out *o, struct ike_sa *ike, uint8_t exchange,
		     bool response, uint32_t msgid, bool encrypt, struct diag *d)
{
	uint8_t flags = 0;

	if (ike->role == SA_ROLE_INITIATOR)
		flags |= IKEV2_FLAG_INITIATOR;
	if (response)
		flags |= IKEV2_FLAG_RESPONSE;
	else
		msgid = ike->msgid.next_send;
	o->b = BUF(o->buf, sizeof(o->buf));
	o->encrypted = encrypt;
	o->len = 0;
	ikev2_build_start(&o->bld, &o->b, ike->spi_i, ike->spi_r, exchange, flags, msgid);
	if (encrypt) {
		if (!ike->have_keys)
			return diag(d, "cannot encrypt: the IKE SA has no keys yet");
		if (!ikev2_build_sk_begin(&o->bld, sk_iv_size(&ike->keys), d))
			return false;
		o->sk_header_len = o->bld.sk_at + IKEV2_GENERIC_HDR_SIZE;
	}
	return !o->bld.failed || diag(d, "message header does not fit");
}

bool ikev2_out_finish(struct ikev2_out *o, struct ike_sa *ike, struct diag *d)
{
	if (o->bld.failed)
		return diag(d, "message builder failed earlier");
	if (!o->encrypted) {
		struct bytes msg;
		if (!ikev2_build_finish(&o->bld, &msg, d))
			return false;
		o->len = msg.len;
		return true;
	}
	size_t plain_at = o->sk_header_len + sk_iv_size(&ike->keys);
	size_t plain_len = o->b.len - plain_at;

	return sk_encrypt(&ike->keys, ike->role == SA_ROLE_INITIATOR, o->buf, o->sk_header_len,
			  plain_len, sizeof(o->buf), &o->len, d);
}

bool ikev2_send_raw(struct ike_sa *ike, const uint8_t *msg, size_t len, struct diag *d)
{
	struct ike_env *env = ike->env;

	if (env->send == NULL)
		return diag(d, "no way to send");
	return env->send(env, ike, msg, len, d);
}

static bool keep(struct sent_msg *m, const uint8_t *bytes, size_t len, uint32_t msgid,
		 struct diag *d)
{
	uint8_t *copy = malloc(len);

	if (copy == NULL)
		return diag(d, "out of memory");
	memcpy(copy, bytes, len);
	free(m->bytes);
	m->bytes = copy;
	m->len = len;
	m->msgid = msgid;
	return true;
}

uint64_t retransmit_delay_ms(uint64_t interval_ms, unsigned sends_so_far)
{
	if (interval_ms == 0)
		interval_ms = 500;
	/* After 20 doublings the value is far beyond any timeout anyway. */
	unsigned shift = sends_so_far == 0 ? 0 : sends_so_far - 1;
	if (shift > 20)
		shift = 20;
	return interval_ms << shift;
}

static uint64_t conn_rt_interval(const struct ike_sa *ike)
{
	if (ike->c != NULL && ike->c->config != NULL && ike->c->config->retransmit_interval_ms)
		return ike->c->config->retransmit_interval_ms;
	return 500;
}

static uint64_t conn_rt_timeout(const struct ike_sa *ike)
{
	if (ike->c != NULL && ike->c->config != NULL && ike->c->config->retransmit_timeout_ms)
		return ike->c->config->retransmit_timeout_ms;
	return 60000;
}

static void arm(struct ike_sa *ike);

static void retransmit_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ike_sa *ike = arg;
	struct diag d;

	if (!ike->msgid.request_outstanding || ike->msgid.request.bytes == NULL)
		return;
	/* arm() shortened the last wait to end exactly at the timeout.  A
	 * late timer still sends what the plan had before the timeout: a
	 * busy host gives up after the same number of retransmits. */
	if (ike->rt.last_wait) {
		char secs[32];
		secs_fmt(conn_rt_timeout(ike), secs);
		ike_log(ike, "%s: %s second timeout exceeded after %u retransmits.  "
			"No response (or no acceptable response) to our %sIKEv2 message",
			ike_state_name(ike->state), secs, ike->rt.count - 1,
			ike->state == IKE_STATE_PARENT_I1 ? "first " : "");
		/* The peer is unreachable: auto=start tries again later. */
		ike->revive = ike->state != IKE_STATE_DELETING;
		ike_sa_delete(ike);
		return;
	}
	/* No answer yet: a slow or absent peer gives up its slot. */
	/* No answer yet: a slow or absent peer gives up its slot. */
	ike_pacing_release(ike);
	ldbg(DBG_BASE, "#%lu: retransmitting message %u (%u)", ike->serial,
	     ike->msgid.request.msgid, ike->rt.count);
	if (!ikev2_send_raw(ike, ike->msgid.request.bytes, ike->msgid.request.len, &d))
		ike_log(ike, "retransmit failed: %s", d.msg);
	ike->rt.count++;
	arm(ike);
}

static void arm(struct ike_sa *ike)
{
	struct ike_env *env = ike->env;

	if (env->base == NULL)
		return;
	if (ike->rt.timer == NULL) {
		ike->rt.timer = evtimer_new(env->base, retransmit_cb, ike);
		if (ike->rt.timer == NULL)
			return;
	}
	/* The schedule is planned from the first send (sends at 0, i,
	 * 3i, 7i, ...), not from when a late timer happened to fire, so a
	 * busy host sends the same number of retransmits. */
	ike->rt.due_ms += retransmit_delay_ms(conn_rt_interval(ike), ike->rt.count);
	uint64_t elapsed = clock_mono_ms() - ike->rt.started_ms;
	uint64_t timeout = conn_rt_timeout(ike);
	uint64_t due = ike->rt.due_ms;
	/* The next send would come after the timeout: wake up then to give up. */
	if (due >= timeout) {
		due = timeout;
		ike->rt.last_wait = true;
	}
	uint64_t delay = due > elapsed ? due - elapsed : 0;
	struct timeval tv = { .tv_sec = (time_t)(delay / 1000),
			      .tv_usec = (suseconds_t)(delay % 1000) * 1000 };
	evtimer_add(ike->rt.timer, &tv);
}

bool ikev2_send_request(struct ike_sa *ike, struct ikev2_out *o, struct diag *d)
{
	uint32_t msgid = ike->msgid.next_send;

	if (ike->msgid.request_outstanding)
		return diag(d, "a request (message %u) is still outstanding", ike->msgid.request.msgid);
	if (!keep(&ike->msgid.request, o->buf, o->len, msgid, d))
		return false;
	ike->msgid.request_outstanding = true;
	ike->msgid.next_send = msgid + 1;
	ike->rt.count = 1;
	ike->rt.due_ms = 0;
	ike->rt.last_wait = false;
	ike->rt.started_ms = clock_mono_ms();
	if (!ikev2_send_raw(ike, o->buf, o->len, d))
		ike_log(ike, "sending failed, will retransmit: %s", d->msg);
	arm(ike);
	return true;
}

bool ikev2_send_response(struct ike_sa *ike, struct ikev2_out *o, uint32_t msgid,
			 struct diag *d)
{
	if (!keep(&ike->msgid.response, o->buf, o->len, msgid, d))
		return false;
	ike->msgid.have_response = true;
	return ikev2_send_raw(ike, o->buf, o->len, d);
}

bool ikev2_respond_notify(struct ike_sa *ike, uint8_t exchange, uint32_t msgid,
			  uint16_t type, struct diag *d)
{
	struct ikev2_out *o = calloc(1, sizeof(*o));
	bool ok;

	if (o == NULL)
		return diag(d, "out of memory");
	ok = ikev2_out_start(o, ike, exchange, true, msgid, true, d) &&
	     ikev2_add_notify(&o->bld, 0, NO_BYTES, type, NO_BYTES, d) &&
	     ikev2_out_finish(o, ike, d) && ikev2_send_response(ike, o, msgid, d);
	free(o);
	return ok;
}

void ikev2_request_done(struct ike_sa *ike)
{
	ike->msgid.request_outstanding = false;
	/* Only an answer to the first send times the round trip. */
	if (ike->rt.count == 1)
		ike->rtt_ms = clock_mono_ms() - ike->rt.started_ms;
	if (ike->rt.timer != NULL)
		evtimer_del(ike->rt.timer);
	ike->rt.count = 0;
}

void ikev2_send_cleanup(struct ike_sa *ike)
{
	if (ike->rt.timer != NULL) {
		event_free(ike->rt.timer);
		ike->rt.timer = NULL;
	}
}
