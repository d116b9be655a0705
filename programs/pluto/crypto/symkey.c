/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include <pk11pub.h>
#include <prerror.h>

#include "symkey.h"

/* Largest key extract_by_wrapping() handles (a whole KEYMAT fits). */
#define PAD_LIMIT 1024

/* Every use we make of a key, so a slice can serve any of them. */
#define ALL_KEY_FLAGS (CKF_ENCRYPT | CKF_DECRYPT | CKF_SIGN | CKF_VERIFY | CKF_DERIVE)

PK11SymKey *symkey_from_bytes(struct bytes bytes)
{
	return symkey_from_bytes_for(bytes, CKM_GENERIC_SECRET_KEY_GEN);
}

PK11SymKey *symkey_from_bytes_for(struct bytes bytes, CK_MECHANISM_TYPE mech)
{
	/*
	 * NSS refuses raw key imports in FIPS mode, so bytes enter NSS by
	 * derivation instead (as Libreswan does): a fresh random key K,
	 * then BYTES || K, then the first len(BYTES) bytes of that.
	 */
	if (bytes.len == 0)
		return NULL;
	PK11SlotInfo *slot = PK11_GetInternalSlot();
	if (slot == NULL)
		return NULL;
	PK11SymKey *scratch = PK11_KeyGen(slot, CKM_GENERIC_SECRET_KEY_GEN, NULL, 16, NULL);
	PK11_FreeSlot(slot);
	if (scratch == NULL)
		return NULL;
	PK11SymKey *joined = symkey_prepend_bytes(scratch, bytes);
	PK11_FreeSymKey(scratch);
	if (joined == NULL)
		return NULL;
	PK11SymKey *key = symkey_slice_for(joined, 0, bytes.len, mech);
	PK11_FreeSymKey(joined);
	return key;
}

PK11SymKey *symkey_slice(PK11SymKey *key, size_t offset, size_t len)
{
	return symkey_slice_for(key, offset, len, CKM_GENERIC_SECRET_KEY_GEN);
}

PK11SymKey *symkey_slice_for(PK11SymKey *key, size_t offset, size_t len,
			     CK_MECHANISM_TYPE mech)
{
	if (key == NULL || len == 0 || offset + len > symkey_len(key))
		return NULL;
	CK_EXTRACT_PARAMS bit = offset * 8;
	SECItem param = {
		.type = siBuffer,
		.data = (unsigned char *)&bit,
		.len = sizeof(bit),
	};
	return PK11_DeriveWithFlags(key, CKM_EXTRACT_KEY_FROM_KEY, &param,
				    mech, CKA_DERIVE,
				    (int)len, ALL_KEY_FLAGS);
}

PK11SymKey *symkey_prepend_bytes(PK11SymKey *key, struct bytes data)
{
	CK_KEY_DERIVATION_STRING_DATA string = {
		.pData = (CK_BYTE_PTR)data.ptr,
		.ulLen = data.len,
	};
	SECItem param = {
		.type = siBuffer,
		.data = (unsigned char *)&string,
		.len = sizeof(string),
	};
	return PK11_DeriveWithFlags(key, CKM_CONCATENATE_DATA_AND_BASE, &param,
				    CKM_GENERIC_SECRET_KEY_GEN, CKA_DERIVE,
				    (int)(data.len + symkey_len(key)), ALL_KEY_FLAGS);
}

size_t symkey_len(PK11SymKey *key)
{
	return key == NULL ? 0 : PK11_GetKeyLength(key);
}

void symkey_release(PK11SymKey **key)
{
	if (*key != NULL) {
		PK11_FreeSymKey(*key);
		*key = NULL;
	}
}

/*
 * In FIPS mode NSS will not hand out a key's value, but it will wrap it
 * under another key: wrap under a fresh AES key with AES-CBC-PAD, then
 * decrypt the wrapped blob with that same key.
 */
static bool extract_by_wrapping(PK11SymKey *key, size_t len, uint8_t *out)
{
	uint8_t iv[16] = { 0 };		/* the wrapping key is used once */
	uint8_t wrapped[PAD_LIMIT];
	uint8_t plain[PAD_LIMIT];
	SECItem iv_item = { siBuffer, iv, sizeof(iv) };
	SECItem wrapped_item = { siBuffer, wrapped, sizeof(wrapped) };
	bool ok = false;

	if (len + 16 > sizeof(wrapped))
		return false;
	PK11SlotInfo *slot = PK11_GetInternalSlot();
	if (slot == NULL)
		return false;
	PK11SymKey *kek = PK11_TokenKeyGenWithFlags(slot, CKM_AES_KEY_GEN, NULL, 16, NULL,
						    CKF_WRAP | CKF_DECRYPT, 0, NULL);
	PK11_FreeSlot(slot);
	if (kek == NULL)
		return false;
	if (PK11_WrapSymKey(CKM_AES_CBC_PAD, &iv_item, kek, key, &wrapped_item) == SECSuccess) {
		unsigned n = 0;
		if (PK11_Decrypt(kek, CKM_AES_CBC_PAD, &iv_item, plain, &n, sizeof(plain),
				 wrapped_item.data, wrapped_item.len) == SECSuccess && n == len) {
			memcpy(out, plain, len);
			ok = true;
		}
	}
	secure_zero(plain, sizeof(plain));
	secure_zero(wrapped, sizeof(wrapped));
	PK11_FreeSymKey(kek);
	return ok;
}

bool symkey_extract(PK11SymKey *key, size_t offset, size_t len,
		    uint8_t *out, size_t cap, struct diag *d)
{
	if (key == NULL)
		return diag(d, "no key to extract");
	if (len > cap)
		return diag(d, "key extraction of %zu bytes does not fit in %zu", len, cap);
	if (offset > symkey_len(key) || len > symkey_len(key) - offset)
		return diag(d, "key extraction of %zu bytes at %zu is beyond the key's %zu bytes",
			    len, offset, symkey_len(key));
	/*
	 * Extract from a slice, so that NSS's cached copy of the value
	 * (PK11_GetKeyData) belongs to a short-lived key freed right here.
	 */
	PK11SymKey *slice = symkey_slice(key, offset, len);
	if (slice == NULL)
		return diag(d, "NSS could not slice the key (NSS error %d)", PR_GetError());
	bool ok = false;
	if (PK11_ExtractKeyValue(slice) == SECSuccess) {
		SECItem *value = PK11_GetKeyData(slice);
		if (value != NULL && value->len == len) {
			memcpy(out, value->data, len);
			ok = true;
		}
	} else {
		/* FIPS mode: keys are sensitive, so take the long way round. */
		ok = extract_by_wrapping(slice, len, out);
	}
	PK11_FreeSymKey(slice);
	if (!ok)
		return diag(d, "NSS refused to extract the key value (NSS error %d)", PR_GetError());
	return true;
}
