#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference SK payloads (RFC 7296 3.14, RFC 5282, RFC 7634) for test_crypto_sk.c.

Built with Python's `cryptography` package, independently of NSS, from
fixed keys, IVs and plaintext: the test checks that sk_decrypt() accepts
each message and recovers the plaintext.  Run once; output pasted.
"""
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

spi_i = bytes.fromhex("0102030405060708")
spi_r = bytes.fromhex("1112131415161718")
inner = bytes((3 * i + 7) & 0xff for i in range(45))     # stand-in inner payloads


def header(total, sk_len):
    # IKE header: SPIs, Next Payload SK (46), version 2.0, IKE_AUTH (35),
    # flags Initiator (0x08), Message ID 1, Length; then the SK payload's
    # generic header: Next Payload IDi (35), not critical, Payload Length.
    return (spi_i + spi_r + bytes([46, 0x20, 35, 0x08]) + struct.pack(">II", 1, total)
            + bytes([35, 0]) + struct.pack(">H", sk_len))


def aead_msg(name, aead, salt, iv, pad):
    enc = inner + bytes(pad) + bytes([pad])
    total = 32 + len(iv) + len(enc) + 16
    hdr = header(total, total - 28)
    sealed = aead.encrypt(salt + iv, enc, hdr)
    msg = hdr + iv + sealed
    assert len(msg) == total
    print('#define %s "%s"' % (name, msg.hex()))


key = bytes(range(0x20, 0x40))
aead_msg("SK_GCM256_MSG", AESGCM(key), bytes.fromhex("a1a2a3a4"), bytes.fromhex("b1b2b3b4b5b6b7b8"), 3)
aead_msg("SK_CHACHA_MSG", ChaCha20Poly1305(key), bytes.fromhex("c1c2c3c4"), bytes.fromhex("d1d2d3d4d5d6d7d8"), 0)

# AES-CBC-128 + HMAC-SHA2-256-128: ICV over header .. end of ciphertext.
ek = bytes(range(0x50, 0x60))
ak = bytes(range(0x60, 0x80))
iv = bytes(range(0x90, 0xa0))
pad = (16 - (len(inner) + 1) % 16) % 16
enc = inner + bytes(pad) + bytes([pad])
total = 32 + 16 + len(enc) + 16
hdr = header(total, total - 28)
e = Cipher(algorithms.AES(ek), modes.CBC(iv)).encryptor()
ct = e.update(enc) + e.finalize()
icv = hmac.new(ak, hdr + iv + ct, hashlib.sha256).digest()[:16]
print('#define SK_CBC128_MSG "%s"' % (hdr + iv + ct + icv).hex())
print('#define SK_INNER "%s"' % inner.hex())
