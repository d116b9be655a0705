/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Child SAs: creation under an IKE SA, lookup by SPI, deletion (which
 * removes what the SA put in the kernel) and traffic counters.
 */
#include <netinet/in.h>
#include <stdlib.h>

#include "connections.h"
#include "ikev2.h"
#include "ikev2_rekey.h"
#include "kernel.h"

so_serial_t state_next_serial(void);

struct child_sa *child_sa_new(struct ike_sa *ike, struct connection *c)
{
	struct child_sa *child = calloc(1, sizeof(*child));

	if (child == NULL)
		return NULL;
	child->serial = state_next_serial();
	child->ike = ike;
	child->c = c;
	child->state = CHILD_STATE_LARVAL;
	child->reqid = c != NULL ? c->reqid : 0;
	/* Append: the list keeps creation order for status output. */
	struct child_sa **pp = &ike->children;
	while (*pp != NULL)
		pp = &(*pp)->next_of_ike;
	*pp = child;
	return child;
}

void child_sa_delete(struct child_sa *child)
{
	struct ike_sa *ike = child->ike;
	struct connection *c = child->c;

	rekey_child_gone(child);
	child_uninstall(child);
	child_forget_keys(child);
	for (struct child_sa **pp = &ike->children; *pp != NULL; pp = &(*pp)->next_of_ike) {
		if (*pp == child) {
			*pp = child->next_of_ike;
			break;
		}
	}
	if (ike->first_child == child)
		ike->first_child = NULL;
	if (child->c != NULL && child->c->newest_child_sa == child->serial) {
		child->c->newest_child_sa = 0;
		if (child->c->routing == RT_ROUTED_TUNNEL)
			child->c->routing = RT_UNROUTED;
	}
	free(child);
	if (c != NULL)
		connection_state_gone(c);
}

struct child_sa *child_sa_find_by_spi_out(struct ike_sa *ike, uint32_t spi_out)
{
	for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike)
		if (ch->spi_out == spi_out && ch->state != CHILD_STATE_LARVAL)
			return ch;
	return NULL;
}

struct child_sa *child_sa_find_by_spi_in(struct ike_sa *ike, uint32_t spi_in)
{
	for (struct child_sa *ch = ike->children; ch != NULL; ch = ch->next_of_ike)
		if (ch->spi_in == spi_in)
			return ch;
	return NULL;
}

bool child_sa_traffic(const struct child_sa *child, uint64_t *in_bytes, uint64_t *out_bytes,
		      struct diag *d)
{
	const struct ike_sa *ike = child->ike;
	const struct ike_env *env = ike->env;

	if (env->kernel_ops == NULL || env->kernel == NULL)
		return diag(d, "no kernel backend");
	if (!child->kernel_sa_in || !child->kernel_sa_out)
		return diag(d, "Child SA #%lu is not installed", child->serial);

	struct kernel_said in = {
		.src = ike->remote, .dst = ike->local, .spi = child->spi_in, .proto = IPPROTO_ESP,
	};
	struct kernel_said out = {
		.src = ike->local, .dst = ike->remote, .spi = child->spi_out, .proto = IPPROTO_ESP,
	};
	child_kernel_mark(child, true, &in.mark);
	child_kernel_mark(child, false, &out.mark);
	struct kernel_sa_counters ci, co;

	if (!env->kernel_ops->get_sa_counters(env->kernel, &in, &ci, d) ||
	    !env->kernel_ops->get_sa_counters(env->kernel, &out, &co, d))
		return false;
	*in_bytes = ci.bytes;
	*out_bytes = co.bytes;
	return true;
}
