/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * blast: the traffic of testing/bench/esp-rate, as cheap as it can be in
 * a UML guest (where every system call is expensive): datagrams go out
 * BATCH at a time with sendmmsg(2).
 *
 *   blast udp SRC DST PORT SECONDS   UDP datagrams SRC -> DST:PORT for
 *                                    SECONDS (through the tunnel: ESP)
 *   blast esp DST COUNT SPIS         COUNT raw ESP packets to DST, SPIs
 *                                    0x7e570000 + 0..SPIS-1 in turn (no SA
 *                                    has them: the unknown-SPI path)
 *
 * Prints one line of JSON: what was handed to the kernel, what it
 * refused (ENOBUFS from a full queue is counted, not fatal), the
 * CLOCK_MONOTONIC times (seconds) of the first and the last send, which
 * the driver compares with the receiver's counters, and how long each
 * slice of SLICE packets accepted took to send (at most MAX_SLICES): in
 * the one guest CPU the receiver's work happens in the sender's system
 * calls, so a slice's time is the whole path's, and on a shared host the
 * fastest slices are the ones nothing else interrupted.
 */
#define _GNU_SOURCE	/* sendmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH		64
#define PAYLOAD		64	/* bytes after the UDP or ESP header */
#define SPI_BASE	0x7e570000u
#define SLICE		16384	/* packets */
#define MAX_SLICES	1024

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(void)
{
	fprintf(stderr, "usage: blast udp SRC DST PORT SECONDS | blast esp DST COUNT SPIS\n");
	return 2;
}

static int parse_addr(const char *text, struct sockaddr_in *sin, uint16_t port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	if (inet_pton(AF_INET, text, &sin->sin_addr) != 1) {
		fprintf(stderr, "blast: '%s' is not an IPv4 address\n", text);
		return -1;
	}
	return 0;
}

static int parse_count(const char *text, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || *out == 0 || *out > max) {
		fprintf(stderr, "blast: '%s' is not a number in 1..%lu\n", text, max);
		return -1;
	}
	return 0;
}

struct batch {
	struct mmsghdr msgs[BATCH];
	struct iovec iovs[BATCH];
	uint8_t bufs[BATCH][8 + PAYLOAD];
};

static void batch_init(struct batch *b, struct sockaddr_in *dst, size_t len)
{
	memset(b, 0, sizeof(*b));
	for (int i = 0; i < BATCH; i++) {
		b->iovs[i].iov_base = b->bufs[i];
		b->iovs[i].iov_len = len;
		b->msgs[i].msg_hdr.msg_iov = &b->iovs[i];
		b->msgs[i].msg_hdr.msg_iovlen = 1;
		b->msgs[i].msg_hdr.msg_name = dst;
		b->msgs[i].msg_hdr.msg_namelen = sizeof(*dst);
	}
}

struct tally {
	unsigned long long sent, refused;
	double first, last;
	double slice_start;
	unsigned long long slice_sent;
	unsigned nslices;
	double slices[MAX_SLICES];	/* seconds per SLICE packets */
};

/* Send N of the batch; a full queue (ENOBUFS, EAGAIN) refuses the rest
 * of the batch, which is counted and not retried. */
static int send_batch(int fd, struct batch *b, unsigned n, struct tally *t)
{
	int r;

	if (t->sent + t->refused == 0)
		t->first = t->slice_start = now();
	r = sendmmsg(fd, b->msgs, n, 0);
	if (r < 0) {
		if (errno != ENOBUFS && errno != EAGAIN) {
			perror("blast: sendmmsg");
			return -1;
		}
		r = 0;
	}
	t->sent += (unsigned)r;
	t->refused += n - (unsigned)r;
	t->last = now();
	t->slice_sent += (unsigned)r;
	if (t->slice_sent >= SLICE) {
		if (t->nslices < MAX_SLICES)
			t->slices[t->nslices++] = (t->last - t->slice_start) * SLICE /
						  (double)t->slice_sent;
		t->slice_sent = 0;
		t->slice_start = t->last;
	}
	return 0;
}

static void report(const char *mode, const struct tally *t)
{
	printf("{\"mode\": \"%s\", \"sent\": %llu, \"refused\": %llu, "
	       "\"first\": %.6f, \"last\": %.6f, \"slice\": %d, \"slices\": [",
	       mode, t->sent, t->refused, t->first, t->last, SLICE);
	for (unsigned i = 0; i < t->nslices; i++)
		printf("%s%.6f", i ? ", " : "", t->slices[i]);
	printf("]}\n");
}

static int blast_udp(char **argv)
{
	struct sockaddr_in src, dst;
	unsigned long port, seconds;
	struct batch *b;
	static struct tally t;
	uint64_t seq = 0;
	double end;
	int fd;

	if (parse_count(argv[2], 65535, &port) || parse_count(argv[3], 600, &seconds) ||
	    parse_addr(argv[0], &src, 0) || parse_addr(argv[1], &dst, (uint16_t)port))
		return 2;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
		perror("blast: UDP socket");
		return 1;
	}
	b = malloc(sizeof(*b));
	if (b == NULL)
		return 1;
	batch_init(b, &dst, PAYLOAD);
	end = now() + (double)seconds;
	while (now() < end) {
		for (int i = 0; i < BATCH; i++) {
			seq++;
			memcpy(b->bufs[i], &seq, sizeof(seq));
		}
		if (send_batch(fd, b, BATCH, &t) < 0)
			return 1;
	}
	report("udp", &t);
	free(b);
	return 0;
}

static int blast_esp(char **argv)
{
	struct sockaddr_in dst;
	unsigned long count, spis;
	struct batch *b;
	static struct tally t;
	unsigned long long done = 0;
	uint32_t seq = 0;
	int fd;

	if (parse_addr(argv[0], &dst, 0) || parse_count(argv[1], 100000000, &count) ||
	    parse_count(argv[2], 1000000, &spis))
		return 2;
	/* The kernel writes the IP header; the payload starts with the
	 * ESP header (SPI, sequence number), then bytes no SA will read. */
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ESP);
	if (fd < 0) {
		perror("blast: raw ESP socket");
		return 1;
	}
	b = malloc(sizeof(*b));
	if (b == NULL)
		return 1;
	batch_init(b, &dst, 8 + PAYLOAD);
	while (done < count) {
		unsigned n = count - done < BATCH ? (unsigned)(count - done) : BATCH;

		for (unsigned i = 0; i < n; i++) {
			uint32_t spi = htonl(SPI_BASE + (uint32_t)((done + i) % spis));
			uint32_t nseq = htonl(++seq);

			memcpy(b->bufs[i], &spi, 4);
			memcpy(b->bufs[i] + 4, &nseq, 4);
		}
		if (send_batch(fd, b, n, &t) < 0)
			return 1;
		done += n;
	}
	report("esp", &t);
	free(b);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "udp") == 0)
		return blast_udp(argv + 2);
	if (argc == 5 && strcmp(argv[1], "esp") == 0)
		return blast_esp(argv + 2);
	return usage();
}
