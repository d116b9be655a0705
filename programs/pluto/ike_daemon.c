/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IKE layer inside the daemon: NSS, the kernel backend and its event
 * socket, the per-socket IKE bypass, the demux callback and the way SAs
 * send (the UDP socket of their local address and port).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "connections.h"
#include "crypto/crypto_nss.h"
#include "iface_udp.h"
#include "ipsec_conf.h"
#include "ikev2.h"
#include "ikev2_rekey.h"
#include "kernel.h"
#include "log.h"
#include "server.h"
#include "whack_server.h"

static struct ike_env daemon_env;
static struct event *kernel_event;
static uint32_t nat_keepalive_s;	/* config setup keep-alive= */

static bool daemon_bypass(int fd, int family, struct diag *d)
{
	if (daemon_env.kernel == NULL)
		return true;	/* no backend: no policies to bypass either */
	return daemon_env.kernel_ops->bypass_socket(daemon_env.kernel, fd, family, d);
}

struct iface_search {
	const struct ip_address *addr;
	uint16_t port;
	const struct iface_udp *found;
};

static void iface_match(void *arg, const struct iface_udp *ifp)
{
	struct iface_search *s = arg;

	if (s->found == NULL && iface_udp_port(ifp) == s->port &&
	    ip_address_eq(iface_udp_address(ifp), s->addr))
		s->found = ifp;
}

static bool daemon_send(struct ike_env *env, struct ike_sa *ike, const uint8_t *msg, size_t len,
			struct diag *d)
{
	struct pluto *p = env->send_ctx;
	const struct iface_udp *ifp = ike->iface;

	if (ifp == NULL || iface_udp_port(ifp) != ike->local_port ||
	    !ip_address_eq(iface_udp_address(ifp), &ike->local)) {
		struct iface_search s = { .addr = &ike->local, .port = ike->local_port };
		ifaces_visit(p->ifaces, iface_match, &s);
		ifp = s.found;
		if (ifp == NULL) {
			char ep[IP_FMT_BUF];
			return diag(d, "no IKE socket is open on %s (ipsec whack --listen?)",
				    endpoint_fmt(&ike->local, ike->local_port, ep));
		}
		ike->iface = ifp;
	}
	return iface_udp_send(ifp, &ike->remote, ike->remote_port, msg, len, d);
}

/* NAT keepalive: the socket of the SA's local address and port, no marker. */
static bool daemon_send_raw(struct ike_env *env, struct ike_sa *ike, const uint8_t *msg,
			    size_t len, struct diag *d)
{
	struct pluto *p = env->send_ctx;
	struct iface_search s = { .addr = &ike->local, .port = ike->local_port };

	ifaces_visit(p->ifaces, iface_match, &s);
	if (s.found == NULL)
		return diag(d, "no IKE socket on the SA's address");
	return iface_udp_send_raw(s.found, &ike->remote, ike->remote_port, msg, len, d);
}

static void kernel_mapping(void *ctx, const struct kernel_mapping *m)
{
	ike_kernel_mapping(&daemon_env, m);
}

static void kernel_unknown_spi(void *ctx, const struct kernel_unknown_spi *u)
{
	ike_unknown_spi(&daemon_env, u);
}

static void daemon_echo(struct whack_ctx *w, const char *line)
{
	whack_printf(w, "%s", line);
}

static void daemon_whack_done(struct whack_ctx *w, bool ok)
{
	whack_finish(w, ok ? WHACK_RC_OK : 1);
}

static void demux_cb(void *arg, const struct iface_datagram *dg)
{
	ikev2_demux(arg, dg->ptr, dg->len, &dg->local, dg->local_port, &dg->remote,
		    dg->remote_port, dg->iface);
}

static void kernel_expire(void *ctx, const struct kernel_expire *e)
{
	char a[IP_FMT_BUF];

	llog("kernel: %s expire for SPI 0x%08x to %s (reqid %u)", e->hard ? "hard" : "soft",
	     e->spi, ip_address_fmt(&e->dst, a), e->reqid);
	/* Soft: rekey the Child SA; hard: it is gone, delete it. */
	rekey_kernel_expire(&daemon_env, e);
}

/* Activate-on-receipt switched a rekeyed Child SA's outbound SA. */
static void kernel_activated(void *ctx, const struct kernel_activated *a)
{
	rekey_kernel_activated(&daemon_env, a);
}

/* A packet hit a trap policy (auto=ondemand, ipsec route): start the
 * connection whose reqid the policy's template carries. */
static void kernel_acquire(void *ctx, const struct kernel_acquire *a)
{
	char s[IP_FMT_BUF], t[IP_FMT_BUF], name[CONNECTION_NAME_BUF];
	struct diag d;

	/* Formatted here, not inside ldbg(): the llog() below needs them
	 * when debugging is off too. */
	ip_address_fmt(&a->src, s);
	ip_address_fmt(&a->dst, t);
	ldbg(DBG_KERNEL, "kernel: acquire %s -> %s (reqid %u)", s, t, a->reqid);
	if (a->reqid == 0)
		return;
	for (struct connection *c = connections_first(); c != NULL; c = c->next) {
		if (c->reqid != a->reqid || c->routing != RT_ROUTED_ONDEMAND)
			continue;
		if (c->newest_ike_sa != 0 && ike_sa_by_serial(c->newest_ike_sa) != NULL)
			return;	/* already negotiating */
		llog("%s: initiating on demand: packet %s -> %s", connection_name(c, name), s, t);
		if (ike_initiate(c, NULL, &d) == NULL)
			llog("%s: on-demand initiation failed: %s", name, d.msg);
		return;
	}
}

static void kernel_readable(evutil_socket_t fd, short what, void *arg)
{
	struct diag d;

	if (daemon_env.kernel != NULL &&
	    !daemon_env.kernel_ops->process_events(daemon_env.kernel, &d))
		llog("kernel events: %s", d.msg);
}

/* What the IKE layer takes from config setup: uniqueids=, keep-alive=
 * and the ddos-* keywords (the frame checked the file already; a file
 * that does not load keeps the defaults). */
static void read_config_setup(struct pluto *p)
{
	struct diag_list errors = { 0 };
	const char *file = p->opts->config_file;
	struct ipsec_conf *conf = file != NULL && access(file, R_OK) == 0
				  ? ipsec_conf_load(file, &errors) : NULL;

	diag_list_free(&errors);
	nat_keepalive_s = CONF_DEFAULT_KEEP_ALIVE_S;
	if (conf == NULL)
		return;
	daemon_env.uniqueids = conf->setup.uniqueids;
	if (conf->setup.keep_alive_s != 0)
		nat_keepalive_s = conf->setup.keep_alive_s;
	daemon_env.nat_keepalive_ms = (uint64_t)nat_keepalive_s * 1000;
	daemon_env.require_cookie = conf->setup.ddos_mode == DDOS_BUSY;
	daemon_env.never_cookie = conf->setup.ddos_mode == DDOS_UNLIMITED;
	daemon_env.cookie_threshold = conf->setup.ddos_ike_threshold;	/* 0: default */
	daemon_env.half_open_max = conf->setup.max_halfopen_ike;
	ipsec_conf_free(conf);
}

/* `ipsec status`, config setup options: the IKE layer's settings. */
static void status_setup_lines(struct pluto *p, struct whack_ctx *w)
{
	char dos[128];

	(void)p;
	ike_dos_describe(&daemon_env, dos, sizeof(dos));
	whack_printf(w, "uniqueids=%s, %s, ikev1-policy=drop",
		     daemon_env.uniqueids ? "yes" : "no", dos);
}

bool ike_daemon_init(struct pluto *p, struct diag *d)
{
	struct diag kd;

	if (!crypto_nss_init(p->opts->nssdir, true, &kd)) {
		/* PSK and AUTH_NULL need no key database. */
		llog("WARNING: NSS database %s: %s; continuing without it (PSK and AUTH_NULL only)",
		     p->opts->nssdir, kd.msg);
		if (!crypto_nss_init(NULL, true, d))
			return false;
	}
	daemon_env = (struct ike_env){
		.base = p->base,
		.send = daemon_send,
		.send_raw = daemon_send_raw,
		.send_ctx = p,
		.echo = daemon_echo,
		.whack_done = daemon_whack_done,
		.uniqueids = true,
	};
	read_config_setup(p);
	status_set_setup_lines(p, status_setup_lines);
	/* A journal of what we install, so that after a crash the next
	 * pluto removes exactly our leftovers. */
	static char journal[256];
	snprintf(journal, sizeof(journal), "%s/kernel.journal", p->opts->rundir);
	struct kernel_init init = {
		.handlers = { .acquire = kernel_acquire, .sa_expire = kernel_expire,
			      .mapping = kernel_mapping, .unknown_spi = kernel_unknown_spi,
			      .activated = kernel_activated },
		.journal = journal,
	};
	struct kernel_cleanup_stats leftovers = { 0 };
	daemon_env.kernel_ops = &kernel_xfrm_ops;
	daemon_env.kernel = kernel_xfrm_ops.init(&init, &leftovers, &kd);
	if (leftovers.sas_removed + leftovers.policies_removed != 0)
		llog("removed %u SAs and %u policies a previous pluto left in the kernel",
		     leftovers.sas_removed, leftovers.policies_removed);
	if (daemon_env.kernel == NULL) {
		llog("WARNING: kernel backend %s: %s; no Child SA can be installed",
		     kernel_xfrm_ops.name, kd.msg);
	} else {
		llog("using kernel interface: %s", kernel_xfrm_ops.name);
		int fd = kernel_xfrm_ops.event_fd(daemon_env.kernel);
		if (fd >= 0) {
			kernel_event = event_new(p->base, fd, EV_READ | EV_PERSIST, kernel_readable, NULL);
			if (kernel_event != NULL)
				event_add(kernel_event, NULL);
		}
	}
	ifaces_set_bypass(p->ifaces, daemon_bypass);
	ifaces_set_demux(p->ifaces, demux_cb, &daemon_env);
	ike_env_default = &daemon_env;
	return true;
}

void ike_daemon_shutdown(struct pluto *p)
{
	ike_revival_forget_all();
	ike_delete_all(!p->leave_state);
	if (kernel_event != NULL) {
		event_free(kernel_event);
		kernel_event = NULL;
	}
	if (daemon_env.kernel != NULL) {
		struct kernel_cleanup_stats st = { 0 };
		if (!p->leave_state)
			daemon_env.kernel_ops->shutdown(daemon_env.kernel, &st);
		daemon_env.kernel = NULL;
	}
	ike_env_default = NULL;
	crypto_nss_shutdown();
}
