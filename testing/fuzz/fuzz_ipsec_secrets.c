/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec.secrets from hostile bytes: load (includes refused), then look
 * up PSKs with every pair of IDs the file itself names, plus %any.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ipsec_secrets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list errors = { 0 };
	struct ipsec_secrets *s = ipsec_secrets_load_buffer("fuzz.secrets", (const char *)data, size, false, &errors);

	if (s != NULL) {
		struct id any = { .kind = ID_ANY };
		for (size_t i = 0; i < s->nr_entries && i < 8; i++) {
			const struct psk_entry *e = &s->entries[i];
			if (e->psk_len == 0 || e->psk_len > SECRETS_MAX_PSK)
				__builtin_trap();
			for (size_t a = 0; a < e->nr_ids && a < 4; a++) {
				ipsec_secrets_find_psk(s, &e->ids[a], &any);
				for (size_t b = 0; b < e->nr_ids && b < 4; b++) {
					const struct psk_entry *p = ipsec_secrets_find_psk(s, &e->ids[a], &e->ids[b]);
					if (p != NULL && p->psk_len == 0)
						__builtin_trap();
				}
			}
		}
		ipsec_secrets_find_psk(s, &any, NULL);
		ipsec_secrets_free(s);
	}
	diag_list_free(&errors);
	return 0;
}
