/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Selftest for the XFRMA_SA_DIR backport (kernel/patches/0001): the
 * direction is accepted in NEWSA and echoed by GETSA; an output SA with
 * a replay window, an out-of-range direction and the attribute in a
 * request that has no use for it are refused; a packet that finds an
 * output SA on the input path is dropped and counted in
 * XfrmInStateDirError.  Runs in a private network namespace.
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

#define SPI_IN		0x1000
#define SPI_OUT		0x1001
#define SPI_OUT_REPLAY	0x1002
#define SPI_BAD_DIR	0x1003

static const char peer[] = "127.0.0.2", local[] = "127.0.0.1";

/* NEWSA for an ESP tunnel SA local->peer... with AES-GCM; DIR 0 = none. */
static int new_sa(struct mnl_socket *nl, uint32_t spi, uint8_t dir,
		  uint8_t replay_window, const char *dst)
{
	const struct sa_spec s = {
		.src = strcmp(dst, peer) == 0 ? local : peer, .dst = dst, .spi = spi,
		.mode = XFRM_MODE_TUNNEL, .reqid = 1, .replay_window = replay_window,
		.key_byte = 0x42,
	};
	char buf[NL_BUF_SIZE];
	struct nlmsghdr *nlh = xfrm_sa_msg(buf, XFRM_MSG_NEWSA, &s);

	if (dir)
		mnl_attr_put_u8(nlh, XFRMA_SA_DIR, dir);
	return xfrm_request(nl, nlh, NULL, 0);
}

/* GETSA; returns -errno, else the XFRMA_SA_DIR value or 0 if absent.
 * SEND_DIR puts the attribute in the request, which must be refused. */
static int get_sa_dir(struct mnl_socket *nl, uint32_t spi, const char *dst,
		      int send_dir)
{
	char buf[NL_BUF_SIZE], reply[8192];
	struct nlmsghdr *r = (struct nlmsghdr *)reply;
	struct nlmsghdr *nlh;
	const struct nlattr *attr;
	int err;

	if (!send_dir)
		err = xfrm_sa_get(nl, dst, spi, reply, sizeof(reply));
	else {
		nlh = xfrm_sa_id_msg(buf, XFRM_MSG_GETSA, dst, spi);
		mnl_attr_put_u8(nlh, XFRMA_SA_DIR, (uint8_t)send_dir);
		err = xfrm_request(nl, nlh, reply, sizeof(reply));
	}
	if (err)
		return err;
	attr = xfrm_attr(r, sizeof(struct xfrm_usersa_info), XFRMA_SA_DIR);
	if (attr == NULL || mnl_attr_validate(attr, MNL_TYPE_U8) != 0)
		return 0;
	return mnl_attr_get_u8(attr);
}

/* An ESP packet for SPI to DST over a raw socket; the body is junk. */
static void send_esp(const char *dst, uint32_t spi, uint32_t seq)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint32_t pkt[8];
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ESP);

	if (fd < 0)
		fatal("raw ESP socket: %s", strerror(errno));
	esp_packet_fill(pkt, 8, spi, seq);
	inet_pton(AF_INET, dst, &to.sin_addr);
	if (sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		fatal("sendto %s: %s", dst, strerror(errno));
	close(fd);
}

int main(void)
{
	struct mnl_socket *nl;
	long long before, after;
	int err, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	netns_private();
	nl = xfrm_open();

	err = new_sa(nl, SPI_IN, XFRM_SA_DIR_IN, 32, local);
	check(err == 0, "NEWSA with XFRMA_SA_DIR=in is accepted (%d)", err);
	err = get_sa_dir(nl, SPI_IN, local, 0);
	check(err == XFRM_SA_DIR_IN, "GETSA echoes XFRMA_SA_DIR=in (got %d)", err);

	err = new_sa(nl, SPI_OUT, XFRM_SA_DIR_OUT, 0, peer);
	check(err == 0, "NEWSA with XFRMA_SA_DIR=out and no replay window is accepted (%d)", err);
	err = get_sa_dir(nl, SPI_OUT, peer, 0);
	check(err == XFRM_SA_DIR_OUT, "GETSA echoes XFRMA_SA_DIR=out (got %d)", err);

	err = new_sa(nl, SPI_OUT_REPLAY, XFRM_SA_DIR_OUT, 32, peer);
	check(err == -EINVAL, "NEWSA of an output SA with replay window 32 is refused with EINVAL (%d)", err);

	err = new_sa(nl, SPI_BAD_DIR, 3, 0, peer);
	check(err == -ERANGE, "NEWSA with XFRMA_SA_DIR=3 is refused with ERANGE (%d)", err);

	err = get_sa_dir(nl, SPI_IN, local, XFRM_SA_DIR_IN);
	check(err == -EINVAL, "GETSA carrying XFRMA_SA_DIR is refused with EINVAL (%d)", err);

	/* An output SA for 127.0.0.1 must not decrypt what arrives there. */
	err = new_sa(nl, SPI_OUT_REPLAY, XFRM_SA_DIR_OUT, 0, local);
	check(err == 0, "NEWSA of an output SA towards this host is accepted (%d)", err);
	before = xfrm_stat("XfrmInStateDirError");
	if (!check(before >= 0, "/proc/net/xfrm_stat has XfrmInStateDirError"))
		return checks_done();
	for (i = 1; i <= 3; i++)
		send_esp(local, SPI_OUT_REPLAY, (uint32_t)i);
	after = xfrm_stat_wait("XfrmInStateDirError", before + 3, 2000);
	check(after - before == 3, "3 ESP packets for an output SA count 3 XfrmInStateDirError (got %lld)",
	      after - before);

	mnl_socket_close(nl);
	return checks_done();
}
