/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target: the payload handlers after decryption.
 *
 * The harness makes real IKE SAs between two ends in this process (the
 * unit tests' exchange harness, mock kernel included), so the keys are
 * known; the fuzz input becomes the plaintext payload chain of an SK
 * payload, encrypted with the right keys and delivered where it reaches
 * a handler:
 *
 *   input[0] % 6  what it is
 *     0           IKE_AUTH request to a responder that answered IKE_SA_INIT
 *     1           IKE_AUTH response to an initiator that sent IKE_AUTH
 *     2           INFORMATIONAL request to an established responder
 *     3           INFORMATIONAL response to an established initiator
 *     4           IKE_SA_INIT request (in the clear) to a responder
 *     5           IKE_SA_INIT response (in the clear) to an initiator
 *   input[1]      the first payload's type (SK's Next Payload, or the
 *                 header's for IKE_SA_INIT)
 *   input[2..]    the payload chain: for 0-3 the plaintext inside SK
 *
 * Nothing is checked beyond the sanitizers and the tables staying sane:
 * whatever a handler does, the harness tears both ends down and every
 * kernel SA it installed must be gone again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange_harness.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* West (initiator) or east (responder) builds a message on IKE with its
 * own keys, the plaintext from the fuzzer. */
static bool craft(struct ike_sa *ike, uint8_t exchange, bool response, uint32_t msgid,
		  uint8_t first_np, const uint8_t *plain, size_t len, struct ikev2_out *o)
{
	struct diag d;

	if (!ikev2_out_start(o, ike, exchange, response, msgid, true, &d))
		return false;
	o->buf[o->bld.sk_at] = first_np;
	if (!buf_put(&o->b, plain, len))
		return false;
	return ikev2_out_finish(o, ike, &d);
}

/* An IKE_SA_INIT message in the clear whose payload chain is the input. */
static bool craft_clear(struct ike_sa *ike, bool response, uint8_t first_np,
			const uint8_t *chain, size_t len, struct ikev2_out *o)
{
	struct diag d;

	if (!ikev2_out_start(o, ike, IKEV2_EXCH_IKE_SA_INIT, response, 0, false, &d))
		return false;
	o->buf[16] = first_np;	/* the header's Next Payload */
	if (!buf_put(&o->b, chain, len))
		return false;
	return ikev2_out_finish(o, ike, &d);
}

static void establish(bool full)
{
	struct diag d;

	if (ike_initiate(&west.conn, NULL, &d) == NULL)
		abort();
	pump(2);		/* IKE_SA_INIT both ways; west has sent IKE_AUTH */
	if (full)
		pump(10);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ikev2_out o;
	static bool once;

	if (size < 2)
		return 0;
	if (!once) {
		FILE *null = fopen("/dev/null", "w");
		log_set_file(null, false);
		once = true;
	}
	harness_setup();
	/* A fast group: the DH of every input is not what is fuzzed. */
	side_set_proposals(&west, "aes_gcm256-sha2_256-dh19", NULL);
	side_set_proposals(&east, "aes_gcm256-sha2_256-dh19", NULL);

	unsigned mode = data[0] % 6;
	uint8_t np = data[1];
	const uint8_t *plain = data + 2;
	size_t len = size - 2;
	struct ike_sa *w, *e;

	switch (mode) {
	case 0:		/* IKE_AUTH request to east (in PARENT_R1) */
		establish(false);
		drop_next();	/* west's real IKE_AUTH request */
		w = side_ike(&west);
		e = side_ike(&east);
		if (w != NULL && e != NULL && craft(w, IKEV2_EXCH_IKE_AUTH, false, 1, np, plain, len, &o))
			inject(&east, o.buf, o.len);
		break;
	case 1:		/* IKE_AUTH response to west (in PARENT_I2) */
		establish(false);
		drop_next();
		w = side_ike(&west);
		e = side_ike(&east);
		if (w != NULL && e != NULL && craft(e, IKEV2_EXCH_IKE_AUTH, true, 1, np, plain, len, &o))
			inject(&west, o.buf, o.len);
		break;
	case 2:		/* INFORMATIONAL request to established east */
		establish(true);
		w = side_ike(&west);
		e = side_ike(&east);
		if (w != NULL && e != NULL &&
		    craft(w, IKEV2_EXCH_INFORMATIONAL, false, 0, np, plain, len, &o)) {
			/* craft() took west's next ID without sending: same ID east expects. */
			inject(&east, o.buf, o.len);
		}
		break;
	case 3:		/* INFORMATIONAL response to established west */
		establish(true);
		w = side_ike(&west);
		e = side_ike(&east);
		if (w != NULL && e != NULL) {
			struct diag d;
			ikev2_send_liveness(w, &d);
			drop_next();
			if (craft(e, IKEV2_EXCH_INFORMATIONAL, true, w->msgid.request.msgid, np, plain,
				  len, &o))
				inject(&west, o.buf, o.len);
		}
		break;
	case 4:		/* IKE_SA_INIT request to east */
		if (ike_initiate(&west.conn, NULL, &(struct diag){ "" }) == NULL)
			abort();
		drop_next();	/* west's real request */
		w = side_ike(&west);
		if (w != NULL && craft_clear(w, false, np, plain, len, &o))
			inject(&east, o.buf, o.len);
		break;
	case 5:		/* IKE_SA_INIT response to west (in PARENT_I1) */
		if (ike_initiate(&west.conn, NULL, &(struct diag){ "" }) == NULL)
			abort();
		drop_next();
		w = side_ike(&west);
		if (w != NULL) {
			/* As east would answer: same SPIi, some SPIr. */
			struct ike_sa fake = { .env = &east.env, .role = SA_ROLE_RESPONDER };
			memcpy(fake.spi_i, w->spi_i, 8);
			memset(fake.spi_r, 0x5a, 8);
			if (craft_clear(&fake, true, np, plain, len, &o))
				inject(&west, o.buf, o.len);
		}
		break;
	}
	pump(20);
	harness_teardown();
	if (mock_sa_count(&west.kernel, false) + mock_sa_count(&west.kernel, true) +
	    mock_sa_count(&east.kernel, false) + mock_sa_count(&east.kernel, true) +
	    mock_policy_count(&west.kernel) + mock_policy_count(&east.kernel) != 0)
		abort();	/* something stayed in the "kernel" */
	return 0;
}
