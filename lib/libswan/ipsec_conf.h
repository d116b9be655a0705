/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec.conf in Libreswan's syntax, read into typed structs.
 *
 *   struct diag_list errors = { 0 };
 *   struct ipsec_conf *conf = ipsec_conf_load("/etc/ipsec.conf", &errors);
 *   for (size_t i = 0; i < conf->nr_conns; i++) ... conf->conns[i] ...
 *   const struct conn_config *c = ipsec_conf_find(conf, "west-east", &why);
 *   ipsec_conf_free(conf);
 *
 * A bad line (unknown keyword, bad value) is an error "FILE:LINE: ..."
 * in ERRORS; the conn it belongs to (and every conn that pulls it in
 * through also=) is not loaded; the other conns are.  Only an
 * unreadable top-level file makes ipsec_conf_load() return NULL.
 */
#ifndef XSWAN_IPSEC_CONF_H
#define XSWAN_IPSEC_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "diag_list.h"
#include "id.h"
#include "ip_address.h"

/* Libreswan's defaults (include/pluto_constants.h, confread.c, 4.10). */
#define CONF_DEFAULT_IKELIFETIME_MS (8ull * 3600 * 1000)	/* 8h */
#define CONF_DEFAULT_IPSEC_LIFETIME_MS (8ull * 3600 * 1000)	/* 8h */
#define CONF_MAX_LIFETIME_MS (24ull * 3600 * 1000)		/* 24h cap */
#define CONF_DEFAULT_REKEYMARGIN_MS (9ull * 60 * 1000)		/* 9m */
#define CONF_DEFAULT_REKEYFUZZ_PERCENT 100
#define CONF_DEFAULT_REPLAY_WINDOW 128
#define CONF_DEFAULT_RETRANSMIT_TIMEOUT_MS (60ull * 1000)	/* 60s */
#define CONF_DEFAULT_RETRANSMIT_INTERVAL_MS 500ull
#define CONF_DEFAULT_KEEP_ALIVE_S 20	/* nat_traversal.c DEFAULT_KEEP_ALIVE_SECS */
#define CONF_DEFAULT_UPDOWN "ipsec _updown"
/* Libreswan's default (and largest) ipsec-max-bytes/-packets: 2^63. */
#define CONF_MAX_SA_LIMIT (1ull << 63)
#define CONF_MAX_SUBNETS 16
#define CONF_MAX_INCLUDE_DEPTH 10	/* Libreswan's MAX_INCLUDE_DEPTH */
#define CONF_MAX_ALSO 32		/* Libreswan's ALSO_LIMIT */

enum host_kind {
	HOST_UNSET = 0,
	HOST_ADDRESS,		/* left=192.0.2.1 */
	HOST_ANY,		/* left=%any: learnt from the peer */
	HOST_DEFAULTROUTE,	/* left=%defaultroute: found at add time */
};

struct conf_host {
	enum host_kind kind;
	struct ip_address addr;	/* HOST_ADDRESS */
};

struct subnet_list {
	unsigned count;
	struct ip_subnet list[CONF_MAX_SUBNETS];
};

/* mark=, mark-in=, mark-out=: VALUE[/MASK], or -1 (unique per instance). */
struct conn_mark {
	bool set;
	bool unique;		/* -1 */
	uint32_t value;
	uint32_t mask;		/* 0xffffffff when not written */
};

enum conn_auto { AUTO_IGNORE = 0, AUTO_ADD, AUTO_ONDEMAND, AUTO_START };
enum conn_type { TYPE_TUNNEL = 0, TYPE_TRANSPORT, TYPE_PASSTHROUGH, TYPE_DROP };
enum conn_authby { AUTHBY_UNSET = 0, AUTHBY_SECRET, AUTHBY_NULL, AUTHBY_NEVER };
enum yes_no_auto { YNA_AUTO = 0, YNA_YES, YNA_NO };
enum conn_esn { ESN_EITHER = 0, ESN_YES, ESN_NO };
enum conn_fragmentation { FRAG_YES = 0, FRAG_NO, FRAG_FORCE };
/* ddos-mode=: when IKE_SA_INIT is answered with a COOKIE */
enum ddos_mode { DDOS_AUTO = 0, DDOS_BUSY, DDOS_UNLIMITED };

struct end_config {
	struct conf_host host;		/* left= */
	struct ip_address nexthop;	/* leftnexthop= (unset: direct) */
	struct ip_address sourceip;	/* leftsourceip= */
	struct subnet_list subnets;	/* leftsubnet= or leftsubnets=; empty: the host */
	struct ip_protoport protoport;	/* leftprotoport=; ipproto 0: all */
	struct id id;			/* leftid=; ID_NONE: the host address */
	char *updown;			/* leftupdown=; NULL: none (""/%disabled) */
	uint32_t ikeport;		/* leftikeport=; 0: 500/4500 */
};

struct conn_config {
	char *name;
	const char *file;		/* where "conn NAME" is */
	unsigned line;
	struct end_config left, right;

	enum conn_auto autostart;	/* auto= */
	enum conn_type type;		/* type= */
	enum conn_authby authby;	/* authby= */
	char *ike;			/* ike= as written; NULL: defaults */
	char *esp;			/* esp= / phase2alg=; NULL: defaults */
	char *connalias;		/* connalias=: more names, space-separated; NULL: none */
	bool pfs;
	bool rekey;
	uint64_t ikelifetime_ms;
	uint64_t ipsec_lifetime_ms;
	/* ipsec-max-bytes= / ipsec-max-packets=: each kernel SA's hard
	 * limit (pluto derives the soft one); 0: not set, no limit. */
	uint64_t ipsec_max_bytes;
	uint64_t ipsec_max_packets;
	uint64_t rekeymargin_ms;
	uint32_t rekeyfuzz_percent;
	uint64_t dpddelay_ms;		/* 0: no liveness checks */
	uint64_t dpdtimeout_ms;
	uint64_t retransmit_timeout_ms;
	uint64_t retransmit_interval_ms;
	bool narrowing;
	enum yes_no_auto encapsulation;
	bool nat_keepalive;
	uint32_t replay_window;
	enum conn_esn esn;
	struct conn_mark mark, mark_in, mark_out;
	uint32_t reqid;			/* 0: allocated by pluto */
	uint32_t priority;		/* 0: computed */
	uint32_t keyingtries;		/* 0: %forever */
	bool mobike;
	bool initial_contact;
	enum conn_fragmentation fragmentation;
	uint32_t tfc;
	uint32_t metric;
	uint32_t mtu;
};

struct config_setup {
	char *logfile;			/* NULL: stderr */
	bool logtime;
	bool logappend;
	bool logip;
	unsigned plutodebug;		/* log.h DBG_* classes */
	bool uniqueids;
	char *nssdir;
	char *secretsfile;
	char *ipsecdir;
	char *dumpdir;
	char *virtual_private;		/* kept as text; not used yet */
	struct ip_address listen;	/* unset: every address */
	bool listen_udp;
	bool listen_tcp;
	uint32_t keep_alive_s;
	enum ddos_mode ddos_mode;
	uint32_t ddos_ike_threshold;	/* 0: pluto's default */
	uint32_t max_halfopen_ike;	/* 0: pluto's default */
};

struct ipsec_conf {
	struct config_setup setup;
	struct conn_config **conns;	/* the conns that loaded, file order */
	size_t nr_conns;
	/* private: */
	struct conf_rejected *rejected;	/* conns that did not load, and why */
	size_t nr_rejected;
	char **files;			/* every file read (conn->file points here) */
	size_t nr_files;
};

struct ipsec_conf *ipsec_conf_load(const char *path, struct diag_list *errors);
/* The same from memory (fuzzing, tests); NAME is used in messages and
 * for relative includes; ALLOW_INCLUDE false refuses every include. */
struct ipsec_conf *ipsec_conf_load_buffer(const char *name, const char *text, size_t len,
					  bool allow_include, struct diag_list *errors);
/* NULL, and WHY says so, when there is no such conn or it did not load
 * ("conn \"x\" was not loaded: FILE:LINE: ..."). */
const struct conn_config *ipsec_conf_find(const struct ipsec_conf *conf, const char *name,
					  struct diag *why);
void ipsec_conf_free(struct ipsec_conf *conf);

/* Names for printing (status output, tests). */
const char *conn_auto_name(enum conn_auto a);
const char *conn_type_name(enum conn_type t);
const char *conn_authby_name(enum conn_authby a);

#endif
