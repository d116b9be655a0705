/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Netlink plumbing for the XFRM backend: the request buffer, the two
 * sockets, one request/answer exchange, and draining the event socket.
 *
 * Two sockets, because their jobs differ: requests are synchronous (send,
 * then read our own answer, matched by sequence number and port id),
 * while events arrive whenever the kernel likes and are read from the
 * daemon's event loop.  Mixing them would make a request's reader see
 * events, or the loop see answers.
 *
 * Keys: a request that carries keys is wiped as soon as it is sent; the
 * request socket sets NETLINK_CAP_ACK so an error answer does not echo
 * the request (and its keys) back; answers and events that may carry
 * keys (GETSA, EXPIRE) are wiped from the receive buffer once read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <linux/xfrm.h>

#include "bytes.h"
#include "kernel_xfrm.h"
#include "log.h"

/* A request the kernel does not answer within this is a bug; say so
 * rather than hang the daemon. */
#define XFRM_REQUEST_TIMEOUT_SEC 5
/* Datagrams read per process_events call, so a flood of events cannot
 * starve the rest of the loop (the fd stays readable; we get called
 * again). */
#define XFRM_EVENTS_PER_CALL 64

void *xfrm_req_start(struct xfrm_req *r, uint16_t type, uint16_t flags,
		     size_t fixed_len)
{
	/* fixed_len is always a small uAPI struct, far below the buffer. */
	memset(r->buf, 0, sizeof(r->buf));
	r->overflow = false;
	r->secret = false;
	r->nlh = mnl_nlmsg_put_header(r->buf);
	r->nlh->nlmsg_type = type;
	r->nlh->nlmsg_flags = flags;
	return mnl_nlmsg_put_extra_header(r->nlh, fixed_len);
}

void xfrm_req_put(struct xfrm_req *r, uint16_t type, size_t len, const void *data)
{
	if (len > UINT16_MAX - MNL_ATTR_HDRLEN ||
	    !mnl_attr_put_check(r->nlh, sizeof(r->buf), type, len, data))
		r->overflow = true;
}

void xfrm_req_put_u8(struct xfrm_req *r, uint16_t type, uint8_t v)
{
	if (!mnl_attr_put_u8_check(r->nlh, sizeof(r->buf), type, v))
		r->overflow = true;
}

void xfrm_req_wipe(struct xfrm_req *r)
{
	secure_zero(r->buf, sizeof(r->buf));
	r->secret = false;
}

static bool set_opt(struct mnl_socket *s, int opt, const char *name, struct diag *d)
{
	int one = 1;

	if (mnl_socket_setsockopt(s, opt, &one, sizeof(one)) < 0)
		return diag(d, "netlink: setting %s: %s", name, strerror(errno));
	return true;
}

bool xfrm_open_sockets(struct kernel *k, struct diag *d)
{
	static const unsigned groups[] = {
		XFRMNLGRP_ACQUIRE,
		XFRMNLGRP_EXPIRE,	/* SA EXPIRE and POLEXPIRE */
		XFRMNLGRP_MAPPING,
	};
	struct timeval tv = { .tv_sec = XFRM_REQUEST_TIMEOUT_SEC };
	int rcvbuf = 1 << 20;

	k->req = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC);
	if (k->req == NULL)
		return diag(d, "netlink: opening the XFRM request socket: %s%s", strerror(errno),
			    errno == EPROTONOSUPPORT ? " (kernel without CONFIG_XFRM_USER?)" : "");
	if (mnl_socket_bind(k->req, 0, MNL_SOCKET_AUTOPID) < 0)
		return diag(d, "netlink: binding the XFRM request socket: %s", strerror(errno));
	if (!set_opt(k->req, NETLINK_CAP_ACK, "NETLINK_CAP_ACK", d))
		return false;
	/* Extended ACK (Linux 4.12+) gives the kernel's reason in words; an
	 * older kernel still works, with errno only. */
	if (!set_opt(k->req, NETLINK_EXT_ACK, "NETLINK_EXT_ACK", d))
		llog("kernel: %s; errors will carry no explanation", d->msg);
	if (setsockopt(mnl_socket_get_fd(k->req), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		return diag(d, "netlink: setting a receive timeout: %s", strerror(errno));

	k->ev = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (k->ev == NULL)
		return diag(d, "netlink: opening the XFRM event socket: %s", strerror(errno));
	if (mnl_socket_bind(k->ev, 0, MNL_SOCKET_AUTOPID) < 0)
		return diag(d, "netlink: binding the XFRM event socket: %s", strerror(errno));
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		unsigned g = groups[i];

		if (mnl_socket_setsockopt(k->ev, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0)
			return diag(d, "netlink: joining XFRM group %u: %s", g, strerror(errno));
	}
	/* A burst of ACQUIREs (many flows at once) must not overrun us. */
	if (setsockopt(mnl_socket_get_fd(k->ev), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0)
		llog("kernel: cannot enlarge the event socket's buffer: %s", strerror(errno));
	return true;
}

void xfrm_close_sockets(struct kernel *k)
{
	if (k->req != NULL)
		mnl_socket_close(k->req);
	if (k->ev != NULL)
		mnl_socket_close(k->ev);
	k->req = k->ev = NULL;
}

/* One datagram from FD into BUF; only the kernel (port 0) counts. */
static ssize_t recv_from_kernel(int fd, uint8_t *buf, size_t cap, int flags, struct diag *d)
{
	for (;;) {
		struct sockaddr_nl sa;
		struct iovec iov = { .iov_base = buf, .iov_len = cap };
		struct msghdr mh = {
			.msg_name = &sa, .msg_namelen = sizeof(sa),
			.msg_iov = &iov, .msg_iovlen = 1,
		};
		ssize_t n = recvmsg(fd, &mh, flags);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;	/* errno says why */
		}
		if (mh.msg_flags & MSG_TRUNC) {
			secure_zero(buf, cap);
			errno = EMSGSIZE;
			diag(d, "netlink: a message larger than %zu bytes was truncated", cap);
			return -1;
		}
		if (mh.msg_namelen != sizeof(sa) || sa.nl_family != AF_NETLINK || sa.nl_pid != 0) {
			/* Not from the kernel: another process cannot speak for it. */
			ldbg(DBG_KERNEL, "kernel: dropping a netlink datagram from port %u",
			     (unsigned)sa.nl_pid);
			secure_zero(buf, (size_t)n);
			continue;
		}
		return n;
	}
}

struct answer {
	bool acked;		/* the exchange is over: ACK, error, or the reply
				 * to a request sent without NLM_F_ACK */
	bool reply_ends;	/* the request asked no ACK: its reply is the end */
	bool reply_failed;
	struct diag reply_diag;
};

/* Every message of one datagram that answers request SEQ. */
static void read_answer(struct kernel *k, size_t n, uint32_t seq, uint32_t portid,
			xfrm_reply_fn *reply, void *arg, struct xfrm_ack *ack,
			struct answer *st)
{
	const struct nlmsghdr *nlh;
	size_t off = 0;

	while ((nlh = xfrm_next_msg(k->rbuf, n, &off)) != NULL) {
		struct diag md;
		/* Bytes from this message to the end of the datagram. */
		size_t left = n - (size_t)((const uint8_t *)nlh - k->rbuf);

		if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != portid) {
			/* An answer to an earlier request that timed out. */
			ldbg(DBG_KERNEL, "kernel: skipping a stale answer (seq %u)",
			     (unsigned)nlh->nlmsg_seq);
			continue;
		}
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			if (!xfrm_parse_ack(nlh, left, ack, &md)) {
				/* Unreadable ACK: treat as a failure we can name. */
				ack->error = EPROTO;
				snprintf(ack->msg, sizeof(ack->msg), "%.150s", md.msg);
				ack->have_msg = true;
			}
			st->acked = true;
			return;
		}
		if (st->reply_ends)
			st->acked = true;
		if (reply == NULL || st->reply_failed)
			continue;
		struct xfrm_msg m;

		if (!xfrm_parse_msg(nlh, left, &m, &md) || !reply(&m, arg, &md)) {
			st->reply_failed = true;
			st->reply_diag = md;
		}
	}
}

bool xfrm_request(struct kernel *k, struct xfrm_req *r, xfrm_reply_fn *reply,
		  void *arg, struct xfrm_ack *ack_out, struct diag *d)
{
	struct xfrm_ack ack_local;
	struct xfrm_ack *ack = ack_out != NULL ? ack_out : &ack_local;
	struct answer st = { 0 };
	int fd = mnl_socket_get_fd(k->req);
	uint32_t portid = mnl_socket_get_portid(k->req);
	uint16_t type = r->nlh->nlmsg_type;
	const char *name = xfrm_msg_name(type);
	uint32_t seq;
	ssize_t n;
	int err;

	memset(ack, 0, sizeof(*ack));
	/* Without NLM_F_ACK the kernel answers a request that has a reply
	 * with the reply alone (or an error): one read fewer. */
	st.reply_ends = reply != NULL && !(r->nlh->nlmsg_flags & NLM_F_ACK);
	if (r->overflow) {
		xfrm_req_wipe(r);
		return diag(d, "%s: request does not fit in %d bytes", name, XFRM_REQ_SIZE);
	}
	if (++k->seq == 0)
		++k->seq;
	seq = r->nlh->nlmsg_seq = k->seq;
	n = mnl_socket_sendto(k->req, r->nlh, r->nlh->nlmsg_len);
	err = errno;
	if (r->secret)
		xfrm_req_wipe(r);
	if (n < 0)
		return diag(d, "%s: sending: %s", name, strerror(err));

	while (!st.acked) {
		n = recv_from_kernel(fd, k->rbuf, sizeof(k->rbuf), 0, d);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return diag(d, "%s: no answer from the kernel within %d s",
					    name, XFRM_REQUEST_TIMEOUT_SEC);
			if (errno == EMSGSIZE)
				return false;	/* d already says it */
			return diag(d, "%s: reading the answer: %s", name, strerror(errno));
		}
		read_answer(k, (size_t)n, seq, portid, reply, arg, ack, &st);
		/* GETSA and ALLOCSPI answers carry the SA, keys included. */
		secure_zero(k->rbuf, (size_t)n);
	}
	if (ack->error != 0) {
		if (ack->have_msg)
			return diag(d, "%s: %s (kernel: %s)", name, strerror(ack->error), ack->msg);
		return diag(d, "%s: %s", name, strerror(ack->error));
	}
	if (st.reply_failed) {
		*d = st.reply_diag;
		diag_prefix(d, "%s", name);
		return false;
	}
	return true;
}

bool xfrm_request_batch(struct kernel *k, struct xfrm_req *reqs, unsigned n,
			struct xfrm_ack *acks, struct diag *d)
{
	struct iovec iov[KERNEL_BATCH_MAX];
	uint32_t seqs[KERNEL_BATCH_MAX];
	int fd = mnl_socket_get_fd(k->req);
	uint32_t portid = mnl_socket_get_portid(k->req);
	bool overflow = false;

	if (n == 0 || n > KERNEL_BATCH_MAX) {
		for (unsigned i = 0; i < n && i < KERNEL_BATCH_MAX; i++)
			xfrm_req_wipe(&reqs[i]);
		return diag(d, "netlink: a batch of %u requests (1 to %d)", n, KERNEL_BATCH_MAX);
	}
	memset(acks, 0, n * sizeof(*acks));
	for (unsigned i = 0; i < n; i++) {
		struct nlmsghdr *nlh = reqs[i].nlh;

		overflow |= reqs[i].overflow;
		if (++k->seq == 0)
			++k->seq;
		seqs[i] = nlh->nlmsg_seq = k->seq;
		if (i + 1 < n)
			nlh->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
		/* Messages of one datagram start at aligned offsets; the
		 * request buffer is zeroed beyond the message. */
		iov[i] = (struct iovec){ .iov_base = nlh, .iov_len = NLMSG_ALIGN(nlh->nlmsg_len) };
	}
	if (overflow) {
		for (unsigned i = 0; i < n; i++)
			xfrm_req_wipe(&reqs[i]);
		return diag(d, "netlink batch: a request does not fit in %d bytes", XFRM_REQ_SIZE);
	}
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct msghdr mh = {
		.msg_name = &kernel, .msg_namelen = sizeof(kernel),
		.msg_iov = iov, .msg_iovlen = n,
	};
	ssize_t sent = sendmsg(fd, &mh, 0);
	int err = errno;
	for (unsigned i = 0; i < n; i++)
		if (reqs[i].secret)
			xfrm_req_wipe(&reqs[i]);
	if (sent < 0)
		return diag(d, "netlink batch: sending: %s", strerror(err));

	/* Errors for refused requests come in order, then the last one's
	 * answer (an error or its ACK). */
	for (bool last_answered = false; !last_answered;) {
		ssize_t got = recv_from_kernel(fd, k->rbuf, sizeof(k->rbuf), 0, d);
		if (got < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return diag(d, "netlink batch: no answer from the kernel within %d s",
					    XFRM_REQUEST_TIMEOUT_SEC);
			if (errno == EMSGSIZE)
				return false;	/* d already says it */
			return diag(d, "netlink batch: reading the answer: %s", strerror(errno));
		}
		const struct nlmsghdr *nlh;
		size_t off = 0;
		while ((nlh = xfrm_next_msg(k->rbuf, (size_t)got, &off)) != NULL) {
			size_t left = (size_t)got - (size_t)((const uint8_t *)nlh - k->rbuf);
			unsigned i = 0;

			while (i < n && seqs[i] != nlh->nlmsg_seq)
				i++;
			if (i == n || nlh->nlmsg_pid != portid || nlh->nlmsg_type != NLMSG_ERROR) {
				ldbg(DBG_KERNEL, "kernel: skipping a stale answer (seq %u)",
				     (unsigned)nlh->nlmsg_seq);
				continue;
			}
			struct diag md;
			if (!xfrm_parse_ack(nlh, left, &acks[i], &md)) {
				acks[i].error = EPROTO;
				snprintf(acks[i].msg, sizeof(acks[i].msg), "%.150s", md.msg);
				acks[i].have_msg = true;
			}
			if (i == n - 1)
				last_answered = true;
		}
		secure_zero(k->rbuf, (size_t)got);
	}
	return true;
}

bool xfrm_read_events(struct kernel *k, struct diag *d)
{
	int fd = mnl_socket_get_fd(k->ev);
	bool ok = true;

	for (int i = 0; i < XFRM_EVENTS_PER_CALL; i++) {
		struct diag md;
		ssize_t n = recv_from_kernel(fd, k->evbuf, sizeof(k->evbuf), MSG_DONTWAIT, &md);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == ENOBUFS) {
				/* The kernel dropped events; we cannot know which.
				 * Keep reading what is left. */
				llog("kernel: the XFRM event socket overran; events were lost");
				if (ok)
					diag(d, "XFRM event socket overran; events were lost");
				ok = false;
				continue;
			}
			if (errno == EMSGSIZE) {
				llog("kernel: %s", md.msg);
				if (ok)
					*d = md;
				ok = false;
				continue;
			}
			return diag(d, "reading XFRM events: %s", strerror(errno));
		}
		if (!xfrm_process_datagram(&k->handlers, k->evbuf, (size_t)n, &md) && ok) {
			*d = md;
			ok = false;
		}
		/* EXPIRE carries the SA's keys. */
		secure_zero(k->evbuf, (size_t)n);
	}
	return ok;
}
