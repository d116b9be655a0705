/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>

#include "iface_udp.h"
#include "log.h"
#include "server.h"
#include "status.h"
#include "whack_server.h"

void status_set_section(struct pluto *p, enum status_section s,
			status_section_fn *fn)
{
	if ((unsigned)s < STATUS_SECTION_ROOF)
		p->status_sections[s] = fn;
}

void status_set_setup_lines(struct pluto *p, status_section_fn *fn)
{
	p->status_setup_lines = fn;
}

static void print_one_interface(void *arg, const struct iface_udp *ifp)
{
	struct whack_ctx *w = arg;
	char a[IFACE_ADDRESS_TEXT];
	const struct ip_address *addr = iface_udp_address(ifp);

	iface_address_text(addr, a);
	whack_printf(w, addr->family == AF_INET6 ? "interface %s [%s]:UDP/%u%s"
						 : "interface %s %s:UDP/%u%s",
		     iface_udp_name(ifp), a, iface_udp_port(ifp),
		     iface_udp_is_natt(ifp) ? " (NAT)" : "");
}

void status_interfaces(struct pluto *p, struct whack_ctx *w)
{
	ifaces_visit(p->ifaces, print_one_interface, w);
}

void status_setup(struct pluto *p, struct whack_ctx *w)
{
	const struct pluto_options *o = p->opts;
	char debug[80] = "none";
	unsigned classes = log_debug_classes();

	if (classes == DBG_ALL)
		snprintf(debug, sizeof(debug), "all");
	else if (classes != 0)
		snprintf(debug, sizeof(debug), "0x%x", classes);
	whack_printf(w, "config setup options:");
	whack_printf(w, "%s", "");
	whack_printf(w, "configfile=%s, secrets=%s, ipsecdir=%s",
		     o->config_file, o->secrets_file, o->ipsecdir);
	whack_printf(w, "nssdir=%s, rundir=%s, ctlsocket=%s",
		     o->nssdir, o->rundir, o->ctl_path);
	whack_printf(w, "ikeport=%u, nat-ikeport=%u, listen=%s",
		     o->ikeport, o->natikeport,
		     o->nr_listen == 0 ? "<any>" : o->listen[0]);
	for (unsigned i = 1; i < o->nr_listen; i++)
		whack_printf(w, "listen=%s", o->listen[i]);
	whack_printf(w, "logfile='%s', plutodebug=%s",
		     o->logfile != NULL ? o->logfile : "<stderr>", debug);
	if (p->status_setup_lines != NULL)
		p->status_setup_lines(p, w);
}

void status_print(struct pluto *p, struct whack_ctx *w)
{
	bool first = true;

	for (unsigned s = 0; s < STATUS_SECTION_ROOF; s++) {
		if (p->status_sections[s] == NULL)
			continue;
		if (!first)
			whack_printf(w, "%s", "");
		first = false;
		p->status_sections[s](p, w);
	}
}
