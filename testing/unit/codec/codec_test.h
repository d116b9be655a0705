/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers shared by the codec unit tests. */
#ifndef CODEC_TEST_H
#define CODEC_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The diag must contain WANT (printed on failure so the message is seen). */
#define assert_diag_has(d, want)					\
	do {								\
		if (strstr((d)->msg, (want)) == NULL)			\
			fail_msg("diag \"%s\" lacks \"%s\"", (d)->msg, (want)); \
	} while (0)

#define assert_diag_is(d, want)						\
	do {								\
		if (strcmp((d)->msg, (want)) != 0)			\
			fail_msg("diag \"%s\", wanted \"%s\"", (d)->msg, (want)); \
	} while (0)

#endif
