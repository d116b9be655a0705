/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection layer's use of ipsec.secrets: one loaded table, the
 * PSK for a connection's pair of IDs, and `ipsec rereadsecrets`.
 */
#include <stdlib.h>
#include <string.h>

#include "connections_internal.h"
#include "ipsec_secrets.h"
#include "log.h"

static struct ipsec_secrets *secrets;
static char *secrets_file;

void secrets_set_path(const char *path)
{
	char *copy = path != NULL ? strdup(path) : NULL;

	free(secrets_file);
	secrets_file = copy;
}

const char *secrets_path(void)
{
	return secrets_file != NULL ? secrets_file : XSWAN_SYSCONFDIR "/ipsec.secrets";
}

void secrets_free(void)
{
	ipsec_secrets_free(secrets);
	secrets = NULL;
	free(secrets_file);
	secrets_file = NULL;
}

bool secrets_reload(struct diag *d)
{
	struct diag_list errors = { 0 };
	const char *path = secrets_path();
	struct ipsec_secrets *fresh = ipsec_secrets_load(path, &errors);

	for (size_t i = 0; i < errors.count; i++)
		llog("%s%s", errors.items[i].level == DIAG_ERROR ? "ERROR: " : "",
		     errors.items[i].msg);
	if (fresh == NULL) {
		/* Keep what was loaded: a half-edited file must not take
		 * every PSK away. */
		bool ok = diag(d, "cannot load secrets file %s%s%s", path,
			       errors.count > 0 ? ": " : "",
			       errors.count > 0 ? errors.items[0].msg : "");
		diag_list_free(&errors);
		return ok;
	}
	diag_list_free(&errors);
	ipsec_secrets_free(secrets);
	secrets = fresh;
	llog("loaded %zu PSK secret%s from %s", fresh->nr_entries,
	     fresh->nr_entries == 1 ? "" : "s", path);
	return true;
}

/* The ID an end stands for: its id=, else its host address. */
static struct id end_id(const struct connection_end *e)
{
	if (e->id.kind == ID_NONE && ip_address_is_set(&e->host))
		return id_from_address(&e->host);
	return e->id;
}

bool connection_psk(const struct connection *c, const struct id *peer, struct bytes *psk,
		    struct diag *d)
{
	struct id local = end_id(&c->local);
	struct id remote = peer != NULL ? *peer : end_id(&c->remote);
	char lb[ID_FMT_BUF], rb[ID_FMT_BUF];

	const struct psk_entry *e = secrets != NULL ? ipsec_secrets_find_psk(secrets, &local, &remote)
						    : NULL;
	if (e == NULL)
		return diag(d, "no PSK in %s for '%s' and '%s'", secrets_path(),
			    id_fmt(&local, lb), id_fmt(&remote, rb));
	*psk = psk_bytes(e);
	return true;
}
