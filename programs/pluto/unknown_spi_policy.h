/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What pluto does when the kernel says ESP arrived from a peer for an SPI
 * we have no SA for (kernel_unknown_spi, the xswan series' notification).
 * RFC 7296 2.21.4: such packets are a hint, not proof; the peer may have
 * SAs we lost in a crash (then it keeps sending into the void until its
 * liveness check gives up, minutes later), or the packet may be forged.
 * So the answer only ever starts something that authenticates the peer:
 *  - a connection to the peer but no IKE SA with it: initiate (our
 *    IKE_AUTH carries INITIAL_CONTACT, which makes the peer replace its
 *    stale SAs at once);
 *  - an established IKE SA with it: a liveness check now;
 *  - anything else: nothing.
 * Never a delete: a forged packet must not be able to tear anything down.
 * Each peer is acted on at most once per interval (the kernel limits
 * notifications per (peer, SPI); a peer with many stale SPIs must not make
 * us initiate many times).  Pure logic, no daemon state: unit-tested.
 */
#ifndef PLUTO_UNKNOWN_SPI_POLICY_H
#define PLUTO_UNKNOWN_SPI_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "ip_address.h"

/* What pluto has with the packet's source address. */
enum unknown_spi_peer {
	UNKNOWN_SPI_PEER_UNKNOWN,	/* no connection to it */
	UNKNOWN_SPI_PEER_IDLE,		/* a connection, no IKE SA */
	UNKNOWN_SPI_PEER_NEGOTIATING,	/* an IKE SA being set up (or deleted) */
	UNKNOWN_SPI_PEER_ESTABLISHED,	/* an established IKE SA */
};

enum unknown_spi_action {
	UNKNOWN_SPI_IGNORE,
	UNKNOWN_SPI_INITIATE,
	UNKNOWN_SPI_LIVENESS,
};

struct unknown_spi_verdict {
	enum unknown_spi_action action;
	const char *why;	/* for the log: why this action (static text) */
};

/* Peers remembered for the rate limit; when full, the one acted on
 * longest ago is forgotten (only peers we have a connection to get here). */
#define UNKNOWN_SPI_PEERS 64
/* At most one action per peer per this long. */
#define UNKNOWN_SPI_PEER_INTERVAL_MS 10000

struct unknown_spi_limiter {
	uint64_t interval_ms;
	struct unknown_spi_slot {
		struct ip_address peer;
		uint64_t last_ms;	/* when we last acted for it */
		bool used;
	} slots[UNKNOWN_SPI_PEERS];
};

/* INTERVAL_MS 0: UNKNOWN_SPI_PEER_INTERVAL_MS. */
void unknown_spi_limiter_init(struct unknown_spi_limiter *l, uint64_t interval_ms);

/*
 * The decision for one notification: PROTO is the packet's IPsec
 * protocol (IPPROTO_ESP, ...), PEER its outer source, STATE what we have
 * with PEER, NOW_MS a monotonic clock.  An action (not IGNORE) is
 * recorded in L against PEER.
 */
struct unknown_spi_verdict unknown_spi_decide(struct unknown_spi_limiter *l, uint8_t proto,
					      const struct ip_address *peer,
					      enum unknown_spi_peer state, uint64_t now_ms);

#endif
