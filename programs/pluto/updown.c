/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a connection's updown script (leftupdown=, default
 * "ipsec _updown") with Libreswan's PLUTO_* environment.
 *
 * The script runs under /bin/sh -c, as Libreswan runs it, with pluto's
 * environment plus the PLUTO_* variables; updown_exec.c runs it (in
 * order, in the background of the daemon's loop, killed at a deadline)
 * and logs its output line by line.
 *
 * "ipsec _NAME" is run as EXECDIR/_NAME directly: that is all the ipsec
 * command would do with it, and /usr/sbin/ipsec may be another IKE
 * implementation's on a machine that has several.
 */
#include <net/if.h>
#include <stdarg.h>
#include <ifaddrs.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "connections_internal.h"
#include "log.h"
#include "route_lookup.h"
#include "state.h"
#include "updown_exec.h"


/* How PLUTO_NEXT_HOP finds the route to the peer (a test replaces it). */
static route_gateway_fn *route_gateway = route_gateway_to;

void updown_set_route_gateway_fn(route_gateway_fn *fn)
{
	route_gateway = fn != NULL ? fn : route_gateway_to;
}

struct updown_env {
	unsigned count;
	char *vars[UPDOWN_ENV_MAX];
};

static void env_add(struct updown_env *e, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void env_add(struct updown_env *e, const char *name, const char *fmt, ...)
{
	char value[512];
	va_list ap;

	if (e->count >= UPDOWN_ENV_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	size_t n = strlen(name) + 1 + strlen(value) + 1;
	char *v = malloc(n);
	if (v == NULL)
		return;
	snprintf(v, n, "%s=%s", name, value);
	e->vars[e->count++] = v;
}

static void env_free(struct updown_env *e)
{
	for (unsigned i = 0; i < e->count; i++)
		free(e->vars[i]);
	e->count = 0;
}

/* The interface carrying A ("" when none does). */
static void interface_of(const struct ip_address *a, char name[IF_NAMESIZE + 1])
{
	struct ifaddrs *list;

	name[0] = '\0';
	if (getifaddrs(&list) < 0)
		return;
	for (struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next) {
		struct ip_address x = { 0 };
		if (ifa->ifa_addr == NULL)
			continue;
		if (ifa->ifa_addr->sa_family == AF_INET && a->family == AF_INET) {
			x.family = AF_INET;
			memcpy(x.bytes, &((const struct sockaddr_in *)(const void *)ifa->ifa_addr)->sin_addr, 4);
		} else if (ifa->ifa_addr->sa_family == AF_INET6 && a->family == AF_INET6) {
			x.family = AF_INET6;
			memcpy(x.bytes, &((const struct sockaddr_in6 *)(const void *)ifa->ifa_addr)->sin6_addr, 16);
		} else {
			continue;
		}
		if (ip_address_eq(&x, a)) {
			snprintf(name, IF_NAMESIZE + 1, "%s", ifa->ifa_name);
			break;
		}
	}
	freeifaddrs(list);
}

static void add_client(struct updown_env *e, const char *prefix, const struct ip_selector *s)
{
	char buf[IP_FMT_BUF], var[48];
	struct ip_address mask = { .family = s->subnet.addr.family };
	size_t len = ip_address_len(&mask);

	for (size_t i = 0; i < len; i++) {
		unsigned bits = s->subnet.prefix_len > i * 8 ? s->subnet.prefix_len - i * 8 : 0;
		mask.bytes[i] = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
	}
	snprintf(var, sizeof(var), "%s_CLIENT", prefix);
	env_add(e, var, "%s", ip_subnet_fmt(&s->subnet, buf));
	snprintf(var, sizeof(var), "%s_CLIENT_NET", prefix);
	env_add(e, var, "%s", ip_address_fmt(&s->subnet.addr, buf));
	snprintf(var, sizeof(var), "%s_CLIENT_MASK", prefix);
	env_add(e, var, "%s", ip_address_fmt(&mask, buf));
	snprintf(var, sizeof(var), "%s_PORT", prefix);
	env_add(e, var, "%u", s->port);
	snprintf(var, sizeof(var), "%s_PROTOCOL", prefix);
	env_add(e, var, "%u", s->ipproto);
}

/* "up" -> "up-host" or "up-client": -host when our end's traffic is
 * just this host; "-v6" added for IPv6 (Libreswan's rule). */
static void full_verb(const struct connection *c, const struct ip_selector *mine,
		      const char *verb, char out[32])
{
	if (strchr(verb, '-') != NULL) {
		snprintf(out, 32, "%s", verb);
		return;
	}
	struct ip_subnet host = ip_subnet_from_address(&c->local.host);
	bool is_host = ip_subnet_eq(&mine->subnet, &host);
	snprintf(out, 32, "%s-%s%s", verb, is_host ? "host" : "client",
		 c->local.host.family == AF_INET6 ? "-v6" : "");
}

static void build_env(const struct connection *c, const struct child_sa *child, const char *verb,
		      struct updown_env *e)
{
	const struct ike_sa *ike = child != NULL ? child->ike : NULL;
	const struct ip_address *me = ike != NULL ? &ike->local : &c->local.host;
	const struct ip_address *peer = ike != NULL ? &ike->remote : &c->remote.host;
	const struct ip_selector *mine = child != NULL ? &child->local_ts : &c->local.selectors[0];
	const struct ip_selector *theirs = child != NULL ? &child->remote_ts : &c->remote.selectors[0];
	char buf[IP_FMT_BUF], idb[ID_FMT_BUF], fv[32], ifname[IF_NAMESIZE + 1];
	struct id id;

	full_verb(c, mine, verb, fv);
	env_add(e, "PLUTO_VERSION", "2.0");
	env_add(e, "PLUTO_VERB", "%s", fv);
	env_add(e, "PLUTO_CONNECTION", "%s", c->name);
	env_add(e, "PLUTO_CONN_KIND", "%s", c->kind == CK_INSTANCE ? "CK_INSTANCE" :
					  c->kind == CK_TEMPLATE ? "CK_TEMPLATE" : "CK_PERMANENT");
	env_add(e, "PLUTO_CONN_ADDRFAMILY", "%s", me->family == AF_INET6 ? "ipv6" : "ipv4");
	env_add(e, "PLUTO_CONN_POLICY", "%s+ENCRYPT+%s%s",
		c->config->authby == AUTHBY_NULL ? "AUTHNULL" : "PSK",
		c->config->type == TYPE_TRANSPORT ? "TRANSPORT" : "TUNNEL",
		c->config->pfs ? "+PFS" : "");
	env_add(e, "PLUTO_STACK", "xfrm");
	interface_of(me, ifname);
	env_add(e, "PLUTO_INTERFACE", "%s", ifname);
	struct ip_address next_hop = route_next_hop(&c->local.nexthop, peer, route_gateway);
	env_add(e, "PLUTO_NEXT_HOP", "%s", ip_address_fmt(&next_hop, buf));
	env_add(e, "PLUTO_ME", "%s", ip_address_fmt(me, buf));
	id = c->local.id.kind != ID_NONE ? c->local.id : id_from_address(me);
	env_add(e, "PLUTO_MY_ID", "%s", id_fmt(&id, idb));
	add_client(e, "PLUTO_MY", mine);
	if (ip_address_is_set(&c->local.sourceip))
		env_add(e, "PLUTO_MY_SOURCEIP", "%s", ip_address_fmt(&c->local.sourceip, buf));
	env_add(e, "PLUTO_PEER", "%s", ip_address_fmt(peer, buf));
	if (ike != NULL && ike->peer_id.kind != ID_NONE)
		id = ike->peer_id;
	else
		id = c->remote.id.kind != ID_NONE || !ip_address_is_set(peer) ? c->remote.id
									       : id_from_address(peer);
	env_add(e, "PLUTO_PEER_ID", "%s", id_fmt(&id, idb));
	add_client(e, "PLUTO_PEER", theirs);
	env_add(e, "PLUTO_SA_REQID", "%u", child != NULL && child->reqid != 0 ? child->reqid : c->reqid);
	env_add(e, "PLUTO_SA_TYPE", "%s", child != NULL ? "ESP" : "none");
	if (child != NULL)
		env_add(e, "PLUTO_ADDTIME", "%lld", (long long)child->established_at);
	if (c->config->metric != 0)
		env_add(e, "PLUTO_METRIC", "%u", c->config->metric);
	if (c->config->mtu != 0)
		env_add(e, "PLUTO_MTU", "%u", c->config->mtu);
	env_add(e, "PLUTO_IS_PEER_CISCO", "0");
	env_add(e, "PLUTO_NM_CONFIGURED", "0");
	if (child != NULL && strncmp(fv, "down", 4) == 0) {
		uint64_t in = 0, out = 0;
		struct diag d;
		if (child_sa_traffic(child, &in, &out, &d)) {
			env_add(e, "PLUTO_INBYTES", "%llu", (unsigned long long)in);
			env_add(e, "PLUTO_OUTBYTES", "%llu", (unsigned long long)out);
		}
	}
}

/* Where "ipsec _updown" lives: beside pluto when it is there (a build
 * tree, or the harness's libexec), else the install's libexec. */
static void execdir(char out[PATH_MAX])
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash != NULL) {
			*slash = '\0';
			char probe[PATH_MAX + 16];
			snprintf(probe, sizeof(probe), "%s/_updown", self);
			if (access(probe, X_OK) == 0) {
				snprintf(out, PATH_MAX, "%s", self);
				return;
			}
		}
	}
	snprintf(out, PATH_MAX, "%s", XSWAN_LIBEXECDIR);
}

/* The command line to give /bin/sh. */
static bool updown_command(const char *configured, char *out, size_t cap)
{
	/* "ipsec _updown ARGS" -> "EXECDIR/_updown ARGS" */
	if (strncmp(configured, "ipsec _", 7) == 0) {
		char dir[PATH_MAX];
		execdir(dir);
		const char *rest = configured + 6;	/* "_updown ..." */
		return (size_t)snprintf(out, cap, "%s/%s", dir, rest) < cap;
	}
	return (size_t)snprintf(out, cap, "%s", configured) < cap;
}

bool updown_run(const struct connection *c, const struct child_sa *child, const char *verb)
{
	char cmd[1024], name[CONNECTION_NAME_BUF], who[CONNECTION_NAME_BUF + 48];

	if (c == NULL || c->local.updown == NULL || c->local.updown[0] == '\0')
		return true;	/* leftupdown=%disabled */
	if (!updown_command(c->local.updown, cmd, sizeof(cmd))) {
		llog("%s: updown command is too long", connection_name(c, name));
		return false;
	}
	/* Everything the script needs is copied now: the SA may be gone by
	 * the time a queued script runs. */
	struct updown_env e = { 0 };
	build_env(c, child, verb, &e);
	const char *fv = e.vars[1] + strlen("PLUTO_VERB=");
	if (child != NULL)
		snprintf(who, sizeof(who), "%s #%lu: updown %s", connection_name(c, name),
			 child->serial, fv);
	else
		snprintf(who, sizeof(who), "%s: updown %s", connection_name(c, name), fv);

	struct updown_job *job = calloc(1, sizeof(*job));
	if (job == NULL || (job->cmd = strdup(cmd)) == NULL || (job->who = strdup(who)) == NULL) {
		llog("%s: out of memory", who);
		if (job != NULL)
			free(job->cmd);
		free(job);
		env_free(&e);
		return false;
	}
	for (unsigned i = 0; i < e.count; i++)
		job->vars[i] = e.vars[i];	/* the job owns them now */
	job->nvars = e.count;
	/* Someone waits for this (`ipsec up` on a whack, or `ipsec route`):
	 * the routes must be in place before they hear it worked.  A
	 * responder's scripts run in the background instead, so its answer
	 * to the peer does not wait for them. */
	bool wait = child == NULL || (child->ike != NULL && child->ike->whack != NULL);
	return updown_exec(job, wait);
}
