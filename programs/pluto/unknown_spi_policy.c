/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The unknown-SPI decision (see unknown_spi_policy.h): a table from what
 * we have with the peer to what to do, behind a per-peer rate limit.
 */
#include <netinet/in.h>
#include <string.h>

#include "unknown_spi_policy.h"

static const struct unknown_spi_verdict by_state[] = {
	[UNKNOWN_SPI_PEER_UNKNOWN] = { UNKNOWN_SPI_IGNORE, "no connection to this peer" },
	[UNKNOWN_SPI_PEER_IDLE] = { UNKNOWN_SPI_INITIATE,
				    "no IKE SA with this peer: it may hold SAs we lost" },
	[UNKNOWN_SPI_PEER_NEGOTIATING] = { UNKNOWN_SPI_IGNORE,
					   "an IKE SA with this peer is being negotiated" },
	[UNKNOWN_SPI_PEER_ESTABLISHED] = { UNKNOWN_SPI_LIVENESS,
					   "the peer may have lost its SAs: checking liveness" },
};

void unknown_spi_limiter_init(struct unknown_spi_limiter *l, uint64_t interval_ms)
{
	memset(l, 0, sizeof(*l));
	l->interval_ms = interval_ms != 0 ? interval_ms : UNKNOWN_SPI_PEER_INTERVAL_MS;
}

/* PEER's slot, or the slot to reuse for it (a free one, else the one
 * acted on longest ago); *FOUND says which. */
static struct unknown_spi_slot *slot_for(struct unknown_spi_limiter *l,
					 const struct ip_address *peer, bool *found)
{
	struct unknown_spi_slot *victim = NULL;

	for (unsigned i = 0; i < UNKNOWN_SPI_PEERS; i++) {
		struct unknown_spi_slot *s = &l->slots[i];

		if (s->used && ip_address_eq(&s->peer, peer)) {
			*found = true;
			return s;
		}
		if (victim == NULL || (victim->used && (!s->used || s->last_ms < victim->last_ms)))
			victim = s;
	}
	*found = false;
	return victim;
}

struct unknown_spi_verdict unknown_spi_decide(struct unknown_spi_limiter *l, uint8_t proto,
					      const struct ip_address *peer,
					      enum unknown_spi_peer state, uint64_t now_ms)
{
	static const struct unknown_spi_verdict not_esp = {
		UNKNOWN_SPI_IGNORE, "not ESP (pluto negotiates ESP only)"
	};
	static const struct unknown_spi_verdict limited = {
		UNKNOWN_SPI_IGNORE, "already acted on for this peer within the interval"
	};
	static const struct unknown_spi_verdict bad_state = {
		UNKNOWN_SPI_IGNORE, "internal: unknown peer state"
	};
	struct unknown_spi_verdict v;
	struct unknown_spi_slot *s;
	bool found;

	if (proto != IPPROTO_ESP)
		return not_esp;
	if ((unsigned)state >= sizeof(by_state) / sizeof(by_state[0]))
		return bad_state;
	v = by_state[state];
	if (v.action == UNKNOWN_SPI_IGNORE)
		return v;
	s = slot_for(l, peer, &found);
	if (found && now_ms - s->last_ms < l->interval_ms)
		return limited;
	s->peer = *peer;
	s->last_ms = now_ms;
	s->used = true;
	return v;
}
