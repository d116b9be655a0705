/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipsec.secrets in Libreswan's syntax: PSK entries and include.
 *
 *   @west @east : PSK "shared secret"
 *   192.1.2.45 %any : PSK 0x0123_4567_89ab_cdef
 *   : PSK 0sc2VjcmV0               (no IDs: the default entry)
 *   include ipsec.d/NAME.secrets   (shell wildcards allowed)
 *
 * An entry starts at the left margin; its continuation lines are
 * indented.  PSKs are "double" or 'single' quoted text, or 0x hex,
 * 0s base64, 0t text.  Secrets are wiped when freed and never appear
 * in messages; errors give FILE:LINE only.  XAUTH, PPKS, RSA and
 * ECDSA entries are skipped with a note.
 */
#ifndef XSWAN_IPSEC_SECRETS_H
#define XSWAN_IPSEC_SECRETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "diag_list.h"
#include "id.h"

#define SECRETS_MAX_INCLUDE_DEPTH 10	/* Libreswan: "a modest depth (10)" */
#define SECRETS_MAX_IDS 32
#define SECRETS_MAX_PSK 1024

struct psk_entry {
	struct id *ids;		/* empty: matches every pair (lowest rank) */
	size_t nr_ids;
	uint8_t *psk;		/* wiped on free */
	size_t psk_len;
	const char *file;
	unsigned line;
};

struct ipsec_secrets {
	struct psk_entry *entries;
	size_t nr_entries, cap_entries;
	/* private */
	char **files;
	size_t nr_files, cap_files;
};

/* NULL only when PATH itself cannot be read (ERRORS says why). */
struct ipsec_secrets *ipsec_secrets_load(const char *path, struct diag_list *errors);
struct ipsec_secrets *ipsec_secrets_load_buffer(const char *name, const char *text, size_t len,
						bool allow_include, struct diag_list *errors);
void ipsec_secrets_free(struct ipsec_secrets *s);

/*
 * The PSK for LOCAL talking to REMOTE (REMOTE may be NULL or ID_NONE
 * when not known yet).  Libreswan's precedence, best first:
 *   an entry naming both IDs;
 *   an entry naming LOCAL and %any;
 *   an entry whose only ID is LOCAL;
 *   an entry naming REMOTE and %any;
 *   an entry with %any alone;
 *   an entry with no IDs.
 * An entry listing several IDs of which only LOCAL matches does not
 * count.  Of equally good entries the first in the file wins.
 */
const struct psk_entry *ipsec_secrets_find_psk(const struct ipsec_secrets *s,
					       const struct id *local, const struct id *remote);
static inline struct bytes psk_bytes(const struct psk_entry *e)
{
	return BYTES(e->psk, e->psk_len);
}

#endif
