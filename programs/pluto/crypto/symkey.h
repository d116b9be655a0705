/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Keys live in NSS as PK11SymKey.  These helpers make, slice, join and
 * (only for the kernel or a test) extract them.  All keys are created in
 * NSS's internal slot so that any two can be combined.
 */
#ifndef XSWAN_SYMKEY_H
#define XSWAN_SYMKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pk11pub.h>

#include "bytes.h"
#include "diag.h"

/* A key holding BYTES (a PSK, an inner PRF output).  Made by derivation,
 * not import, so it also works in FIPS mode.  NULL on NSS failure or
 * when BYTES is empty. */
PK11SymKey *symkey_from_bytes(struct bytes bytes);
/* The same, for use with MECH (e.g. CKM_AES_GCM). */
PK11SymKey *symkey_from_bytes_for(struct bytes bytes, CK_MECHANISM_TYPE mech);
/* LEN bytes of KEY starting at byte OFFSET, as a new key usable for
 * encryption, MAC and derivation.  NULL on failure. */
PK11SymKey *symkey_slice(PK11SymKey *key, size_t offset, size_t len);
/* The same, typed for cipher MECH (NSS checks an AES key is CKK_AES). */
PK11SymKey *symkey_slice_for(PK11SymKey *key, size_t offset, size_t len,
			     CK_MECHANISM_TYPE mech);
/* A new key holding DATA || KEY (used to left-pad a short DH secret). */
PK11SymKey *symkey_prepend_bytes(PK11SymKey *key, struct bytes data);
size_t symkey_len(PK11SymKey *key);
/* NULL-safe free; sets *KEY to NULL. */
void symkey_release(PK11SymKey **key);

/*
 * Copy LEN bytes of KEY from OFFSET into OUT (of CAP bytes).  This is
 * the one way key material leaves NSS: for the kernel's XFRM_MSG_NEWSA
 * and for tests.  The caller wipes OUT with secure_zero() after use.
 */
bool symkey_extract(PK11SymKey *key, size_t offset, size_t len,
		    uint8_t *out, size_t cap, struct diag *d);

#endif
