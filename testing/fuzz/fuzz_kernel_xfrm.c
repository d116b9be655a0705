/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for everything the XFRM backend reads from the kernel:
 * the input is taken as one datagram from the event socket (ACQUIRE,
 * EXPIRE, MAPPING, POLEXPIRE, any mix, any damage), as a netlink ACK, and
 * as a GETSA/ALLOCSPI answer.  Nothing may read out of bounds or trip
 * UBSan; malformed input must come back as a diag.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../programs/pluto/kernel_xfrm.h"
#include "log.h"

static unsigned events;

static void on_acquire(void *ctx, const struct kernel_acquire *a) { events++; }
static void on_expire(void *ctx, const struct kernel_expire *e) { events++; }
static void on_mapping(void *ctx, const struct kernel_mapping *m) { events++; }
static void on_polexpire(void *ctx, const struct kernel_policy_expire *p) { events++; }

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* The parser logs each bad message; keep the fuzzer's output quiet. */
	FILE *devnull = fopen("/dev/null", "w");

	if (devnull != NULL)
		log_set_file(devnull, false);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct kernel_event_handlers h = {
		.acquire = on_acquire, .sa_expire = on_expire,
		.mapping = on_mapping, .policy_expire = on_polexpire,
	};
	/* A private, aligned copy of exactly SIZE bytes, as recvmsg gives. */
	uint8_t *buf = malloc(size > 0 ? size : 1);
	struct diag d;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	(void)xfrm_process_datagram(&h, buf, size, &d);

	if (size >= sizeof(struct nlmsghdr)) {
		struct xfrm_ack ack;
		struct xfrm_msg m;
		struct kernel_sa_counters c;
		uint32_t spi;

		(void)xfrm_parse_ack((const struct nlmsghdr *)buf, size, &ack, &d);
		if (xfrm_parse_msg((const struct nlmsghdr *)buf, size, &m, &d) &&
		    m.nlh->nlmsg_type == XFRM_MSG_NEWSA) {
			(void)xfrm_parse_counters(&m, &c, &d);
			(void)xfrm_parse_allocspi_reply(&m, &spi, &d);
		}
	}
	free(buf);
	return 0;
}
