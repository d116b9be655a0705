# SPDX-License-Identifier: GPL-2.0-or-later
# the same SAs on both ends: AES-GCM-128, 16-octet ICV
ip xfrm state add src 192.1.2.45 dst 192.1.2.23 proto esp spi 0x1000a001 reqid 1 mode transport aead 'rfc4106(gcm(aes))' 0x0123456789abcdef0123456789abcdef01020304 128
ip xfrm state add src 192.1.2.23 dst 192.1.2.45 proto esp spi 0x1000a002 reqid 1 mode transport aead 'rfc4106(gcm(aes))' 0xfedcba9876543210fedcba9876543210a1a2a3a4 128
ip xfrm state add src 2001:db8:1:2::45 dst 2001:db8:1:2::23 proto esp spi 0x1000b001 reqid 2 mode transport aead 'rfc4106(gcm(aes))' 0x00112233445566778899aabbccddeeffb1b2b3b4 128
ip xfrm state add src 2001:db8:1:2::23 dst 2001:db8:1:2::45 proto esp spi 0x1000b002 reqid 2 mode transport aead 'rfc4106(gcm(aes))' 0xffeeddccbbaa99887766554433221100c1c2c3c4 128
ip xfrm state add src 192.1.2.45 dst 192.1.2.23 proto esp spi 0x1000c001 reqid 3 mode tunnel aead 'rfc4106(gcm(aes))' 0x102132435465768798a9bacbdcedfe0fd1d2d3d4 128
ip xfrm state add src 192.1.2.23 dst 192.1.2.45 proto esp spi 0x1000c002 reqid 3 mode tunnel aead 'rfc4106(gcm(aes))' 0x0f1e2d3c4b5a69788796a5b4c3d2e1f0e1e2e3e4 128
ip xfrm state add src 2001:db8:1:2::45 dst 2001:db8:1:2::23 proto esp spi 0x1000d001 reqid 4 mode tunnel aead 'rfc4106(gcm(aes))' 0x55555555aaaaaaaa55555555aaaaaaaaf1f2f3f4 128
ip xfrm state add src 2001:db8:1:2::23 dst 2001:db8:1:2::45 proto esp spi 0x1000d002 reqid 4 mode tunnel aead 'rfc4106(gcm(aes))' 0xaaaaaaaa55555555aaaaaaaa5555555501010101 128
# transport mode, IPv4: ICMP between the public addresses
ip xfrm policy add src 192.1.2.45 dst 192.1.2.23 proto icmp dir out tmpl proto esp mode transport reqid 1
ip xfrm policy add src 192.1.2.23 dst 192.1.2.45 proto icmp dir in tmpl proto esp mode transport reqid 1
# transport mode, IPv6: echo requests out, replies in, so that neighbour discovery is not caught
ip xfrm policy add src 2001:db8:1:2::45 dst 2001:db8:1:2::23 proto ipv6-icmp type 128 dir out tmpl proto esp mode transport reqid 2
ip xfrm policy add src 2001:db8:1:2::23 dst 2001:db8:1:2::45 proto ipv6-icmp type 129 dir in tmpl proto esp mode transport reqid 2
# tunnel mode, IPv4 and IPv6: the client networks
ip xfrm policy add src 192.0.1.0/24 dst 192.0.2.0/24 dir out tmpl src 192.1.2.45 dst 192.1.2.23 proto esp mode tunnel reqid 3
ip xfrm policy add src 192.0.2.0/24 dst 192.0.1.0/24 dir in tmpl src 192.1.2.23 dst 192.1.2.45 proto esp mode tunnel reqid 3
ip xfrm policy add src 2001:db8:0:1::/64 dst 2001:db8:0:2::/64 dir out tmpl src 2001:db8:1:2::45 dst 2001:db8:1:2::23 proto esp mode tunnel reqid 4
ip xfrm policy add src 2001:db8:0:2::/64 dst 2001:db8:0:1::/64 dir in tmpl src 2001:db8:1:2::23 dst 2001:db8:1:2::45 proto esp mode tunnel reqid 4
# what leaves west on the 192.1.2 network, from now on
../../guestbin/capture-out start wire -i eth1
../../guestbin/xfrm-counters
