/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tunnel-heap: the heap an established tunnel costs pluto, both ends
 * together, NSS's key objects included (NSS allocates with malloc).
 *
 * usage: build/release/bench/tunnel-heap [--ike SPEC] [--esp SPEC] [N]
 *        (N default 200; SPEC as ipsec.conf's ike=/esp=, default theirs)
 *
 * Two ends in one process (testing/unit/ike's harness: the real IKE
 * code, an in-memory link, a mock kernel), PSK, ike=/esp= as given.
 * Brings up 20 tunnels to warm the allocator and NSS's caches, then N
 * more, each IKE SA with its Child SA established before the next
 * starts, and prints glibc's in-use heap (mallinfo2 uordblks) grown per
 * tunnel, and the largest the heap was over the run.  Deterministic for
 * one build and NSS version, unlike the daemon's RSS in the setup-rate
 * benchmark, which holds every handshake in flight at once and keeps
 * what malloc does not give back.  A report, not a test (release build:
 * AddressSanitizer's allocator has no mallinfo).  It also prints the
 * CPU time (getrusage, user + system) per tunnel, both ends: the daemon's
 * own work without UML's system-call costs.
 */
#include <malloc.h>
#include <string.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>

#include "exchange_harness.h"
#include "ikev2.h"
#include "log.h"

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static size_t in_use(void)
{
	return mallinfo2().uordblks;
}

/* Brings up N tunnels one after the other; adds to *TRANSIENT the heap
 * each handshake held at its largest beyond what its tunnel keeps. */
static int up(unsigned n, double *transient)
{
	for (unsigned i = 0; i < n; i++) {
		struct diag d = { "" };
		size_t peak = in_use();

		if (ike_initiate(&west.conn, NULL, &d) == NULL) {
			fprintf(stderr, "tunnel-heap: initiating tunnel %u: %s\n", i + 1, d.msg);
			return -1;
		}
		while (pump(1) == 1)
			if (in_use() > peak)
				peak = in_use();
		*transient += (double)(peak - in_use());
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *ike = NULL, *esp = NULL;
	unsigned long n = 200;
	int i = 1;

	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--ike") == 0)
			ike = argv[i + 1];
		else if (strcmp(argv[i], "--esp") == 0)
			esp = argv[i + 1];
		else
			break;
	}
	if (i < argc)
		n = strtoul(argv[i], NULL, 10);
	const unsigned warm = 20;
	double transient = 0;

	if (n == 0 || n > MOCK_MAX_SAS / 2 - warm) {
		fprintf(stderr, "tunnel-heap: N from 1 to %u\n", MOCK_MAX_SAS / 2 - warm);
		return 2;
	}
	harness_setup();
	if ((ike != NULL || esp != NULL) &&
	    (!side_set_proposals(&west, ike, esp) || !side_set_proposals(&east, ike, esp))) {
		fprintf(stderr, "tunnel-heap: ike=%s esp=%s not accepted\n",
			ike ? ike : "(default)", esp ? esp : "(default)");
		return 2;
	}
	/* pluto's log lines would be most of the run's output */
	FILE *devnull = fopen("/dev/null", "w");
	if (devnull != NULL)
		log_set_file(devnull, false);
	/* every tunnel its own IKE SA: no replacing by peer ID */
	west.env.uniqueids = east.env.uniqueids = false;
	if (up(warm, &transient) != 0)
		return 1;
	transient = 0;
	size_t before = in_use();
	double cpu_before = cpu_seconds();
	unsigned ike_before = side_ike_count(&west);
	if (up((unsigned)n, &transient) != 0)
		return 1;
	size_t after = in_use();
	double cpu = cpu_seconds() - cpu_before;
	unsigned made = side_ike_count(&west) - ike_before;
	/* every IKE SA on both ends, each with its Child SA (two per tunnel) */
	if (made != n || side_ike_count(&east) != warm + n ||
	    child_sa_count() != 2 * (warm + n)) {
		fprintf(stderr, "tunnel-heap: %u of %lu tunnels came up (%u Child SAs)\n",
			made, n, child_sa_count());
		return 1;
	}
	double per = (double)(after - before) / (double)n / 1024;
	printf("tunnel-heap: %lu tunnels, both ends in one process (after %u to warm up)\n",
	       n, warm);
	printf("heap per established tunnel: %.1f KiB both ends, %.1f KiB per end\n",
	       per, per / 2);
	printf("a handshake's peak above that, mean: %.1f KiB both ends\n",
	       transient / (double)n / 1024);
	printf("CPU per tunnel (user + system): %.3f ms both ends\n", cpu * 1000 / (double)n);
	harness_teardown();
	if (devnull != NULL)
		fclose(devnull);
	return 0;
}
