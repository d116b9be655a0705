/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for larval SA visibility (kernel/patches/0007).
 *
 * In a private namespace: a trap policy 10.1.0.0/16 -> 10.2.0.0/16 and a
 * packet give an acquire and a larval SA, which the SA dump reports with
 * XFRM_SA_XFLAG_LARVAL; so does GETSA of a larval SA made by ALLOCSPI;
 * a real SA does not have the flag; userland cannot set it (NEWSA, and
 * UPDSA of a missing SA - the documented probe - fail with EINVAL); the
 * larval SA's hard EXPIRE notification carries the flag.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/xfrm.h>

#include "selftest.h"

#define REQID		9
#define SPI_ALLOC	0x3000
#define SPI_REAL	0x4000
#define SPI_PROBE	0xffffffff

static const char tmpl_src[] = "192.0.2.1", tmpl_dst[] = "192.0.2.2";
static const char alloc_dst[] = "192.0.2.9";

static const struct policy_spec trap_policy = {
	.sel_src = "10.1.0.0", .sel_dst = "10.2.0.0", .prefixlen = 16,
	.dir = XFRM_POLICY_OUT, .tmpl_src = tmpl_src, .tmpl_dst = tmpl_dst,
	.mode = XFRM_MODE_TUNNEL, .reqid = REQID,
};

/* NEWSA or UPDSA of an AES-GCM tunnel SA to DST, with extra flags XFLAGS
 * (none if 0). */
static int put_sa(struct mnl_socket *nl, uint16_t type, const char *dst,
		  uint32_t spi, uint32_t xflags)
{
	const struct sa_spec s = {
		.src = tmpl_src, .dst = dst, .spi = spi,
		.mode = XFRM_MODE_TUNNEL, .reqid = REQID,
	};
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = xfrm_sa_msg(buf, type, &s);

	if (xflags)
		mnl_attr_put_u32(nlh, XFRMA_SA_EXTRA_FLAGS, xflags);
	return xfrm_request(nl, nlh, NULL, 0);
}

/* XFRMA_SA_EXTRA_FLAGS of a message with fixed header HDR_LEN, 0 if none. */
static uint32_t xflags_of(const struct nlmsghdr *nlh, size_t hdr_len)
{
	const struct nlattr *a = xfrm_attr(nlh, hdr_len, XFRMA_SA_EXTRA_FLAGS);

	if (a == NULL || mnl_attr_get_payload_len(a) < sizeof(uint32_t))
		return 0;
	return mnl_attr_get_u32(a);
}

/* GETSA of (DST, SPI, ESP): -errno, else its extra flags in *XFLAGS. */
static int get_sa_xflags(struct mnl_socket *nl, const char *dst, uint32_t spi,
			 uint32_t *xflags)
{
	char reply[8192];
	int err = xfrm_sa_get(nl, dst, spi, reply, sizeof(reply));

	if (err == 0)
		*xflags = xflags_of((struct nlmsghdr *)reply, sizeof(struct xfrm_usersa_info));
	return err;
}

static int alloc_spi(struct mnl_socket *nl)
{
	char buf[NL_BUF_SIZE], reply[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct xfrm_userspi_info *s;

	nlh->nlmsg_type = XFRM_MSG_ALLOCSPI;
	s = mnl_nlmsg_put_extra_header(nlh, sizeof(*s));
	memset(s, 0, sizeof(*s));
	inet_pton(AF_INET, alloc_dst, &s->info.id.daddr.a4);
	inet_pton(AF_INET, tmpl_src, &s->info.saddr.a4);
	s->info.id.proto = IPPROTO_ESP;
	s->info.family = AF_INET;
	s->info.mode = XFRM_MODE_TRANSPORT;	/* what daemons send: a guess */
	s->min = SPI_ALLOC;
	s->max = SPI_ALLOC;
	return xfrm_request(nl, nlh, reply, sizeof(reply));
}

/* Dump: the larval SA to the template's peer. */
struct larval_seen {
	int states;		/* SAs to tmpl_dst */
	uint32_t xflags;	/* the first one's */
};

static void dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct xfrm_usersa_info *sa = mnl_nlmsg_get_payload(nlh);
	struct larval_seen *l = data;
	struct in_addr want;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*sa)))
		return;
	inet_pton(AF_INET, tmpl_dst, &want);
	if (sa->id.daddr.a4 != want.s_addr)
		return;
	if (l->states++ == 0)
		l->xflags = xflags_of(nlh, sizeof(*sa));
}

/* EXPIRE notifications: a hard one for a larval SA, and any for the
 * real SA (which must not come). */
struct expire_seen {
	bool larval_hard;
	bool real;
};

static void expire_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct xfrm_user_expire *ue = mnl_nlmsg_get_payload(nlh);
	struct expire_seen *e = data;

	if (nlh->nlmsg_type != XFRM_MSG_EXPIRE ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ue)))
		return;
	if (ntohl(ue->state.id.spi) == SPI_REAL)
		e->real = true;
	if (ue->hard && (xflags_of(nlh, sizeof(*ue)) & XFRM_SA_XFLAG_LARVAL))
		e->larval_hard = true;
}

static void acquire_cb(const struct nlmsghdr *nlh, void *data)
{
	bool *got = data;

	if (nlh->nlmsg_type == XFRM_MSG_ACQUIRE)
		*got = true;
}

int main(void)
{
	static const char *const routes[] = { "10.2.0.0/16", NULL };
	struct mnl_socket *nl, *acquires, *expires;
	struct larval_seen l = { 0 };
	struct expire_seen e = { 0 };
	uint32_t xflags = 0;
	bool got_acquire = false;
	int err, n, udp;

	setvbuf(stdout, NULL, _IOLBF, 0);
	netns_private_dummy(routes);
	/* Larval SAs live 2 s here instead of 30. */
	if (!sysctl_write("net/core/xfrm_acq_expires", "2"))
		fatal("cannot set net.core.xfrm_acq_expires");

	nl = xfrm_open();
	acquires = xfrm_listen(XFRMNLGRP_ACQUIRE);
	expires = xfrm_listen(XFRMNLGRP_EXPIRE);

	err = xfrm_policy_put(nl, XFRM_MSG_NEWPOLICY, &trap_policy);
	check(err == 0, "NEWPOLICY trap 10.1/16 -> 10.2/16 (%d)", err);

	udp = udp_socket_bound(NULL, 0);
	udp_poke(udp, "10.2.0.1");
	close(udp);

	/* The acquire is sent from the sender's context: it is queued. */
	xfrm_listen_until(acquires, 1000, acquire_cb, &got_acquire, &got_acquire);
	check(got_acquire, "a packet to 10.2.0.1 gives an ACQUIRE");

	n = xfrm_dump(nl, XFRM_MSG_GETSA, dump_cb, &l);
	check(n >= 1 && l.states == 1, "dump: one larval SA to %s (%d SAs, %d to the peer)",
	      tmpl_dst, n, l.states);
	check(l.xflags & XFRM_SA_XFLAG_LARVAL,
	      "dump: the acquire's SA has XFRM_SA_XFLAG_LARVAL (extra flags %#x)", l.xflags);

	err = alloc_spi(nl);
	check(err == 0, "ALLOCSPI %#x (%d)", SPI_ALLOC, err);
	err = get_sa_xflags(nl, alloc_dst, SPI_ALLOC, &xflags);
	check(err == 0 && (xflags & XFRM_SA_XFLAG_LARVAL),
	      "GETSA: ALLOCSPI's SA has XFRM_SA_XFLAG_LARVAL (err %d, extra flags %#x)",
	      err, xflags);

	err = put_sa(nl, XFRM_MSG_NEWSA, alloc_dst, SPI_REAL, 0);
	check(err == 0, "NEWSA real SA %#x (%d)", SPI_REAL, err);
	xflags = ~0u;
	err = get_sa_xflags(nl, alloc_dst, SPI_REAL, &xflags);
	check(err == 0 && !(xflags & XFRM_SA_XFLAG_LARVAL),
	      "GETSA: a real SA has no XFRM_SA_XFLAG_LARVAL (err %d, extra flags %#x)",
	      err, xflags);

	err = put_sa(nl, XFRM_MSG_NEWSA, alloc_dst, SPI_REAL + 1, XFRM_SA_XFLAG_LARVAL);
	check(err == -EINVAL, "NEWSA with XFRM_SA_XFLAG_LARVAL is refused with EINVAL (%d)", err);
	err = put_sa(nl, XFRM_MSG_UPDSA, alloc_dst, SPI_PROBE, XFRM_SA_XFLAG_LARVAL);
	check(err == -EINVAL, "probe: UPDSA of a missing SA with the flag gives EINVAL, not ESRCH (%d)",
	      err);

	/* Both larval SAs expire after 2 s; wait up to 8 s for a hard
	 * EXPIRE that says larval. */
	xfrm_listen_until(expires, 8000, expire_cb, &e, &e.larval_hard);
	check(e.larval_hard, "EXPIRE: a larval SA's hard expiry carries XFRM_SA_XFLAG_LARVAL");
	check(!e.real, "EXPIRE: none for the real SA");

	mnl_socket_close(expires);
	mnl_socket_close(acquires);
	mnl_socket_close(nl);
	return checks_done();
}
