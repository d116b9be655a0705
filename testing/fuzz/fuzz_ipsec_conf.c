/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec.conf from hostile bytes: load (includes refused, so the fuzzer
 * never reads the host's files), then use every conn the way pluto
 * would: look it up, print its addresses and IDs.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ipsec_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void touch_end(const struct end_config *e)
{
	char buf[ID_FMT_BUF];

	ip_address_fmt(&e->host.addr, buf);
	ip_address_fmt(&e->nexthop, buf);
	for (unsigned i = 0; i < e->subnets.count; i++)
		ip_subnet_fmt(&e->subnets.list[i], buf);
	ip_protoport_fmt(&e->protoport, buf);
	id_fmt(&e->id, buf);
	if (e->updown != NULL)
		(void)strlen(e->updown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list errors = { 0 };
	struct ipsec_conf *conf = ipsec_conf_load_buffer("fuzz.conf", (const char *)data, size, false, &errors);

	if (conf != NULL) {
		struct diag why;
		for (size_t i = 0; i < conf->nr_conns; i++) {
			const struct conn_config *c = conf->conns[i];
			if (ipsec_conf_find(conf, c->name, &why) != c)
				__builtin_trap();	/* a loaded conn must be found */
			touch_end(&c->left);
			touch_end(&c->right);
			if (c->ike != NULL)
				(void)strlen(c->ike);
		}
		ipsec_conf_find(conf, "no-such-conn", &why);
		ipsec_conf_free(conf);
	}
	for (size_t i = 0; i < errors.count; i++)
		(void)strlen(errors.items[i].msg);
	diag_list_free(&errors);
	return 0;
}
