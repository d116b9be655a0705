/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _LINUX_XFRM_H
#define _LINUX_XFRM_H

#include <linux/in6.h>
#include <linux/types.h>

/* All of the structures in this file may not change size as they are
 * passed into the kernel from userspace via netlink sockets.
 */

/* Structure to encapsulate addresses. I do not want to use
 * "standard" structure. My apologies.
 */
typedef union {
	__be32		a4;
	__be32		a6[4];
	struct in6_addr	in6;
} xfrm_address_t;

/* Ident of a specific xfrm_state. It is used on input to lookup
 * the state by (spi,daddr,ah/esp) or to store information about
 * spi, protocol and tunnel address on output.
 */
struct xfrm_id {
	xfrm_address_t	daddr;
	__be32		spi;
	__u8		proto;
};

struct xfrm_sec_ctx {
	__u8	ctx_doi;
	__u8	ctx_alg;
	__u16	ctx_len;
	__u32	ctx_sid;
	char	ctx_str[];
};

/* Security Context Domains of Interpretation */
#define XFRM_SC_DOI_RESERVED 0
#define XFRM_SC_DOI_LSM 1

/* Security Context Algorithms */
#define XFRM_SC_ALG_RESERVED 0
#define XFRM_SC_ALG_SELINUX 1

/* Selector, used as selector both on policy rules (SPD) and SAs. */

struct xfrm_selector {
	xfrm_address_t	daddr;
	xfrm_address_t	saddr;
	__be16	dport;
	__be16	dport_mask;
	__be16	sport;
	__be16	sport_mask;
	__u16	family;
	__u8	prefixlen_d;
	__u8	prefixlen_s;
	__u8	proto;
	int	ifindex;
	__kernel_uid32_t	user;
};

#define XFRM_INF (~(__u64)0)

struct xfrm_lifetime_cfg {
	__u64	soft_byte_limit;
	__u64	hard_byte_limit;
	__u64	soft_packet_limit;
	__u64	hard_packet_limit;
	__u64	soft_add_expires_seconds;
	__u64	hard_add_expires_seconds;
	__u64	soft_use_expires_seconds;
	__u64	hard_use_expires_seconds;
};

/* In an SA: what it transformed.  In a policy (xfrm_userpolicy_info):
 * bytes and packets it let through, inbound when the policy check accepted
 * them, outbound when they entered its bundle; counted from the policy's
 * add_time (NEWPOLICY or UPDPOLICY).  See
 * Documentation/networking/xfrm_policy_stats.rst.
 */
struct xfrm_lifetime_cur {
	__u64	bytes;
	__u64	packets;
	__u64	add_time;
	__u64	use_time;
};

struct xfrm_replay_state {
	__u32	oseq;
	__u32	seq;
	__u32	bitmap;
};

#define XFRMA_REPLAY_ESN_MAX	4096

struct xfrm_replay_state_esn {
	unsigned int	bmp_len;
	__u32		oseq;
	__u32		seq;
	__u32		oseq_hi;
	__u32		seq_hi;
	__u32		replay_window;
	__u32		bmp[];
};

struct xfrm_algo {
	char		alg_name[64];
	unsigned int	alg_key_len;    /* in bits */
	char		alg_key[];
};

struct xfrm_algo_auth {
	char		alg_name[64];
	unsigned int	alg_key_len;    /* in bits */
	unsigned int	alg_trunc_len;  /* in bits */
	char		alg_key[];
};

struct xfrm_algo_aead {
	char		alg_name[64];
	unsigned int	alg_key_len;	/* in bits */
	unsigned int	alg_icv_len;	/* in bits */
	char		alg_key[];
};

struct xfrm_stats {
	__u32	replay_window;
	__u32	replay;
	__u32	integrity_failed;
};

enum {
	XFRM_POLICY_TYPE_MAIN	= 0,
	XFRM_POLICY_TYPE_SUB	= 1,
	XFRM_POLICY_TYPE_MAX	= 2,
	XFRM_POLICY_TYPE_ANY	= 255
};

enum {
	XFRM_POLICY_IN	= 0,
	XFRM_POLICY_OUT	= 1,
	XFRM_POLICY_FWD	= 2,
	XFRM_POLICY_MASK = 3,
	XFRM_POLICY_MAX	= 3
};

/* Direction of an SA (XFRMA_SA_DIR).  An SA without the attribute may be
 * used in either direction, as before; an SA with it is only looked up on
 * that path, and the kernel refuses settings that belong to the other
 * direction when the SA is added.
 */
enum xfrm_sa_dir {
	XFRM_SA_DIR_IN	= 1,
	XFRM_SA_DIR_OUT	= 2
};

enum {
	XFRM_SHARE_ANY,		/* No limitations */
	XFRM_SHARE_SESSION,	/* For this session only */
	XFRM_SHARE_USER,	/* For this user only */
	XFRM_SHARE_UNIQUE	/* Use once */
};

#define XFRM_MODE_TRANSPORT 0
#define XFRM_MODE_TUNNEL 1
#define XFRM_MODE_ROUTEOPTIMIZATION 2
#define XFRM_MODE_IN_TRIGGER 3
#define XFRM_MODE_BEET 4
#define XFRM_MODE_MAX 5

/* Netlink configuration messages.  */
enum {
	XFRM_MSG_BASE = 0x10,

	XFRM_MSG_NEWSA = 0x10,
#define XFRM_MSG_NEWSA XFRM_MSG_NEWSA
	XFRM_MSG_DELSA,
#define XFRM_MSG_DELSA XFRM_MSG_DELSA
	XFRM_MSG_GETSA,
#define XFRM_MSG_GETSA XFRM_MSG_GETSA

	XFRM_MSG_NEWPOLICY,
#define XFRM_MSG_NEWPOLICY XFRM_MSG_NEWPOLICY
	XFRM_MSG_DELPOLICY,
#define XFRM_MSG_DELPOLICY XFRM_MSG_DELPOLICY
	XFRM_MSG_GETPOLICY,
#define XFRM_MSG_GETPOLICY XFRM_MSG_GETPOLICY

	XFRM_MSG_ALLOCSPI,
#define XFRM_MSG_ALLOCSPI XFRM_MSG_ALLOCSPI
	XFRM_MSG_ACQUIRE,
#define XFRM_MSG_ACQUIRE XFRM_MSG_ACQUIRE
	XFRM_MSG_EXPIRE,
#define XFRM_MSG_EXPIRE XFRM_MSG_EXPIRE

	XFRM_MSG_UPDPOLICY,
#define XFRM_MSG_UPDPOLICY XFRM_MSG_UPDPOLICY
	XFRM_MSG_UPDSA,
#define XFRM_MSG_UPDSA XFRM_MSG_UPDSA

	XFRM_MSG_POLEXPIRE,
#define XFRM_MSG_POLEXPIRE XFRM_MSG_POLEXPIRE

	XFRM_MSG_FLUSHSA,
#define XFRM_MSG_FLUSHSA XFRM_MSG_FLUSHSA
	XFRM_MSG_FLUSHPOLICY,
#define XFRM_MSG_FLUSHPOLICY XFRM_MSG_FLUSHPOLICY

	XFRM_MSG_NEWAE,
#define XFRM_MSG_NEWAE XFRM_MSG_NEWAE
	XFRM_MSG_GETAE,
#define XFRM_MSG_GETAE XFRM_MSG_GETAE

	XFRM_MSG_REPORT,
#define XFRM_MSG_REPORT XFRM_MSG_REPORT

	XFRM_MSG_MIGRATE,
#define XFRM_MSG_MIGRATE XFRM_MSG_MIGRATE

	XFRM_MSG_NEWSADINFO,
#define XFRM_MSG_NEWSADINFO XFRM_MSG_NEWSADINFO
	XFRM_MSG_GETSADINFO,
#define XFRM_MSG_GETSADINFO XFRM_MSG_GETSADINFO

	XFRM_MSG_NEWSPDINFO,
#define XFRM_MSG_NEWSPDINFO XFRM_MSG_NEWSPDINFO
	XFRM_MSG_GETSPDINFO,
#define XFRM_MSG_GETSPDINFO XFRM_MSG_GETSPDINFO

	XFRM_MSG_MAPPING,
#define XFRM_MSG_MAPPING XFRM_MSG_MAPPING

	XFRM_MSG_SETDEFAULT,
#define XFRM_MSG_SETDEFAULT XFRM_MSG_SETDEFAULT
	XFRM_MSG_GETDEFAULT,
#define XFRM_MSG_GETDEFAULT XFRM_MSG_GETDEFAULT

	/* 0x29 is left free: it is XFRM_MSG_MIGRATE_STATE upstream. */

	/* Kernel to userland only, on XFRMNLGRP_UNKNOWN_SPI: an IPsec
	 * packet arrived for an SPI that has no SA.  Payload: struct
	 * xfrm_user_unknown_spi.  See
	 * Documentation/networking/xfrm_unknown_spi.rst.
	 */
	XFRM_MSG_UNKNOWN_SPI = 0x2a,
#define XFRM_MSG_UNKNOWN_SPI XFRM_MSG_UNKNOWN_SPI

	/* Activate-on-receipt, payload struct xfrm_user_activate.  From
	 * userland: activate this standby outbound SA now (-ESRCH if there
	 * is no such SA, which also tells that the kernel knows the
	 * message).  From the kernel, on XFRMNLGRP_ACTIVATE: a standby SA
	 * was activated.  See Documentation/networking/xfrm_activate.rst.
	 */
	XFRM_MSG_ACTIVATESA = 0x2b,
#define XFRM_MSG_ACTIVATESA XFRM_MSG_ACTIVATESA

	/* Kernel to userland only, on XFRMNLGRP_MAPPING: an inbound SA
	 * with XFRM_SA_XFLAG_ANY_ENCAP saw the peer change between plain
	 * and UDP-encapsulated ESP.  Payload: struct xfrm_user_encap_change.
	 * See Documentation/networking/xfrm_dual_encap.rst.
	 */
	XFRM_MSG_ENCAP_CHANGE = 0x2c,
#define XFRM_MSG_ENCAP_CHANGE XFRM_MSG_ENCAP_CHANGE
	__XFRM_MSG_MAX
};
#define XFRM_MSG_MAX (__XFRM_MSG_MAX - 1)

#define XFRM_NR_MSGTYPES (XFRM_MSG_MAX + 1 - XFRM_MSG_BASE)

/*
 * Generic LSM security context for comunicating to user space
 * NOTE: Same format as sadb_x_sec_ctx
 */
struct xfrm_user_sec_ctx {
	__u16			len;
	__u16			exttype;
	__u8			ctx_alg;  /* LSMs: e.g., selinux == 1 */
	__u8			ctx_doi;
	__u16			ctx_len;
};

struct xfrm_user_tmpl {
	struct xfrm_id		id;
	__u16			family;
	xfrm_address_t		saddr;
	__u32			reqid;
	__u8			mode;
	__u8			share;
	__u8			optional;
	__u32			aalgos;
	__u32			ealgos;
	__u32			calgos;
};

struct xfrm_encap_tmpl {
	__u16		encap_type;
	__be16		encap_sport;
	__be16		encap_dport;
	xfrm_address_t	encap_oa;
};

/* AEVENT flags  */
enum xfrm_ae_ftype_t {
	XFRM_AE_UNSPEC,
	XFRM_AE_RTHR=1,	/* replay threshold*/
	XFRM_AE_RVAL=2, /* replay value */
	XFRM_AE_LVAL=4, /* lifetime value */
	XFRM_AE_ETHR=8, /* expiry timer threshold */
	XFRM_AE_CR=16, /* Event cause is replay update */
	XFRM_AE_CE=32, /* Event cause is timer expiry */
	XFRM_AE_CU=64, /* Event cause is policy update */
	__XFRM_AE_MAX

#define XFRM_AE_MAX (__XFRM_AE_MAX - 1)
};

struct xfrm_userpolicy_type {
	__u8		type;
	__u16		reserved1;
	__u8		reserved2;
};

/* Netlink message attributes.  */
enum xfrm_attr_type_t {
	XFRMA_UNSPEC,
	XFRMA_ALG_AUTH,		/* struct xfrm_algo */
	XFRMA_ALG_CRYPT,	/* struct xfrm_algo */
	XFRMA_ALG_COMP,		/* struct xfrm_algo */
	XFRMA_ENCAP,		/* struct xfrm_algo + struct xfrm_encap_tmpl */
	XFRMA_TMPL,		/* 1 or more struct xfrm_user_tmpl */
	XFRMA_SA,		/* struct xfrm_usersa_info  */
	XFRMA_POLICY,		/*struct xfrm_userpolicy_info */
	XFRMA_SEC_CTX,		/* struct xfrm_sec_ctx */
	XFRMA_LTIME_VAL,
	XFRMA_REPLAY_VAL,
	XFRMA_REPLAY_THRESH,
	XFRMA_ETIMER_THRESH,
	XFRMA_SRCADDR,		/* xfrm_address_t */
	XFRMA_COADDR,		/* xfrm_address_t */
	XFRMA_LASTUSED,		/* __u64 */
	XFRMA_POLICY_TYPE,	/* struct xfrm_userpolicy_type */
	XFRMA_MIGRATE,
	XFRMA_ALG_AEAD,		/* struct xfrm_algo_aead */
	XFRMA_KMADDRESS,        /* struct xfrm_user_kmaddress */
	XFRMA_ALG_AUTH_TRUNC,	/* struct xfrm_algo_auth */
	XFRMA_MARK,		/* struct xfrm_mark */
	XFRMA_TFCPAD,		/* __u32 */
	XFRMA_REPLAY_ESN_VAL,	/* struct xfrm_replay_state_esn */
	XFRMA_SA_EXTRA_FLAGS,	/* __u32 */
	XFRMA_PROTO,		/* __u8 */
	XFRMA_ADDRESS_FILTER,	/* struct xfrm_address_filter */
	XFRMA_PAD,
	XFRMA_OFFLOAD_DEV,	/* struct xfrm_user_offload */
	XFRMA_SET_MARK,		/* __u32 */
	XFRMA_SET_MARK_MASK,	/* __u32 */
	XFRMA_IF_ID,		/* __u32 */
	XFRMA_MTIMER_THRESH,	/* __u32 in seconds for input SA */
	XFRMA_SA_DIR,		/* __u8, enum xfrm_sa_dir */

	/* 34 to 41 are upstream's (NAT keepalive, per-CPU SAs, IP-TFS) and
	 * not in this kernel: they are refused with -EINVAL.
	 */
	XFRMA_POLICY_PFP = 42,	/* struct xfrm_userpolicy_pfp */
	XFRMA_SA_ACTIVATE,	/* struct xfrm_user_sa_activate */

	XFRMA_POLICY_NAME = 45,	/* NUL-terminated string, XFRM_POLICY_NAME_MAX */
	XFRMA_ACQ_PEER_NAME,	/* NUL-terminated string, XFRM_PEER_NAME_MAX */

	/* 47 to 49 are left to issue 6 part A; 50 to 54 are part B's. */
	XFRMA_SA_CAT = 50,	/* struct xfrm_user_cat */
	__XFRMA_MAX

#define XFRMA_OUTPUT_MARK XFRMA_SET_MARK	/* Compatibility */
#define XFRMA_MAX (__XFRMA_MAX - 1)
};

struct xfrm_mark {
	__u32           v; /* value */
	__u32           m; /* mask */
};

enum xfrm_sadattr_type_t {
	XFRMA_SAD_UNSPEC,
	XFRMA_SAD_CNT,
	XFRMA_SAD_HINFO,
	__XFRMA_SAD_MAX

#define XFRMA_SAD_MAX (__XFRMA_SAD_MAX - 1)
};

struct xfrmu_sadhinfo {
	__u32 sadhcnt; /* current hash bkts */
	__u32 sadhmcnt; /* max allowed hash bkts */
};

enum xfrm_spdattr_type_t {
	XFRMA_SPD_UNSPEC,
	XFRMA_SPD_INFO,
	XFRMA_SPD_HINFO,
	XFRMA_SPD_IPV4_HTHRESH,
	XFRMA_SPD_IPV6_HTHRESH,
	__XFRMA_SPD_MAX

#define XFRMA_SPD_MAX (__XFRMA_SPD_MAX - 1)
};

struct xfrmu_spdinfo {
	__u32 incnt;
	__u32 outcnt;
	__u32 fwdcnt;
	__u32 inscnt;
	__u32 outscnt;
	__u32 fwdscnt;
};

struct xfrmu_spdhinfo {
	__u32 spdhcnt;
	__u32 spdhmcnt;
};

struct xfrmu_spdhthresh {
	__u8 lbits;
	__u8 rbits;
};

struct xfrm_usersa_info {
	struct xfrm_selector		sel;
	struct xfrm_id			id;
	xfrm_address_t			saddr;
	struct xfrm_lifetime_cfg	lft;
	struct xfrm_lifetime_cur	curlft;
	struct xfrm_stats		stats;
	__u32				seq;
	__u32				reqid;
	__u16				family;
	__u8				mode;		/* XFRM_MODE_xxx */
	__u8				replay_window;
	__u8				flags;
#define XFRM_STATE_NOECN	1
#define XFRM_STATE_DECAP_DSCP	2
#define XFRM_STATE_NOPMTUDISC	4
#define XFRM_STATE_WILDRECV	8
#define XFRM_STATE_ICMP		16
#define XFRM_STATE_AF_UNSPEC	32
#define XFRM_STATE_ALIGN4	64
#define XFRM_STATE_ESN		128
};

#define XFRM_SA_XFLAG_DONT_ENCAP_DSCP	1
#define XFRM_SA_XFLAG_OSEQ_MAY_WRAP	2
/* Inbound SA with UDP encapsulation: accept plain ESP as well (RFC 7296
 * 2.23) and report the peer's changes with XFRM_MSG_ENCAP_CHANGE.
 */
#define XFRM_SA_XFLAG_ANY_ENCAP		4
/* Set by the kernel only, in XFRMA_SA_EXTRA_FLAGS of dumps, GETSA answers
 * and EXPIRE and SA notifications: the SA is larval (an acquire state,
 * made by an ACQUIRE or by ALLOCSPI and not yet completed by NEWSA or
 * UPDSA).  Its mode, reqid and algorithms are those of the template or
 * the ALLOCSPI request, not of a usable SA; it transforms no packet.
 * NEWSA and UPDSA refuse it with -EINVAL, which is also the probe (see
 * Documentation/networking/xfrm_larval.rst).
 */
#define XFRM_SA_XFLAG_LARVAL		16

struct xfrm_usersa_id {
	xfrm_address_t			daddr;
	__be32				spi;
	__u16				family;
	__u8				proto;
};

struct xfrm_aevent_id {
	struct xfrm_usersa_id		sa_id;
	xfrm_address_t			saddr;
	__u32				flags;
	__u32				reqid;
};

struct xfrm_userspi_info {
	struct xfrm_usersa_info		info;
	__u32				min;
	__u32				max;
};

struct xfrm_userpolicy_info {
	struct xfrm_selector		sel;
	struct xfrm_lifetime_cfg	lft;
	struct xfrm_lifetime_cur	curlft;
	__u32				priority;
	__u32				index;
	__u8				dir;
	__u8				action;
#define XFRM_POLICY_ALLOW	0
#define XFRM_POLICY_BLOCK	1
	__u8				flags;
#define XFRM_POLICY_LOCALOK	1	/* Allow user to override global policy */
	/* Automatically expand selector to include matching ICMP payloads. */
#define XFRM_POLICY_ICMP	2
	__u8				share;
};

struct xfrm_userpolicy_id {
	struct xfrm_selector		sel;
	__u32				index;
	__u8				dir;
};

struct xfrm_user_acquire {
	struct xfrm_id			id;
	xfrm_address_t			saddr;
	struct xfrm_selector		sel;
	struct xfrm_userpolicy_info	policy;
	__u32				aalgos;
	__u32				ealgos;
	__u32				calgos;
	__u32				seq;
};

struct xfrm_user_expire {
	struct xfrm_usersa_info		state;
	__u8				hard;
};

struct xfrm_user_polexpire {
	struct xfrm_userpolicy_info	pol;
	__u8				hard;
};

struct xfrm_usersa_flush {
	__u8				proto;
};

struct xfrm_user_report {
	__u8				proto;
	struct xfrm_selector		sel;
};

/* Used by MIGRATE to pass addresses IKE should use to perform
 * SA negotiation with the peer */
struct xfrm_user_kmaddress {
	xfrm_address_t                  local;
	xfrm_address_t                  remote;
	__u32				reserved;
	__u16				family;
};

struct xfrm_user_migrate {
	xfrm_address_t			old_daddr;
	xfrm_address_t			old_saddr;
	xfrm_address_t			new_daddr;
	xfrm_address_t			new_saddr;
	__u8				proto;
	__u8				mode;
	__u16				reserved;
	__u32				reqid;
	__u16				old_family;
	__u16				new_family;
};

struct xfrm_user_mapping {
	struct xfrm_usersa_id		id;
	__u32				reqid;
	xfrm_address_t			old_saddr;
	xfrm_address_t			new_saddr;
	__be16				old_sport;
	__be16				new_sport;
};

/* XFRM_MSG_UNKNOWN_SPI: an IPsec packet (ESP, AH or IPComp, plain or
 * encapsulated in UDP or TCP) arrived for an SPI without an SA.  Nothing
 * in it is authenticated: it is a hint for the key manager (RFC 7296
 * 2.21.4), which should check liveness rather than trust it.  Sent only
 * while someone listens on XFRMNLGRP_UNKNOWN_SPI, at most once per
 * (peer, SPI, protocol) per net.core.xfrm_unknown_spi_interval_ms and at
 * most net.core.xfrm_unknown_spi_limit times per interval per namespace.
 */
struct xfrm_user_unknown_spi {
	xfrm_address_t			saddr;	/* outer source: the peer */
	xfrm_address_t			daddr;	/* outer destination: us */
	__be32				spi;
	__be32				seq;	/* low 32 bits, 0 if not ESP/AH */
	__u32				ifindex; /* device it arrived on */
	__u32				mark;	/* mark used for the SA lookup */
	__u16				family;	/* of saddr and daddr */
	__u8				proto;	/* IPPROTO_ESP, _AH or _COMP */
	__u8				reserved;
	__u16				encap_type; /* 0 or UDP_ENCAP_ESPINUDP,
						     * UDP_ENCAP_ESPINUDP_NON_IKE,
						     * TCP_ENCAP_ESPINTCP
						     */
	__be16				encap_sport; /* 0 if encap_type 0 */
	__be16				encap_dport;
	__u16				reserved2;
};

/* XFRMA_POLICY_NAME: the identity of an SPD entry, chosen by the IKE
 * daemon (for example its connection name), at most XFRM_POLICY_NAME_MAX
 * bytes with the terminating NUL, printable ASCII.  Set by NEWPOLICY and
 * UPDPOLICY (an UPDPOLICY without it leaves the policy unnamed); echoed
 * in GETPOLICY answers, policy dumps, policy notifications, ACQUIRE and
 * POLEXPIRE; in a GETPOLICY dump request it selects the policies of that
 * name; in GETPOLICY and DELPOLICY the policy found must have that name,
 * else -ESRCH.  getsockopt(IP_XFRM_POLICY_NAME / IPV6_XFRM_POLICY_NAME)
 * returns the name of the policy protecting a connected socket's flow.
 * See Documentation/networking/xfrm_policy_name.rst.
 */
#define XFRM_POLICY_NAME_MAX	64

/* XFRMA_ACQ_PEER_NAME, in ACQUIRE only: the peer the socket whose packet
 * triggered the acquire expects, as the application named it with
 * setsockopt(IP_XFRM_PEER_NAME / IPV6_XFRM_PEER_NAME), for example an
 * FQDN.  At most XFRM_PEER_NAME_MAX bytes with the NUL, printable ASCII.
 * An unauthenticated hint from a local process: the daemon decides
 * whether its policy lets it negotiate with that peer.  See
 * Documentation/networking/xfrm_peer_name.rst.
 */
#define XFRM_PEER_NAME_MAX	256

/* XFRMA_POLICY_PFP, in NEWPOLICY/UPDPOLICY, echoed in policy dumps,
 * notifications and ACQUIRE: populate from packet (RFC 4301 4.4.1.2).
 * The larval SA an outbound packet creates takes the selector fields
 * named in @fields from the packet and the others from the policy, and
 * an acquire already in progress only holds back packets of the flows its
 * larval SA covers; so one wide policy yields one acquire per flow.  At
 * most @max_larval larval SAs of other flows may wait for the same peer
 * and reqid (0: 32), and at most @max_rate acquires per second are sent
 * for the policy (0: no limit); what is held back is counted as
 * XfrmAcquirePfpCapped and XfrmAcquirePfpRateLimited.  See
 * Documentation/networking/xfrm_pfp.rst.
 */
struct xfrm_userpolicy_pfp {
	__u32				fields;		/* XFRM_PFP_* */
	__u32				max_larval;
	__u32				max_rate;
};

#define XFRM_PFP_SADDR		1
#define XFRM_PFP_DADDR		2
#define XFRM_PFP_PROTO		4
#define XFRM_PFP_SPORT		8
#define XFRM_PFP_DPORT		16
#define XFRM_PFP_ALL		31

/* XFRMA_SA_ACTIVATE, in NEWSA only: install the outbound SA on standby.
 * It is not chosen for output while any other SA for the same flow is,
 * until the first packet that authenticates on its paired inbound SA
 * (same protocol and family, destination = this SA's source, SPI
 * @in_spi, found with mark @in_mark), until @timeout_ms pass, or until
 * XFRM_MSG_ACTIVATESA asks for it.  Activation retires the other
 * outbound SAs for the flow and sends one XFRM_MSG_ACTIVATESA.  Echoed
 * in dumps while the SA is on standby.
 */
struct xfrm_user_sa_activate {
	__be32				in_spi;
	__u32				in_mark;
	__u32				timeout_ms;	/* 1 to 3600000 */
	__u32				flags;		/* 0 */
};

/* XFRM_MSG_ACTIVATESA.  From the kernel every field is set; a request
 * from userland fills in daddr, spi, family, proto and mark.v (the
 * lookup mark) and leaves the rest zero.
 */
struct xfrm_user_activate {
	xfrm_address_t			daddr;	/* of the outbound SA: peer */
	xfrm_address_t			saddr;	/* of the outbound SA: us */
	__be32				spi;	/* the outbound SA activated */
	__be32				in_spi;	/* its paired inbound SA */
	__be32				old_spi; /* newest SA retired, or 0 */
	__u32				retired; /* how many SAs were retired */
	__u32				reqid;
	__u32				if_id;
	struct xfrm_mark		mark;
	__u16				family;
	__u8				proto;
	__u8				reason;	/* XFRM_ACTIVATE_* */
};

#define XFRM_ACTIVATE_PACKET	1	/* a packet authenticated inbound */
#define XFRM_ACTIVATE_TIMEOUT	2	/* timeout_ms passed */
#define XFRM_ACTIVATE_REQUEST	3	/* XFRM_MSG_ACTIVATESA from userland */

/* XFRM_MSG_ENCAP_CHANGE: the wire form of the peer's packets on an
 * inbound SA with XFRM_SA_XFLAG_ANY_ENCAP changed.  Sent for
 * authenticated packets only, when the form differs from the one last
 * reported (at first: the SA's UDP encapsulation), at most once per
 * net.core.xfrm_dual_encap_interval_ms per SA.
 */
struct xfrm_user_encap_change {
	struct xfrm_usersa_id		id;	/* the inbound SA */
	xfrm_address_t			saddr;	/* the packet's outer source */
	__u32				reqid;
	__u16				encap_type; /* now: 0 for plain ESP, else
						     * the SA's UDP encapsulation
						     */
	__be16				sport;	/* UDP ports, 0 if plain */
	__be16				dport;
	__u16				reserved;
};

/* XFRMA_SA_CAT, in NEWSA, echoed in SA dumps and notifications: Client
 * Address Translation for a tunnel-mode SA.  The inner source address
 * @local of an outbound packet becomes @xlat before encapsulation; the
 * inner destination address @xlat of an inbound packet becomes @local
 * after decapsulation, before the inbound policy check.  TCP, UDP and
 * ICMPv6 checksums and the header quoted by an ICMP error follow.  So
 * policies and sockets use @local while the peer sees @xlat (say, the
 * address it assigned in an IKEv2 configuration payload), and clients
 * with the same @local can share a gateway without NAT rules.  @family
 * (AF_INET or AF_INET6) is the inner family; @reserved must be 0.  The
 * translation is fixed for the SA's life (UPDSA does not change it).
 * See Documentation/networking/xfrm_cat.rst.
 */
struct xfrm_user_cat {
	xfrm_address_t			local;
	xfrm_address_t			xlat;
	__u16				family;
	__u16				reserved;
};

struct xfrm_address_filter {
	xfrm_address_t			saddr;
	xfrm_address_t			daddr;
	__u16				family;
	__u8				splen;
	__u8				dplen;
};

struct xfrm_user_offload {
	int				ifindex;
	__u8				flags;
};
/* This flag was exposed without any kernel code that supports it.
 * Unfortunately, strongswan has the code that sets this flag,
 * which makes it impossible to reuse this bit.
 *
 * So leave it here to make sure that it won't be reused by mistake.
 */
#define XFRM_OFFLOAD_IPV6	1
#define XFRM_OFFLOAD_INBOUND	2
/* Two bits above are relevant for state path only, while
 * offload is used for both policy and state flows.
 *
 * In policy offload mode, they are free and can be safely reused.
 */
#define XFRM_OFFLOAD_PACKET	4

struct xfrm_userpolicy_default {
#define XFRM_USERPOLICY_UNSPEC	0
#define XFRM_USERPOLICY_BLOCK	1
#define XFRM_USERPOLICY_ACCEPT	2
	__u8				in;
	__u8				fwd;
	__u8				out;
};

#ifndef __KERNEL__
/* backwards compatibility for userspace */
#define XFRMGRP_ACQUIRE		1
#define XFRMGRP_EXPIRE		2
#define XFRMGRP_SA		4
#define XFRMGRP_POLICY		8
#define XFRMGRP_REPORT		0x20
#endif

enum xfrm_nlgroups {
	XFRMNLGRP_NONE,
#define XFRMNLGRP_NONE		XFRMNLGRP_NONE
	XFRMNLGRP_ACQUIRE,
#define XFRMNLGRP_ACQUIRE	XFRMNLGRP_ACQUIRE
	XFRMNLGRP_EXPIRE,
#define XFRMNLGRP_EXPIRE	XFRMNLGRP_EXPIRE
	XFRMNLGRP_SA,
#define XFRMNLGRP_SA		XFRMNLGRP_SA
	XFRMNLGRP_POLICY,
#define XFRMNLGRP_POLICY	XFRMNLGRP_POLICY
	XFRMNLGRP_AEVENTS,
#define XFRMNLGRP_AEVENTS	XFRMNLGRP_AEVENTS
	XFRMNLGRP_REPORT,
#define XFRMNLGRP_REPORT	XFRMNLGRP_REPORT
	XFRMNLGRP_MIGRATE,
#define XFRMNLGRP_MIGRATE	XFRMNLGRP_MIGRATE
	XFRMNLGRP_MAPPING,
#define XFRMNLGRP_MAPPING	XFRMNLGRP_MAPPING
	XFRMNLGRP_UNKNOWN_SPI,	/* XFRM_MSG_UNKNOWN_SPI */
#define XFRMNLGRP_UNKNOWN_SPI	XFRMNLGRP_UNKNOWN_SPI
	XFRMNLGRP_ACTIVATE,	/* XFRM_MSG_ACTIVATESA */
#define XFRMNLGRP_ACTIVATE	XFRMNLGRP_ACTIVATE
	__XFRMNLGRP_MAX
};
#define XFRMNLGRP_MAX	(__XFRMNLGRP_MAX - 1)

#endif /* _LINUX_XFRM_H */
