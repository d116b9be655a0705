/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The responder under an IKE_SA_INIT flood (RFC 7296 2.6, RFC 8019).
 *
 * Every IKE_SA_INIT that makes state costs a DH computation and memory
 * until IKE_AUTH arrives (or the half-open timer fires).  Spoofed
 * sources never send IKE_AUTH, so we count half-open responder SAs:
 *
 *  - past IKE_COOKIE_THRESHOLD half-open SAs in all, or past
 *    IKE_COOKIE_THRESHOLD_PER_IP from one source address, a request
 *    without a valid COOKIE is answered with one, statelessly; only a
 *    peer that receives at its address can come back with it;
 *  - at IKE_HALF_OPEN_MAX half-open SAs no new one is made at all
 *    (dropped, cookie or not): memory stays bounded even against
 *    sources that answer cookies.
 *
 * ddos-mode=busy demands a COOKIE from every new peer, ddos-mode=unlimited
 * from none (the cap still holds); ddos-ike-threshold= and
 * max-halfopen-ike= replace the two global numbers below.
 *
 * Numbers (documented choice): strongSwan's defaults (cookie_threshold
 * 30, cookie_threshold_ip 3) for when to demand cookies -- low enough
 * that a flood switches to cookies within its first packets, while a
 * quiet gateway never costs its peers the extra round trip; a cap of
 * 5000 half-open SAs (Libreswan refuses at 50000 and goes busy at
 * 25000, sized for big gateways; our SA is a few KB, so 5000 is ~20 MB
 * at most and far above the threshold).
 *
 * The cookie is  generation(1) | SHA-256(secret | Ni | IPi | SPIi),
 * the secret being replaced every IKE_COOKIE_SECRET_LIFETIME_MS; the
 * previous one is still accepted, so a cookie stays good for at least
 * one lifetime (the initiator resends within a round trip).
 */
#include <stdio.h>
#include <string.h>

#include <pk11pub.h>

#include "clock.h"
#include "crypto/crypto_nss.h"
#include "ikev2.h"
#include "log.h"

unsigned ike_half_open_from(const struct ike_env *env, const struct ip_address *remote)
{
	unsigned n = 0;

	for (unsigned b = 0; b < 256; b++)
		for (const struct ike_sa *o = env->spi_hash[b]; o != NULL; o = o->next_hash)
			if (o->role == SA_ROLE_RESPONDER && o->state == IKE_STATE_PARENT_R1 &&
			    ip_address_eq(&o->remote, remote))
				n++;
	return n;
}

static unsigned threshold(unsigned configured, unsigned dflt)
{
	return configured != 0 ? configured : dflt;
}

enum ike_dos_verdict ike_dos_check(const struct ike_env *env, const struct ip_address *remote)
{
	if (env->half_open >= threshold(env->half_open_max, IKE_HALF_OPEN_MAX))
		return IKE_DOS_DROP;
	if (env->never_cookie)
		return IKE_DOS_ACCEPT;
	if (env->require_cookie ||
	    env->half_open >= threshold(env->cookie_threshold, IKE_COOKIE_THRESHOLD))
		return IKE_DOS_COOKIE;
	if (ike_half_open_from(env, remote) >=
	    threshold(env->cookie_threshold_ip, IKE_COOKIE_THRESHOLD_PER_IP))
		return IKE_DOS_COOKIE;
	return IKE_DOS_ACCEPT;
}

/* A new secret when the current one is too old (or there is none). */
static bool rotate(struct ike_env *env, uint64_t now_ms)
{
	uint64_t life = env->cookie_secret_lifetime_ms != 0 ? env->cookie_secret_lifetime_ms
							     : IKE_COOKIE_SECRET_LIFETIME_MS;

	if (env->cookie_secret_set && now_ms - env->cookie_secret_born_ms < life)
		return true;
	if (env->cookie_secret_set) {
		memcpy(env->cookie_secret_prev, env->cookie_secret, COOKIE_SECRET_SIZE);
		env->cookie_prev_set = true;
	}
	if (!crypto_new_cookie_secret(env->cookie_secret))
		return false;
	env->cookie_secret_set = true;
	env->cookie_generation++;
	env->cookie_secret_born_ms = now_ms;
	ldbg(DBG_BASE, "new COOKIE secret, generation %u", env->cookie_generation);
	return true;
}

static bool cookie_hash(const uint8_t secret[COOKIE_SECRET_SIZE], uint8_t generation,
			struct bytes ni, const struct ip_address *ipi, const uint8_t spi_i[8],
			uint8_t out[IKE_COOKIE_SIZE])
{
	uint8_t in[COOKIE_SECRET_SIZE + 256 + 16 + 8];
	size_t n = 0;

	if (ni.len > 256)
		return false;
	memcpy(in, secret, COOKIE_SECRET_SIZE);
	n = COOKIE_SECRET_SIZE;
	memcpy(in + n, ni.ptr, ni.len);
	n += ni.len;
	memcpy(in + n, ipi->bytes, ip_address_len(ipi));
	n += ip_address_len(ipi);
	memcpy(in + n, spi_i, 8);
	n += 8;
	out[0] = generation;
	bool ok = PK11_HashBuf(SEC_OID_SHA256, out + 1, in, (PRInt32)n) == SECSuccess;
	secure_zero(in, sizeof(in));
	return ok;
}

void ike_dos_describe(const struct ike_env *env, char *buf, size_t len)
{
	snprintf(buf, len, "ddos-cookies-threshold=%u, ddos-max-halfopen=%u, ddos-mode=%s",
		 threshold(env->cookie_threshold, IKE_COOKIE_THRESHOLD),
		 threshold(env->half_open_max, IKE_HALF_OPEN_MAX),
		 env->require_cookie ? "busy" : env->never_cookie ? "unlimited" : "auto");
}

void ike_dos_note(struct ike_env *env)
{
	bool busy = !env->never_cookie &&
		    env->half_open >= threshold(env->cookie_threshold, IKE_COOKIE_THRESHOLD);

	/* Only the global switch is logged: per-address cookies are
	 * routine (a NAT with many peers behind it). */
	if (busy && !env->cookie_mode)
		llog("%u half-open IKE SAs: answering IKE_SA_INIT requests with COOKIE "
		     "(limit %u half-open)", env->half_open,
		     threshold(env->half_open_max, IKE_HALF_OPEN_MAX));
	else if (!busy && env->cookie_mode)
		llog("%u half-open IKE SAs: no more COOKIEs (%lu sent; at most %lu half-open)",
		     env->half_open, env->cookies_sent, env->half_open_peak);
	env->cookie_mode = busy;
}

bool ike_cookie_make(struct ike_env *env, struct bytes ni, const struct ip_address *ipi,
		     const uint8_t spi_i[8], uint8_t out[IKE_COOKIE_SIZE])
{
	if (!rotate(env, clock_mono_ms()))
		return false;
	return cookie_hash(env->cookie_secret, (uint8_t)env->cookie_generation, ni, ipi, spi_i,
			   out);
}

bool ike_cookie_valid(struct ike_env *env, struct bytes cookie, struct bytes ni,
		      const struct ip_address *ipi, const uint8_t spi_i[8])
{
	uint8_t want[IKE_COOKIE_SIZE];
	const uint8_t *secret;

	if (cookie.len != IKE_COOKIE_SIZE || !rotate(env, clock_mono_ms()))
		return false;
	/* The generation octet picks the secret: current or the one before. */
	if (cookie.ptr[0] == (uint8_t)env->cookie_generation)
		secret = env->cookie_secret;
	else if (env->cookie_prev_set && cookie.ptr[0] == (uint8_t)(env->cookie_generation - 1))
		secret = env->cookie_secret_prev;
	else
		return false;
	if (!cookie_hash(secret, cookie.ptr[0], ni, ipi, spi_i, want))
		return false;
	return bytes_equal_ct(cookie, BYTES(want, sizeof(want)));
}
