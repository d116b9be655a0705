/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The checks rekey_harness.h declares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ikev2_rekey.h"
#include "rekey_harness.h"

int rekey_setup(void **state)
{
	(void)state;
	harness_setup();
	return 0;
}

int rekey_teardown(void **state)
{
	(void)state;
	harness_teardown();
	return 0;
}

void up(void)
{
	struct diag d = { "" };

	if (ike_initiate(&west.conn, NULL, &d) == NULL)
		fail_msg("ike_initiate: %s", d.msg);
	assert_int_equal(pump(10), 4);
}

unsigned child_count(struct ike_sa *ike)
{
	unsigned n = 0;

	for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike)
		n++;
	return n;
}

/*
 * One IKE SA per end with the same SPIs, one established Child SA per
 * end with crossed SPIs, exactly those two SAs and three policies in
 * each kernel, nothing larval.  Returns west's Child SA.
 */
struct child_sa *assert_one_tunnel(void)
{
	assert_int_equal(side_ike_count(&west), 1);
	assert_int_equal(side_ike_count(&east), 1);
	struct ike_sa *w = side_ike(&west), *e = side_ike(&east);
	assert_int_equal(w->state, IKE_STATE_ESTABLISHED);
	assert_int_equal(e->state, IKE_STATE_ESTABLISHED);
	assert_memory_equal(w->spi_i, e->spi_i, 8);
	assert_memory_equal(w->spi_r, e->spi_r, 8);
	assert_int_equal(child_count(w), 1);
	assert_int_equal(child_count(e), 1);
	struct child_sa *wc = w->children, *ec = e->children;
	assert_int_equal(wc->state, CHILD_STATE_ESTABLISHED);
	assert_int_equal(ec->state, CHILD_STATE_ESTABLISHED);
	assert_int_equal(wc->spi_out, ec->spi_in);
	assert_int_equal(ec->spi_out, wc->spi_in);
	/* Plus inbound SAs of rekeyed Child SAs in their grace period
	 * (only with an event loop; child_retire.c). */
	assert_int_equal(mock_sa_count(&west.kernel, false), 2 + child_retired_count(w));
	assert_int_equal(mock_sa_count(&east.kernel, false), 2 + child_retired_count(e));
	assert_int_equal(mock_sa_count(&west.kernel, true), 0);
	assert_int_equal(mock_sa_count(&east.kernel, true), 0);
	assert_int_equal(mock_policy_count(&west.kernel), 3);
	assert_int_equal(mock_policy_count(&east.kernel), 3);
	assert_false(ikev2_create_child_pending(w));
	assert_false(ikev2_create_child_pending(e));
	assert_false(w->msgid.request_outstanding);
	assert_false(e->msgid.request_outstanding);
	return wc;
}

/* The kernel holds an SA with this SPI (in either direction). */
bool kernel_has_spi(const struct kernel *k, uint32_t spi)
{
	for (unsigned i = 0; i < MOCK_MAX_SAS; i++)
		if (k->sas[i].used && k->sas[i].spi == spi)
			return true;
	return false;
}

struct old_pair remember(void)
{
	struct child_sa *w = side_ike(&west)->children, *e = side_ike(&east)->children;

	return (struct old_pair){ w->serial, e->serial, w->spi_in, e->spi_in };
}

/* A new pair replaced OLD on both ends, and the old SPIs left both kernels. */
void assert_replaced(const struct old_pair *old)
{
	struct child_sa *w = assert_one_tunnel();
	struct child_sa *e = side_ike(&east)->children;

	assert_true(w->serial != old->w_serial);
	assert_true(e->serial != old->e_serial);
	assert_true(w->spi_in != old->w_in);
	assert_true(e->spi_in != old->e_in);
	assert_false(kernel_has_spi(&west.kernel, old->w_in));
	assert_false(kernel_has_spi(&west.kernel, old->e_in));
	assert_false(kernel_has_spi(&east.kernel, old->w_in));
	assert_false(kernel_has_spi(&east.kernel, old->e_in));
	/* Same reqid: the policies' templates still match the new SAs. */
	assert_int_equal(w->reqid, 16384);
	assert_int_equal(e->reqid, 16384);
}

void rekey_child_of(struct side *s)
{
	struct diag d = { "" };

	if (!ikev2_rekey_child_initiate(side_ike(s)->children, &d))
		fail_msg("rekey: %s", d.msg);
}

struct ike_pair remember_ike(void)
{
	struct ike_pair p = { .w = side_ike(&west)->serial, .e = side_ike(&east)->serial };

	memcpy(p.spi_i, side_ike(&west)->spi_i, 8);
	memcpy(p.spi_r, side_ike(&west)->spi_r, 8);
	p.w_child = side_ike(&west)->children->serial;
	p.e_child = side_ike(&east)->children->serial;
	p.w_child_in = side_ike(&west)->children->spi_in;
	return p;
}

/* New IKE SA on both ends with new SPIs; the same Child SA lives on. */
void assert_ike_replaced(const struct ike_pair *old)
{
	struct child_sa *w = assert_one_tunnel();
	struct ike_sa *wi = side_ike(&west), *ei = side_ike(&east);

	assert_true(wi->serial != old->w);
	assert_true(ei->serial != old->e);
	assert_memory_not_equal(wi->spi_i, old->spi_i, 8);
	assert_memory_not_equal(wi->spi_r, old->spi_r, 8);
	assert_int_equal(w->serial, old->w_child);
	assert_int_equal(ei->children->serial, old->e_child);
	assert_ptr_equal(w->ike, wi);
	assert_ptr_equal(ei->children->ike, ei);
	assert_ptr_equal(ike_sa_by_serial(old->w), NULL);
	assert_ptr_equal(ike_sa_by_serial(old->e), NULL);
	/* The new IKE SA's keys work both ways: a Child rekey over it. */
	struct old_pair oc = remember();
	rekey_child_of(&east);
	assert_int_equal(pump(10), 4);
	assert_replaced(&oc);
}
