#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Independent reference values for test_crypto_kdf.c.

Written from RFC 7296 sections 2.13-2.18 and 2.15 with Python's standard
library only (hmac, hashlib), so the C code under test (which uses NSS's
CKM_NSS_IKE_PRF_DERIVE / CKM_NSS_IKE_PRF_PLUS_DERIVE) is checked against a
second implementation.  Run it once; its output was pasted into the test.
"""
import hashlib
import hmac

H = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}


def prf(alg, key, data):
    return hmac.new(key, data, H[alg]).digest()


def prf_plus(alg, key, seed, n):
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = prf(alg, key, t + seed + bytes([i]))
        out += t
        i += 1
    return out[:n]


ni = bytes(range(0x00, 0x20))            # 32 bytes
nr = bytes(range(0xa0, 0xc0))            # 32 bytes
gir = bytes((7 * i + 3) & 0xff for i in range(32))
gir_new = bytes((11 * i + 5) & 0xff for i in range(48))
spi_i = bytes.fromhex("0102030405060708")
spi_r = bytes.fromhex("1112131415161718")


def show(name, b):
    print('#define %s "%s"' % (name, b.hex()))


# prf+ alone: key from bytes, seed data only and seed key + data.
pp_key = bytes(range(0x40, 0x70))        # 48 bytes
pp_seed = b"xswan prf+ test seed"
show("PRFPLUS_SHA384_200", prf_plus("sha384", pp_key, pp_seed, 200))
show("PRFPLUS_SHA256_KEYSEED_100", prf_plus("sha256", pp_key, gir + pp_seed, 100))

# Suite A: PRF HMAC-SHA2-256, AES-GCM-16 256-bit (key 32 + salt 4), no integ.
seed = ni + nr + spi_i + spi_r
skeyseed = prf("sha256", ni + nr, gir)
show("A_SKEYSEED", skeyseed)
km = prf_plus("sha256", skeyseed, seed, 32 + 36 + 36 + 32 + 32)
show("A_SK_D", km[0:32])
show("A_SK_EI", km[32:68])          # key || salt
show("A_SK_ER", km[68:104])
show("A_SK_PI", km[104:136])
show("A_SK_PR", km[136:168])
# Rekey (2.18): SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)
show("A_REKEY_SKEYSEED", prf("sha256", km[0:32], gir_new + ni + nr))
# Child SA, ESP AES-GCM-16 128 (16 + 4 per direction), no PFS.
show("A_CHILD_GCM128", prf_plus("sha256", km[0:32], ni + nr, 2 * 20))
# Child SA, ESP AES-CBC-256 + HMAC-SHA2-256-128 (32 + 32 per direction), PFS.
show("A_CHILD_CBC256_PFS", prf_plus("sha256", km[0:32], gir_new + ni + nr, 2 * 64))

# Suite B: PRF HMAC-SHA2-512, AES-CBC 128, integ HMAC-SHA2-512-256 (key 64).
skeyseed = prf("sha512", ni + nr, gir)
show("B_SKEYSEED", skeyseed)
km = prf_plus("sha512", skeyseed, seed, 64 + 2 * 64 + 2 * 16 + 2 * 64)
o = 0
for name, n in (("B_SK_D", 64), ("B_SK_AI", 64), ("B_SK_AR", 64), ("B_SK_EI", 16),
                ("B_SK_ER", 16), ("B_SK_PI", 64), ("B_SK_PR", 64)):
    show(name, km[o:o + n])
    o += n

# PSK AUTH (2.15) and NULL AUTH (RFC 7619 2.1) with PRF HMAC-SHA2-256.
sk_pi = bytes(range(0x10, 0x30))
real_message = bytes((5 * i + 1) & 0xff for i in range(300))
id_body = bytes([2, 0, 0, 0]) + b"west.example"      # ID_FQDN, reserved, data
psk = b"this is a pre-shared key"
pad = b"Key Pad for IKEv2"
signed = real_message + nr + prf("sha256", sk_pi, id_body)
show("AUTH_PSK_SHA256", prf("sha256", prf("sha256", psk, pad), signed))
show("AUTH_NULL_SHA256", prf("sha256", prf("sha256", sk_pi, pad), signed))
