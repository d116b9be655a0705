/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for key redaction (kernel/patches/0006).
 *
 * In a private namespace: an SA's keys are readable while
 * net.core.xfrm_redact_keys is 0 (so the test can see keys at all); once
 * it is 1, GETSA, the SA dump and the NEWSA notification of a new SA carry
 * the keys as zeros of their real length (AEAD, AUTH, AUTH_TRUNC and
 * CRYPT attributes); writing 0 back fails with EPERM and the value stays
 * 1.  The initial namespace is never touched: the switch is one-way.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/xfrm.h>

#include "selftest.h"

#define SYSCTL_PATH "/proc/sys/net/core/xfrm_redact_keys"

#define SPI_CBC		0x2001	/* hmac(sha256) + cbc(aes) */
#define SPI_GCM		0x2002	/* rfc4106(gcm(aes)) */
#define SPI_LATE	0x2003	/* added after the switch: its notification */

#define AUTH_BYTE	0x11
#define CRYPT_BYTE	0x22
#define AEAD_BYTE	0x33

static const char local[] = "192.0.2.1", peer[] = "192.0.2.2";

/* What one SA message says of its keys. */
struct key_view {
	int seen;		/* key attributes found */
	int wrong_len;		/* attributes whose key length is not the SA's */
	int zero;		/* keys that are all zeros */
	int clear;		/* keys equal to what was configured */
};

/* NEWSA: cbc = hmac(sha256)+cbc(aes), else AES-GCM. */
static int new_sa(struct mnl_socket *nl, uint32_t spi, bool cbc)
{
	const struct sa_spec s = {
		.src = local, .dst = peer, .spi = spi, .mode = XFRM_MODE_TUNNEL,
		.reqid = 1, .key_byte = AEAD_BYTE,
	};
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh;

	if (cbc) {
		struct {
			struct xfrm_algo_auth alg;
			unsigned char key[32];
		} auth;
		struct {
			struct xfrm_algo alg;
			unsigned char key[16];
		} crypt;

		nlh = xfrm_sa_msg_noalg(buf, XFRM_MSG_NEWSA, &s);
		memset(&auth, 0, sizeof(auth));
		strcpy(auth.alg.alg_name, "hmac(sha256)");
		auth.alg.alg_key_len = sizeof(auth.key) * 8;
		auth.alg.alg_trunc_len = 128;
		memset(auth.key, AUTH_BYTE, sizeof(auth.key));
		mnl_attr_put(nlh, XFRMA_ALG_AUTH_TRUNC, sizeof(auth), &auth);

		memset(&crypt, 0, sizeof(crypt));
		strcpy(crypt.alg.alg_name, "cbc(aes)");
		crypt.alg.alg_key_len = sizeof(crypt.key) * 8;
		memset(crypt.key, CRYPT_BYTE, sizeof(crypt.key));
		mnl_attr_put(nlh, XFRMA_ALG_CRYPT, sizeof(crypt), &crypt);
	} else {
		nlh = xfrm_sa_msg(buf, XFRM_MSG_NEWSA, &s);
	}
	return xfrm_request(nl, nlh, NULL, 0);
}

/* One key: LEN_BITS as configured, BYTES as sent, PATTERN as configured. */
static void look_at_key(struct key_view *v, unsigned int key_len_bits,
			unsigned int want_bits, const unsigned char *key,
			size_t room, unsigned char pattern)
{
	size_t i, len = key_len_bits / 8;
	bool zero = true, clear = true;

	v->seen++;
	if (key_len_bits != want_bits || len > room) {
		v->wrong_len++;
		return;
	}
	for (i = 0; i < len; i++) {
		zero = zero && key[i] == 0;
		clear = clear && key[i] == pattern;
	}
	v->zero += zero;
	v->clear += clear;
}

/* The keys of an SA message (NEWSA answer, dump entry or notification). */
static void view_keys(const struct nlmsghdr *nlh, struct key_view *v)
{
	const struct nlattr *attr;

	memset(v, 0, sizeof(*v));
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct xfrm_usersa_info)))
		return;
	mnl_attr_for_each(attr, nlh, sizeof(struct xfrm_usersa_info)) {
		const void *p = mnl_attr_get_payload(attr);
		size_t len = mnl_attr_get_payload_len(attr);

		switch (mnl_attr_get_type(attr)) {
		case XFRMA_ALG_AEAD:
			if (len >= sizeof(struct xfrm_algo_aead)) {
				const struct xfrm_algo_aead *a = p;

				look_at_key(v, a->alg_key_len, 160, (const unsigned char *)a->alg_key,
					    len - sizeof(*a), AEAD_BYTE);
			}
			break;
		case XFRMA_ALG_AUTH_TRUNC:
			if (len >= sizeof(struct xfrm_algo_auth)) {
				const struct xfrm_algo_auth *a = p;

				look_at_key(v, a->alg_key_len, 256, (const unsigned char *)a->alg_key,
					    len - sizeof(*a), AUTH_BYTE);
			}
			break;
		case XFRMA_ALG_AUTH:
		case XFRMA_ALG_CRYPT:
			if (len >= sizeof(struct xfrm_algo)) {
				const struct xfrm_algo *a = p;
				bool auth = mnl_attr_get_type(attr) == XFRMA_ALG_AUTH;

				look_at_key(v, a->alg_key_len, auth ? 256 : 128,
					    (const unsigned char *)a->alg_key, len - sizeof(*a),
					    auth ? AUTH_BYTE : CRYPT_BYTE);
			}
			break;
		}
	}
}

static uint32_t sa_spi(const struct nlmsghdr *nlh)
{
	const struct xfrm_usersa_info *sa = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*sa)))
		return 0;
	return ntohl(sa->id.spi);
}

static int get_sa(struct mnl_socket *nl, uint32_t spi, struct key_view *v)
{
	char reply[8192];
	int err = xfrm_sa_get(nl, peer, spi, reply, sizeof(reply));

	if (err == 0)
		view_keys((struct nlmsghdr *)reply, v);
	return err;
}

/* Dump and notification callbacks: the view of the SA with the wanted SPI. */
struct find_sa {
	uint32_t spi;
	bool found;
	struct key_view v;
};

static void find_sa_cb(const struct nlmsghdr *nlh, void *data)
{
	struct find_sa *f = data;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA || sa_spi(nlh) != f->spi)
		return;
	f->found = true;
	view_keys(nlh, &f->v);
}

/* Write VALUE to the sysctl: 0 or the errno of the write. */
static int sysctl_set(const char *value)
{
	int fd = open(SYSCTL_PATH, O_WRONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, value, strlen(value)) < 0)
		err = errno;
	close(fd);
	return err;
}

/* The sysctl's value, or -1 if it cannot be read. */
static int sysctl_get(void)
{
	FILE *f = fopen(SYSCTL_PATH, "r");
	int value = -1;

	if (f == NULL)
		return -1;
	if (fscanf(f, "%d", &value) != 1)
		value = -1;
	fclose(f);
	return value;
}

int main(void)
{
	struct mnl_socket *nl, *listener;
	struct key_view v;
	struct find_sa f;
	int err, n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	netns_private();
	nl = xfrm_open();
	listener = xfrm_listen(XFRMNLGRP_SA);

	n = sysctl_get();
	check(n == 0, "net.core.xfrm_redact_keys exists and starts at 0 (%d)", n);

	err = new_sa(nl, SPI_CBC, true);
	check(err == 0, "NEWSA hmac(sha256) + cbc(aes) (%d)", err);
	err = new_sa(nl, SPI_GCM, false);
	check(err == 0, "NEWSA rfc4106(gcm(aes)) (%d)", err);

	/* Keys visible before the switch: the checks below can see keys. */
	err = get_sa(nl, SPI_CBC, &v);
	check(err == 0 && v.seen == 3 && v.clear == 3 && v.wrong_len == 0,
	      "before: GETSA shows the auth, auth-trunc and crypt keys (err %d, %d keys, %d clear)",
	      err, v.seen, v.clear);

	err = sysctl_set("1");
	check(err == 0, "write 1 to xfrm_redact_keys (%s)", strerror(err));
	n = sysctl_get();
	check(n == 1, "xfrm_redact_keys reads 1 (%d)", n);

	err = get_sa(nl, SPI_CBC, &v);
	check(err == 0 && v.seen == 3 && v.zero == 3 && v.wrong_len == 0,
	      "GETSA: auth, auth-trunc and crypt keys are zeros of their length (err %d, %d keys, %d zero, %d bad length)",
	      err, v.seen, v.zero, v.wrong_len);
	err = get_sa(nl, SPI_GCM, &v);
	check(err == 0 && v.seen == 1 && v.zero == 1 && v.wrong_len == 0,
	      "GETSA: AEAD key is zeros of its length (err %d, %d keys, %d zero)",
	      err, v.seen, v.zero);

	memset(&f, 0, sizeof(f));
	f.spi = SPI_CBC;
	n = xfrm_dump(nl, XFRM_MSG_GETSA, find_sa_cb, &f);
	check(n >= 2 && f.found && f.v.seen == 3 && f.v.zero == 3,
	      "dump: SA %#x keys are zeros (%d SAs, %d keys, %d zero)",
	      SPI_CBC, n, f.v.seen, f.v.zero);
	memset(&f, 0, sizeof(f));
	f.spi = SPI_GCM;
	n = xfrm_dump(nl, XFRM_MSG_GETSA, find_sa_cb, &f);
	check(n >= 2 && f.found && f.v.seen == 1 && f.v.zero == 1,
	      "dump: SA %#x AEAD key is zeros (%d SAs, %d keys, %d zero)",
	      SPI_GCM, n, f.v.seen, f.v.zero);

	/* The notification of an SA added now; drop the earlier ones first. */
	xfrm_listen_until(listener, 0, find_sa_cb, &(struct find_sa){ 0 }, NULL);
	err = new_sa(nl, SPI_LATE, false);
	check(err == 0, "NEWSA after the switch (%d)", err);
	memset(&f, 0, sizeof(f));
	f.spi = SPI_LATE;
	xfrm_listen_until(listener, 2000, find_sa_cb, &f, &f.found);
	check(f.found && f.v.seen == 1 && f.v.zero == 1 && f.v.wrong_len == 0,
	      "NEWSA notification: AEAD key is zeros of its length (found %d, %d keys, %d zero)",
	      f.found, f.v.seen, f.v.zero);

	/* One-way. */
	err = sysctl_set("0");
	check(err == EPERM, "write 0 after 1 is refused with EPERM (%s)", strerror(err));
	n = sysctl_get();
	check(n == 1, "xfrm_redact_keys still reads 1 (%d)", n);
	err = sysctl_set("2");
	check(err == EINVAL, "write 2 is refused with EINVAL (%s)", strerror(err));
	err = sysctl_set("1");
	check(err == 0, "write 1 again is accepted (%s)", strerror(err));
	err = get_sa(nl, SPI_GCM, &v);
	check(err == 0 && v.seen == 1 && v.zero == 1,
	      "GETSA after the refused clear: still zeros (err %d, %d zero)", err, v.zero);

	mnl_socket_close(listener);
	mnl_socket_close(nl);
	return checks_done();
}
