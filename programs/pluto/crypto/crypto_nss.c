/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <string.h>

#include <nss.h>
#include <pk11pub.h>
#include <prerror.h>
#include <secmod.h>

#include "bytes.h"
#include "crypto_nss.h"
#include "log.h"

bool crypto_nss_init(const char *nssdir, bool readonly, struct diag *d)
{
	SECStatus rv;

	if (nssdir == NULL) {
		rv = NSS_NoDB_Init(NULL);
		if (rv != SECSuccess)
			return diag(d, "NSS initialisation without a database failed (NSS error %d)",
				    PR_GetError());
		return true;
	}

	char dir[4096];
	const char *prefix = strncmp(nssdir, "sql:", 4) == 0 ? "" : "sql:";
	int n = snprintf(dir, sizeof(dir), "%s%s", prefix, nssdir);
	if (n < 0 || (size_t)n >= sizeof(dir))
		return diag(d, "nssdir '%s' is too long", nssdir);

	PRUint32 flags = readonly ? NSS_INIT_READONLY : 0;
	rv = NSS_Initialize(dir, "", "", SECMOD_DB, flags);
	if (rv != SECSuccess)
		return diag(d, "NSS initialisation from %s failed (NSS error %d); run 'ipsec initnss' to create the database",
			    dir, PR_GetError());
	ldbg(DBG_CRYPT, "NSS initialised from %s (%s)", dir, readonly ? "read-only" : "read-write");
	return true;
}

bool crypto_nss_shutdown(void)
{
	if (NSS_IsInitialized() && NSS_Shutdown() != SECSuccess) {
		llog("NSS shutdown: some NSS objects were still in use (NSS error %d)", PR_GetError());
		return false;
	}
	return true;
}

bool crypto_fips_mode(void)
{
	return PK11_IsFIPS();
}

bool crypto_random(void *buf, size_t len)
{
	if (len == 0)
		return true;
	if (len > 0x7fffffff)
		return false;
	return PK11_GenerateRandom(buf, (int)len) == SECSuccess;
}

bool crypto_new_ike_spi(uint8_t spi[8])
{
	static const uint8_t zero[8];

	do {
		if (!crypto_random(spi, 8))
			return false;
	} while (memcmp(spi, zero, 8) == 0);
	return true;
}

bool crypto_new_cookie_secret(uint8_t secret[COOKIE_SECRET_SIZE])
{
	return crypto_random(secret, COOKIE_SECRET_SIZE);
}
