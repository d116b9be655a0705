#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check the DH test vectors of test_crypto_dh.c and print their PKCS #8 form.

The numbers are RFC 5903 section 8 (ECP 256/384/521) and RFC 7748 section
6.1 (X25519).  This script re-derives every public value and shared secret
from the private keys with Python's `cryptography` package, so a typo in
the copied vectors cannot go unnoticed, and prints the private keys as the
PKCS #8 PrivateKeyInfo NSS imports (id-ecPublicKey + named curve, with the
public key inside, as NSS wants; X25519 under NSS's curve25519 OID).
"""
from cryptography.hazmat.primitives.asymmetric import ec, x25519

def h(s):
    return bytes.fromhex("".join(s.split()))

V = {
 "P256": (ec.SECP256R1(), "2a8648ce3d030107",
  "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 862D1433",
  "DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 72581180"
  "5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 B8990BB3",
  "C6EF9C5D 78AE012A 011164AC B397CE20 88685D8F 06BF9BE0 B283AB46 476BEE53",
  "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63"
  "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB",
  "D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 4B9442DE"),
 "P384": (ec.SECP384R1(), "2b81040022",
  "099F3C70 34D4A2C6 99884D73 A375A67F 7624EF7C 6B3C0F16 0647B674 14DCE655 E35B5380 41E649EE 3FAEF896 783AB194",
  "667842D7 D180AC2C DE6F74F3 7551F557 55C7645C 20EF73E3 1634FE72 B4C55EE6 DE3AC808 ACB4BDB4 C88732AE E95F41AA"
  "9482ED1F C0EEB9CA FC498462 5CCFC23F 65032149 E0E144AD A0241815 35A0F38E EB9FCFF3 C2C947DA E69B4C63 4573A81C",
  "41CB0779 B4BDB85D 47846725 FBEC3C94 30FAB46C C8DC5060 855CC9BD A0AA2942 E0308312 916B8ED2 960E4BD5 5A7448FC",
  "E558DBEF 53EECDE3 D3FCCFC1 AEA08A89 A987475D 12FD950D 83CFA417 32BC509D 0D1AC43A 0336DEF9 6FDA41D0 774A3571"
  "DCFBEC7A ACF31964 72169E83 8430367F 66EEBE3C 6E70C416 DD5F0C68 759DD1FF F83FA401 42209DFF 5EAAD96D B9E6386C",
  "11187331 C279962D 93D60424 3FD592CB 9D0A926F 422E4718 7521287E 7156C5C4 D6031355 69B9E9D0 9CF5D4A2 70F59746"),
 "P521": (ec.SECP521R1(), "2b81040023",
  "0037ADE9 319A89F4 DABDB3EF 411AACCC A5123C61 ACAB57B5 393DCE47 608172A0 95AA85A3 0FE1C295 2C6771D9 37BA9777 F5957B26 39BAB072 462F68C2 7A57382D 4A52",
  "0015417E 84DBF28C 0AD3C278 713349DC 7DF153C8 97A1891B D98BAB43 57C9ECBE E1E3BF42 E00B8E38 0AEAE57C 2D107564 94188594 2AF5A7F4 601723C4 195D176C ED3E"
  "017CAE20 B6641D2E EB695786 D8C94614 6239D099 E18E1D5A 514C739D 7CB4A10A D8A78801 5AC405D7 799DC75E 7B7D5B6C F2261A6A 7F150743 8BF01BEB 6CA3926F 9582",
  "0145BA99 A847AF43 793FDD0E 872E7CDF A16BE30F DC780F97 BCCC3F07 8380201E 9C677D60 0B343757 A3BDBF2A 3163E4C2 F869CCA7 458AA4A4 EFFC311F 5CB15168 5EB9",
  "00D0B397 5AC4B799 F5BEA16D 5E13E9AF 971D5E9B 984C9F39 728B5E57 39735A21 9B97C356 436ADC6E 95BB0352 F6BE64A6 C2912D4E F2D0433C ED2B6171 640012D9 460F"
  "015C6822 6383956E 3BD066E7 97B623C2 7CE0EAC2 F551A10C 2C724D98 52077B87 220B6536 C5C408A1 D2AEBB8E 86D678AE 49CB5709 1F473229 6579AB44 FCD17F0F C56A",
  "01144C7D 79AE6956 BC8EDB8E 7C787C45 21CB086F A64407F9 7894E5E6 B2D79B04 D1427E73 CA4BAA24 0A347868 59810C06 B3C715A3 A8CC3151 F2BEE417 996D19F3 DDEA"),
}

def tlv(tag, content):
    n = len(content)
    if n < 128:
        ln = bytes([n])
    elif n < 256:
        ln = bytes([0x81, n])
    else:
        ln = bytes([0x82, n >> 8, n & 255])
    return bytes([tag]) + ln + content

OID_EC = tlv(0x06, h("2a8648ce3d0201"))

def pkcs8(curve_oid, priv, pub):
    ecpriv = tlv(0x30, tlv(0x02, b"\x01") + tlv(0x04, priv) + tlv(0xa1, tlv(0x03, b"\x00" + pub)))
    return tlv(0x30, tlv(0x02, b"\x00") + tlv(0x30, OID_EC + tlv(0x06, h(curve_oid))) + tlv(0x04, ecpriv))

for name, (curve, oid, i, gi, r, gr, gir) in V.items():
    i, gi, r, gr, gir = map(h, (i, gi, r, gr, gir))
    n = len(gi) // 2
    ki = ec.derive_private_key(int.from_bytes(i, "big"), curve)
    nums = ki.public_key().public_numbers()
    assert nums.x.to_bytes(n, "big") + nums.y.to_bytes(n, "big") == gi, name
    kr = ec.derive_private_key(int.from_bytes(r, "big"), curve)
    nums = kr.public_key().public_numbers()
    assert nums.x.to_bytes(n, "big") + nums.y.to_bytes(n, "big") == gr, name
    assert ki.exchange(ec.ECDH(), kr.public_key()) == gir, name
    print('#define %s_PKCS8 "%s"' % (name, pkcs8(oid, i, b"\x04" + gi).hex()))
    print('#define %s_GI "%s"' % (name, gi.hex()))
    print('#define %s_GR "%s"' % (name, gr.hex()))
    print('#define %s_GIR "%s"' % (name, gir.hex()))

# RFC 7748 section 6.1
a = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
a_pub = h("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
b_pub = h("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
k = h("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
ka = x25519.X25519PrivateKey.from_private_bytes(a)
from cryptography.hazmat.primitives import serialization as s
assert ka.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw) == a_pub
assert ka.exchange(x25519.X25519PublicKey.from_public_bytes(b_pub)) == k
# NSS files X25519 keys under id-ecPublicKey with OID 1.3.6.1.4.1.11591.15.1.
print('#define X25519_PKCS8 "%s"' % pkcs8("2b06010401da470f01", a, a_pub).hex())
print('#define X25519_GI "%s"' % a_pub.hex())
print('#define X25519_GR "%s"' % b_pub.hex())
print('#define X25519_GIR "%s"' % k.hex())
