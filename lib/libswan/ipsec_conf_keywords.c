/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ipsec.conf keyword table: one row per keyword (aliases are rows
 * that store into the same field, so setting both is a conflict).
 * Names and meanings follow Libreswan 4.10's ipsec.conf(5); keywords
 * xswan does not implement are listed too, so they are refused by name
 * with a reason instead of being called unknown.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ipsec_conf_internal.h"

#define S(f) offsetof(struct config_setup, f)
#define C(f) offsetof(struct conn_config, f)
#define E(f) offsetof(struct end_config, f)

static const struct kw_name auto_names[] = {
	{ "ignore", AUTO_IGNORE, NULL },
	{ "add", AUTO_ADD, NULL },
	{ "ondemand", AUTO_ONDEMAND, NULL },
	{ "route", AUTO_ONDEMAND, NULL },	/* old name of ondemand */
	{ "start", AUTO_START, NULL },
	{ "up", AUTO_START, NULL },		/* alias */
	{ "keep", 0, "auto=keep is not supported; use auto=add or auto=start" },
	{ NULL, 0, NULL },
};

static const struct kw_name type_names[] = {
	{ "tunnel", TYPE_TUNNEL, NULL },
	{ "transport", TYPE_TRANSPORT, NULL },
	{ "passthrough", TYPE_PASSTHROUGH, NULL },
	{ "pass", TYPE_PASSTHROUGH, NULL },	/* alias */
	{ "drop", TYPE_DROP, NULL },
	{ "reject", 0, "type=reject is not supported; use type=drop" },
	{ NULL, 0, NULL },
};

#define NO_CERTS "only authby=secret (PSK) and authby=null are supported"
static const struct kw_name authby_names[] = {
	{ "secret", AUTHBY_SECRET, NULL },
	{ "null", AUTHBY_NULL, NULL },
	{ "never", AUTHBY_NEVER, NULL },	/* shunt-only conns */
	{ "rsasig", 0, NO_CERTS },
	{ "rsa", 0, NO_CERTS },
	{ "rsa-sha1", 0, NO_CERTS },
	{ "rsa-sha2", 0, NO_CERTS },
	{ "rsa-sha2_256", 0, NO_CERTS },
	{ "rsa-sha2_384", 0, NO_CERTS },
	{ "rsa-sha2_512", 0, NO_CERTS },
	{ "ecdsa", 0, NO_CERTS },
	{ "eddsa", 0, NO_CERTS },
	{ NULL, 0, NULL },
};

#define NO_IKEV1 "IKEv1 is not supported; xswan speaks IKEv2 only"
static const struct kw_name keyexchange_names[] = {
	{ "ike", 0, NULL },
	{ "ikev2", 0, NULL },
	{ "ikev1", 0, NO_IKEV1 },
	{ NULL, 0, NULL },
};

static const struct kw_name ikev2_names[] = {
	{ "yes", 0, NULL },
	{ "insist", 0, NULL },	/* old spelling of yes */
	{ "propose", 0, NULL },	/* Libreswan reads it as yes */
	{ "always", 0, NULL },
	{ "no", 0, NO_IKEV1 },
	{ "never", 0, NO_IKEV1 },
	{ "permit", 0, NO_IKEV1 },
	{ NULL, 0, NULL },
};

static const struct kw_name esn_names[] = {
	{ "either", ESN_EITHER, NULL },
	{ "yes", ESN_YES, NULL },
	{ "no", ESN_NO, NULL },
	{ NULL, 0, NULL },
};

static const struct kw_name yna_names[] = {
	{ "auto", YNA_AUTO, NULL },
	{ "yes", YNA_YES, NULL },
	{ "no", YNA_NO, NULL },
	{ NULL, 0, NULL },
};

static const struct kw_name fragmentation_names[] = {
	{ "yes", FRAG_YES, NULL },
	{ "no", FRAG_NO, NULL },
	{ "never", FRAG_NO, NULL },	/* alias */
	{ "force", FRAG_FORCE, NULL },
	{ "insist", FRAG_FORCE, NULL },	/* alias */
	{ NULL, 0, NULL },
};

static const struct kw_name ddos_mode_names[] = {
	{ "auto", DDOS_AUTO, NULL },
	{ "busy", DDOS_BUSY, NULL },
	{ "unlimited", DDOS_UNLIMITED, NULL },
	{ NULL, 0, NULL },
};

static const struct kw_name phase2_names[] = {
	{ "esp", 0, NULL },
	{ "default", 0, NULL },
	{ "ah", 0, "AH is not supported; use esp= with a null cipher if you need integrity only" },
	{ NULL, 0, NULL },
};

static const struct kw_name protostack_names[] = {
	{ "xfrm", 0, NULL },
	{ "netkey", 0, NULL },	/* old names for the same Linux stack */
	{ "native", 0, NULL },
	{ "auto", 0, NULL },
	{ "klips", 0, "only the Linux XFRM stack is supported (protostack=xfrm)" },
	{ "mast", 0, "only the Linux XFRM stack is supported (protostack=xfrm)" },
	{ "bsd", 0, "only the Linux XFRM stack is supported (protostack=xfrm)" },
	{ NULL, 0, NULL },
};

static const struct kw_name ikev1_policy_names[] = {
	{ "drop", 0, NULL },
	{ "reject", 0, NULL },
	{ "accept", 0, NO_IKEV1 },
	{ NULL, 0, NULL },
};

static const struct kw_name enable_tcp_names[] = {
	{ "no", 0, NULL },
	{ "yes", 0, "IKE over TCP (RFC 8229) is not supported yet" },
	{ "fallback", 0, "IKE over TCP (RFC 8229) is not supported yet" },
	{ NULL, 0, NULL },
};

static const struct kw_name nic_offload_names[] = {
	{ "auto", 0, NULL },
	{ "no", 0, NULL },
	{ "yes", 0, "NIC offload is not supported yet; use nic-offload=no" },
	{ NULL, 0, NULL },
};

static const struct kw_name addrfamily_names[] = {
	{ "ipv4", 0, NULL },
	{ "ipv6", 0, NULL },
	{ "v4", 0, NULL },	/* Libreswan's undocumented aliases */
	{ "inet", 0, NULL },
	{ "v6", 0, NULL },
	{ "inet6", 0, NULL },
	{ NULL, 0, NULL },
};

#define NOT_YET(why) .type = KT_UNSUPPORTED, .note = (why)
#define NO_CERT_SUPPORT "certificates and raw public keys are not supported yet (use authby=secret or authby=null)"

static const struct keyword keywords[] = {
	/* ---- config setup ---- */
	/* where pluto logs; unset means stderr */
	{ .name = "logfile", .scope = KS_SETUP, .type = KT_STRING, .offset = S(logfile) },
	{ .name = "plutostderrlog", .scope = KS_SETUP, .type = KT_STRING, .offset = S(logfile) },	/* old name */
	/* prefix each logfile line with a timestamp */
	{ .name = "logtime", .scope = KS_SETUP, .type = KT_BOOL, .offset = S(logtime) },
	/* append to logfile instead of truncating it */
	{ .name = "logappend", .scope = KS_SETUP, .type = KT_BOOL, .offset = S(logappend) },
	/* log peer addresses in normal (non-debug) lines */
	{ .name = "logip", .scope = KS_SETUP, .type = KT_BOOL, .offset = S(logip) },
	/* debug classes: base, control, kernel, crypt, all, none, ... */
	{ .name = "plutodebug", .scope = KS_SETUP, .type = KT_DEBUG, .offset = S(plutodebug) },
	/* a new IKE SA with the same peer ID replaces the old one */
	{ .name = "uniqueids", .scope = KS_SETUP, .type = KT_BOOL, .offset = S(uniqueids) },
	/* the NSS database directory */
	{ .name = "nssdir", .scope = KS_SETUP, .type = KT_STRING, .offset = S(nssdir) },
	/* where the PSKs are */
	{ .name = "secretsfile", .scope = KS_SETUP, .type = KT_STRING, .offset = S(secretsfile) },
	/* the ipsec.d directory */
	{ .name = "ipsecdir", .scope = KS_SETUP, .type = KT_STRING, .offset = S(ipsecdir) },
	/* where pluto may dump core */
	{ .name = "dumpdir", .scope = KS_SETUP, .type = KT_STRING, .offset = S(dumpdir) },
	/* subnets allowed behind NATs (vhost:/vnet:); kept, not used yet */
	{ .name = "virtual-private", .scope = KS_SETUP, .type = KT_STRING, .offset = S(virtual_private) },
	{ .name = "virtual_private", .scope = KS_SETUP, .type = KT_STRING, .offset = S(virtual_private) },	/* old spelling */
	/* the one local address to listen on; unset: all */
	{ .name = "listen", .scope = KS_SETUP, .type = KT_ADDRESS, .offset = S(listen) },
	/* listen on UDP 500 and 4500 */
	{ .name = "listen-udp", .scope = KS_SETUP, .type = KT_BOOL, .offset = S(listen_udp) },
	/* listen on TCP 4500 (RFC 8229) */
	{ .name = "listen-tcp", .scope = KS_SETUP, .type = KT_NO_ONLY, .offset = NO_FIELD, .note = "IKE over TCP (RFC 8229) is not supported yet" },
	/* seconds between NAT-T keepalives */
	{ .name = "keep-alive", .scope = KS_SETUP, .type = KT_NUMBER, .offset = S(keep_alive_s), .min = 1, .max = 86400 },
	/* auto: COOKIEs past ddos-ike-threshold half-open IKE SAs (or a few
	 * from one address); busy: always; unlimited: never */
	{ .name = "ddos-mode", .scope = KS_SETUP, .type = KT_ENUM, .offset = S(ddos_mode), .names = ddos_mode_names },
	/* half-open IKE SAs in all before COOKIEs are demanded */
	{ .name = "ddos-ike-threshold", .scope = KS_SETUP, .type = KT_NUMBER, .offset = S(ddos_ike_threshold), .min = 1, .max = 1000000 },
	/* half-open IKE SAs beyond which IKE_SA_INIT is dropped */
	{ .name = "max-halfopen-ike", .scope = KS_SETUP, .type = KT_NUMBER, .offset = S(max_halfopen_ike), .min = 1, .max = 1000000 },
	/* the kernel IPsec stack; only XFRM */
	{ .name = "protostack", .scope = KS_SETUP, .type = KT_ENUM, .offset = NO_FIELD, .names = protostack_names },
	/* what to do with IKEv1 packets; xswan always drops them */
	{ .name = "ikev1-policy", .scope = KS_SETUP, .type = KT_ENUM, .offset = NO_FIELD, .names = ikev1_policy_names },
	{ .name = "interfaces", .scope = KS_SETUP, .type = KT_OBSOLETE, .offset = NO_FIELD, .note = "pluto listens on every interface (or listen=)" },
	{ .name = "syslog", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "xswan logs to logfile= or stderr" },
	{ .name = "nhelpers", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "pluto picks its number of crypto helpers" },
	{ .name = "seccomp", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "seccomp filtering is not implemented" },
	{ .name = "dnssec-enable", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "xswan does no DNS lookups" },
	{ .name = "audit-log", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "Linux audit messages are not implemented" },
	{ .name = "ike-socket-errqueue", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "not implemented" },
	{ .name = "shuntlifetime", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "bare shunts are not implemented" },
	{ .name = "crl-strict", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "certificates are not supported yet" },
	{ .name = "ocsp-enable", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "certificates are not supported yet" },
	{ .name = "myvendorid", .scope = KS_SETUP, .type = KT_IGNORED, .offset = NO_FIELD, .note = "vendor IDs are not sent" },

	/* ---- per end: leftNAME= / rightNAME= ---- */
	/* the end's public address, %any (learnt from the peer) or %defaultroute */
	{ .name = "", .scope = KS_END, .type = KT_HOST, .offset = E(host) },
	/* the subnet behind the end (one) */
	{ .name = "subnet", .scope = KS_END, .type = KT_SUBNET, .offset = E(subnets) },
	/* several subnets behind the end, {a, b}; cannot be used with subnet= */
	{ .name = "subnets", .scope = KS_END, .type = KT_SUBNETS, .offset = E(subnets) },
	/* the address the end uses as source for tunnelled traffic */
	{ .name = "sourceip", .scope = KS_END, .type = KT_ADDRESS, .offset = E(sourceip) },
	/* next-hop router; %direct (the default) means the peer itself */
	{ .name = "nexthop", .scope = KS_END, .type = KT_NEXTHOP, .offset = E(nexthop) },
	/* the end's IKE identity (id.h) */
	{ .name = "id", .scope = KS_END, .type = KT_ID, .offset = E(id) },
	/* narrow the end's traffic to PROTOCOL[/PORT] */
	{ .name = "protoport", .scope = KS_END, .type = KT_PROTOPORT, .offset = E(protoport) },
	/* updown command run on tunnel changes; "" or %disabled: none */
	{ .name = "updown", .scope = KS_END, .type = KT_UPDOWN, .offset = E(updown) },
	/* non-standard IKE UDP port of the end */
	{ .name = "ikeport", .scope = KS_END, .type = KT_NUMBER, .offset = E(ikeport), .min = 1, .max = 65535 },
	{ .name = "rsasigkey", .scope = KS_END, .offset = NO_FIELD, NOT_YET(NO_CERT_SUPPORT) },
	{ .name = "ecdsakey", .scope = KS_END, .offset = NO_FIELD, NOT_YET(NO_CERT_SUPPORT) },
	{ .name = "pubkey", .scope = KS_END, .offset = NO_FIELD, NOT_YET(NO_CERT_SUPPORT) },
	{ .name = "cert", .scope = KS_END, .offset = NO_FIELD, NOT_YET(NO_CERT_SUPPORT) },
	{ .name = "ckaid", .scope = KS_END, .offset = NO_FIELD, NOT_YET(NO_CERT_SUPPORT) },
	{ .name = "ca", .scope = KS_END, .offset = NO_FIELD, NOT_YET(NO_CERT_SUPPORT) },
	{ .name = "sendcert", .scope = KS_END, .offset = NO_FIELD, NOT_YET(NO_CERT_SUPPORT) },
	{ .name = "auth", .scope = KS_END, .offset = NO_FIELD, NOT_YET("asymmetric authentication is not supported yet; use authby=") },
	{ .name = "autheap", .scope = KS_END, .offset = NO_FIELD, NOT_YET("EAP is not supported") },
	{ .name = "xauthserver", .scope = KS_END, .offset = NO_FIELD, NOT_YET("XAUTH is IKEv1 only; IKEv1 is not supported") },
	{ .name = "xauthclient", .scope = KS_END, .offset = NO_FIELD, NOT_YET("XAUTH is IKEv1 only; IKEv1 is not supported") },
	{ .name = "username", .scope = KS_END, .offset = NO_FIELD, NOT_YET("XAUTH is IKEv1 only; IKEv1 is not supported") },
	{ .name = "modecfgserver", .scope = KS_END, .offset = NO_FIELD, NOT_YET("configuration payloads are not supported yet") },
	{ .name = "modecfgclient", .scope = KS_END, .offset = NO_FIELD, NOT_YET("configuration payloads are not supported yet") },
	{ .name = "addresspool", .scope = KS_END, .offset = NO_FIELD, NOT_YET("address pools are not supported yet") },
	{ .name = "cat", .scope = KS_END, .offset = NO_FIELD, NOT_YET("client address translation is not supported") },
	{ .name = "vti", .scope = KS_END, .offset = NO_FIELD, NOT_YET("VTI is not supported yet") },

	/* ---- conn ---- */
	/* what pluto does with the conn at start: ignore, add, ondemand, start */
	{ .name = "auto", .scope = KS_CONN, .type = KT_ENUM, .offset = C(autostart), .names = auto_names, .duplicate_ok = true },
	/* other names whack verbs accept for this conn (several conns may
	 * share one: `whack --name ALIAS --initiate` starts them all) */
	{ .name = "connalias", .scope = KS_CONN, .type = KT_STRING, .offset = C(connalias) },
	/* merge the named conn sections into this one */
	{ .name = "also", .scope = KS_CONN, .type = KT_ALSO, .offset = NO_FIELD },
	/* tunnel or transport mode, or a passthrough/drop shunt */
	{ .name = "type", .scope = KS_CONN, .type = KT_ENUM, .offset = C(type), .names = type_names },
	/* how the peers authenticate: secret (PSK), null (RFC 7619) */
	{ .name = "authby", .scope = KS_CONN, .type = KT_ENUM, .offset = C(authby), .names = authby_names },
	/* key exchange protocol; only IKEv2 */
	{ .name = "keyexchange", .scope = KS_CONN, .type = KT_ENUM, .offset = NO_FIELD, .names = keyexchange_names },
	{ .name = "ikev2", .scope = KS_CONN, .type = KT_ENUM, .offset = NO_FIELD, .names = ikev2_names },
	/* IKE SA proposals, Libreswan syntax; checked by pluto's proposal parser */
	{ .name = "ike", .scope = KS_CONN, .type = KT_PROPOSAL, .offset = C(ike) },
	/* Child SA (ESP) proposals */
	{ .name = "esp", .scope = KS_CONN, .type = KT_PROPOSAL, .offset = C(esp) },
	{ .name = "phase2alg", .scope = KS_CONN, .type = KT_PROPOSAL, .offset = C(esp) },	/* old name of esp= */
	{ .name = "ah", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("AH is not supported") },
	/* the Child SA protocol; only esp */
	{ .name = "phase2", .scope = KS_CONN, .type = KT_ENUM, .offset = NO_FIELD, .names = phase2_names },
	/* fresh DH for each Child SA rekey */
	{ .name = "pfs", .scope = KS_CONN, .type = KT_BOOL, .offset = C(pfs) },
	/* renegotiate before expiry */
	{ .name = "rekey", .scope = KS_CONN, .type = KT_BOOL, .offset = C(rekey) },
	/* IKE SA lifetime (max 24h) */
	{ .name = "ikelifetime", .scope = KS_CONN, .type = KT_SECONDS, .offset = C(ikelifetime_ms) },
	/* Child SA lifetime (max 24h) */
	{ .name = "ipsec-lifetime", .scope = KS_CONN, .type = KT_SECONDS, .offset = C(ipsec_lifetime_ms) },
	{ .name = "salifetime", .scope = KS_CONN, .type = KT_SECONDS, .offset = C(ipsec_lifetime_ms) },	/* old name */
	{ .name = "keylife", .scope = KS_CONN, .type = KT_SECONDS, .offset = C(ipsec_lifetime_ms) },	/* old name */
	{ .name = "lifetime", .scope = KS_CONN, .type = KT_SECONDS, .offset = C(ipsec_lifetime_ms) },	/* old name */
	/* hard limit of bytes through each Child SA's kernel SA; the
	 * soft limit (rekey) is 25-31% of it when we initiated the SA,
	 * 44-50% when the peer did, as Libreswan's (rekey=no: none) */
	{ .name = "ipsec-max-bytes", .scope = KS_CONN, .type = KT_BYTES, .offset = C(ipsec_max_bytes) },
	/* the same in packets */
	{ .name = "ipsec-max-packets", .scope = KS_CONN, .type = KT_PACKETS, .offset = C(ipsec_max_packets) },
	/* start rekeying this long before expiry */
	{ .name = "rekeymargin", .scope = KS_CONN, .type = KT_SECONDS, .offset = C(rekeymargin_ms) },
	/* randomly stretch rekeymargin by up to this much */
	{ .name = "rekeyfuzz", .scope = KS_CONN, .type = KT_PERCENT, .offset = C(rekeyfuzz_percent) },
	/* attempts before giving up; 0 or %forever: never give up */
	{ .name = "keyingtries", .scope = KS_CONN, .type = KT_NUMBER, .offset = C(keyingtries), .max = UINT32_MAX, .forever_ok = true },
	/* liveness check interval; 0: off */
	{ .name = "dpddelay", .scope = KS_CONN, .type = KT_SECONDS, .offset = C(dpddelay_ms) },
	/* declare the peer dead after this long */
	{ .name = "dpdtimeout", .scope = KS_CONN, .type = KT_SECONDS, .offset = C(dpdtimeout_ms) },
	{ .name = "dpdaction", .scope = KS_CONN, .type = KT_OBSOLETE, .offset = NO_FIELD, .note = "IKEv2 liveness always deletes and, with auto=start, restarts" },
	/* give up on an exchange after this long */
	{ .name = "retransmit-timeout", .scope = KS_CONN, .type = KT_SECONDS, .offset = C(retransmit_timeout_ms) },
	/* first retransmit delay, doubled each time; bare numbers are ms */
	{ .name = "retransmit-interval", .scope = KS_CONN, .type = KT_MILLISECONDS, .offset = C(retransmit_interval_ms) },
	/* accept and propose narrowed traffic selectors (RFC 7296 2.9) */
	{ .name = "narrowing", .scope = KS_CONN, .type = KT_BOOL, .offset = C(narrowing) },
	/* UDP-encapsulate ESP: yes (force), no (never), auto (when NATed) */
	{ .name = "encapsulation", .scope = KS_CONN, .type = KT_ENUM, .offset = C(encapsulation), .names = yna_names },
	{ .name = "forceencaps", .scope = KS_CONN, .type = KT_OBSOLETE, .offset = NO_FIELD, .note = "use encapsulation=yes" },
	/* send NAT-T keepalives */
	{ .name = "nat-keepalive", .scope = KS_CONN, .type = KT_BOOL, .offset = C(nat_keepalive) },
	/* anti-replay window in packets; 0: off (and no ESN) */
	{ .name = "replay-window", .scope = KS_CONN, .type = KT_NUMBER, .offset = C(replay_window), .max = UINT32_MAX },
	/* extended sequence numbers: yes, no, either */
	{ .name = "esn", .scope = KS_CONN, .type = KT_ENUM, .offset = C(esn), .names = esn_names },
	/* XFRM mark VALUE[/MASK] for both directions; -1: unique per instance */
	{ .name = "mark", .scope = KS_CONN, .type = KT_MARK, .offset = C(mark) },
	/* the same for the inbound SA and policy only */
	{ .name = "mark-in", .scope = KS_CONN, .type = KT_MARK, .offset = C(mark_in) },
	/* the same for the outbound SA and policy only */
	{ .name = "mark-out", .scope = KS_CONN, .type = KT_MARK, .offset = C(mark_out) },
	/* fixed reqid for the SAs; pluto allocates from 16380 up otherwise */
	{ .name = "reqid", .scope = KS_CONN, .type = KT_NUMBER, .offset = C(reqid), .min = 1, .max = 16379 },
	/* SPD priority; 0: computed from the selectors */
	{ .name = "priority", .scope = KS_CONN, .type = KT_NUMBER, .offset = C(priority), .max = UINT32_MAX },
	/* route metric passed to updown */
	{ .name = "metric", .scope = KS_CONN, .type = KT_NUMBER, .offset = C(metric), .min = 1, .max = UINT32_MAX },
	/* MTU of routes passed to updown */
	{ .name = "mtu", .scope = KS_CONN, .type = KT_NUMBER, .offset = C(mtu), .min = 68, .max = 65535 },
	/* pad tunnel-mode ESP to this size (TFC); 0: off */
	{ .name = "tfc", .scope = KS_CONN, .type = KT_NUMBER, .offset = C(tfc), .max = 65535 },
	/* MOBIKE (RFC 4555) */
	{ .name = "mobike", .scope = KS_CONN, .type = KT_BOOL, .offset = C(mobike) },
	/* send INITIAL_CONTACT */
	{ .name = "initial-contact", .scope = KS_CONN, .type = KT_BOOL, .offset = C(initial_contact) },
	/* IKE fragmentation (RFC 7383): yes, no, force */
	{ .name = "fragmentation", .scope = KS_CONN, .type = KT_ENUM, .offset = C(fragmentation), .names = fragmentation_names },
	/* address family hints; the addresses already say it */
	{ .name = "hostaddrfamily", .scope = KS_CONN, .type = KT_ENUM, .offset = NO_FIELD, .names = addrfamily_names },
	{ .name = "clientaddrfamily", .scope = KS_CONN, .type = KT_ENUM, .offset = NO_FIELD, .names = addrfamily_names },
	{ .name = "compress", .scope = KS_CONN, .type = KT_NO_ONLY, .offset = NO_FIELD, .note = "IPComp is not supported" },
	{ .name = "aggressive", .scope = KS_CONN, .type = KT_NO_ONLY, .offset = NO_FIELD, .note = NO_IKEV1 },
	{ .name = "aggrmode", .scope = KS_CONN, .type = KT_NO_ONLY, .offset = NO_FIELD, .note = NO_IKEV1 },
	{ .name = "reauth", .scope = KS_CONN, .type = KT_NO_ONLY, .offset = NO_FIELD, .note = "reauthentication is not supported yet" },
	{ .name = "decap-dscp", .scope = KS_CONN, .type = KT_NO_ONLY, .offset = NO_FIELD, .note = "not supported yet" },
	{ .name = "nopmtudisc", .scope = KS_CONN, .type = KT_NO_ONLY, .offset = NO_FIELD, .note = "not supported yet" },
	{ .name = "sha2-truncbug", .scope = KS_CONN, .type = KT_NO_ONLY, .offset = NO_FIELD, .note = "the draft SHA2 truncation is not supported" },
	{ .name = "ms-dh-downgrade", .scope = KS_CONN, .type = KT_NO_ONLY, .offset = NO_FIELD, .note = "DH downgrades are not allowed" },
	{ .name = "enable-tcp", .scope = KS_CONN, .type = KT_ENUM, .offset = NO_FIELD, .names = enable_tcp_names },
	{ .name = "nic-offload", .scope = KS_CONN, .type = KT_ENUM, .offset = NO_FIELD, .names = nic_offload_names },
	{ .name = "failureshunt", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("failure shunts are not supported yet") },
	{ .name = "negotiationshunt", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("negotiation shunts are not supported yet") },
	{ .name = "ipsec-interface", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("XFRM interfaces are not supported yet") },
	{ .name = "vti-interface", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("VTI is not supported yet") },
	{ .name = "vti-routing", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("VTI is not supported yet") },
	{ .name = "vti-shared", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("VTI is not supported yet") },
	{ .name = "sec-label", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("labeled IPsec is not supported yet") },
	{ .name = "policy-label", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("labeled IPsec is not supported yet") },
	{ .name = "tcp-remoteport", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("IKE over TCP (RFC 8229) is not supported yet") },
	{ .name = "alsoflip", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("alsoflip= is not supported; write the conn with left and right swapped") },
	{ .name = "ppk", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("post-quantum preshared keys are not supported") },
	{ .name = "modecfgdns", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("configuration payloads are not supported yet") },
	{ .name = "modecfgdomains", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("configuration payloads are not supported yet") },
	{ .name = "modecfgpull", .scope = KS_CONN, .offset = NO_FIELD, NOT_YET("configuration payloads are not supported yet") },
};

#define KEYWORD_COUNT (sizeof(keywords) / sizeof(keywords[0]))

const struct keyword *keyword_lookup(const char *key, enum conf_end *end)
{
	*end = END_NONE;
	for (size_t i = 0; i < KEYWORD_COUNT; i++) {
		const struct keyword *kw = &keywords[i];
		if (kw->scope != KS_END) {
			if (strcasecmp(key, kw->name) == 0)
				return kw;
			continue;
		}
		if (strncasecmp(key, "left", 4) == 0 && strcasecmp(key + 4, kw->name) == 0) {
			*end = END_LEFT;
			return kw;
		}
		if (strncasecmp(key, "right", 5) == 0 && strcasecmp(key + 5, kw->name) == 0) {
			*end = END_RIGHT;
			return kw;
		}
	}
	return NULL;
}

void keyword_enum_names(const struct keyword *kw, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const struct kw_name *v = kw->names; v != NULL && v->name != NULL && n < size; v++) {
		if (v->refuse != NULL)
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n > 0 ? ", " : "", v->name);
	}
}
