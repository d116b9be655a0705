/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Adapter to the ipsec.conf parser (see pluto_config.h): the `config
 * setup` values pluto's command line may leave unsaid, and the whole-file
 * check behind `ipsec checkconfig` / `pluto --checkconfig`.
 *
 * The conns themselves are the connection layer's (connection_verbs.c
 * reads the file again and logs each bad conn by file:line), so reading
 * the setup never fails because of a conn; the check also parses each
 * conn's ike= and esp=, which the parser keeps as text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "connection_resolve.h"
#include "ipsec_conf.h"
#include "log.h"
#include "pluto_config.h"

/* plutodebug= classes back to the words log_parse_debug() takes. */
static void debug_words(unsigned classes, char *out, size_t cap)
{
	static const struct {
		unsigned cls;
		const char *name;
	} names[] = {
		{ DBG_BASE, "base" }, { DBG_CONTROL, "control" }, { DBG_KERNEL, "kernel" },
		{ DBG_EMITTING, "emitting" }, { DBG_PARSING, "parsing" }, { DBG_CRYPT, "crypt" },
	};
	size_t len = 0;

	out[0] = '\0';
	if (classes == DBG_ALL) {
		snprintf(out, cap, "all");
		return;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(classes & names[i].cls))
			continue;
		int n = snprintf(out + len, cap - len, "%s%s", len > 0 ? "," : "", names[i].name);
		if (n < 0 || (size_t)n >= cap - len)
			return;
		len += (size_t)n;
	}
}

static void copy_text(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src != NULL ? src : "");
}

enum pluto_config_result pluto_config_read_setup(const char *file,
						 struct pluto_setup *s,
						 struct diag *d)
{
	struct diag_list errors = { 0 };

	memset(s, 0, sizeof(*s));
	/* No file is not an error: conns can come later, and the command
	 * line says the rest. */
	if (access(file, F_OK) != 0 && errno == ENOENT)
		return PLUTO_CONFIG_OK;
	struct ipsec_conf *conf = ipsec_conf_load(file, &errors);
	if (conf == NULL) {
		diag(d, "%s", errors.count > 0 ? errors.items[0].msg : "cannot read the config file");
		diag_list_free(&errors);
		return PLUTO_CONFIG_ERROR;
	}
	diag_list_free(&errors);
	const struct config_setup *cs = &conf->setup;
	copy_text(s->logfile, sizeof(s->logfile), cs->logfile);
	copy_text(s->nssdir, sizeof(s->nssdir), cs->nssdir);
	debug_words(cs->plutodebug, s->plutodebug, sizeof(s->plutodebug));
	if (ip_address_is_set(&cs->listen)) {
		char a[IP_FMT_BUF];
		copy_text(s->listen, sizeof(s->listen), ip_address_fmt(&cs->listen, a));
	}
	ipsec_conf_free(conf);
	return PLUTO_CONFIG_OK;
}

enum pluto_config_result pluto_config_check(const char *file, struct diag *d)
{
	struct diag_list errors = { 0 };
	struct ipsec_conf *conf = ipsec_conf_load(file, &errors);

	/* Each line already says FILE:LINE: what, and what to do. */
	for (size_t i = 0; i < errors.count; i++)
		fprintf(stderr, "%s%s\n", errors.items[i].level == DIAG_NOTE ? "note: " : "",
			errors.items[i].msg);
	size_t nerr = errors.errors;
	diag_list_free(&errors);
	if (conf == NULL) {
		diag(d, "%s: cannot be read", file);
		return PLUTO_CONFIG_ERROR;
	}
	/* ike= and esp= are only text to the parser: check them here too,
	 * so a typo shows up before `ipsec add`. */
	for (size_t i = 0; i < conf->nr_conns; i++) {
		const struct conn_config *cfg = conf->conns[i];
		struct diag pd;
		if (!conn_config_check_proposals(cfg, &pd)) {
			fprintf(stderr, "%s:%u: conn %s: %s\n", cfg->file, cfg->line, cfg->name, pd.msg);
			nerr++;
		}
	}
	ipsec_conf_free(conf);
	if (nerr > 0) {
		diag(d, "%s: %zu error%s", file, nerr, nerr == 1 ? "" : "s");
		return PLUTO_CONFIG_ERROR;
	}
	return PLUTO_CONFIG_OK;
}
