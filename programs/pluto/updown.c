/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Running a connection's updown script (leftupdown=, default
 * "ipsec _updown") with Libreswan's PLUTO_* environment.
 *
 * The script runs under /bin/sh -c, as Libreswan runs it, with pluto's
 * environment plus the PLUTO_* variables.  pluto waits for it (bounded
 * by UPDOWN_TIMEOUT_MS; then it is killed): the next step (installing
 * or removing a tunnel) must see its routes.  Its output goes to the
 * log line by line.
 *
 * "ipsec _NAME" is run as EXECDIR/_NAME directly: that is all the ipsec
 * command would do with it, and /usr/sbin/ipsec may be another IKE
 * implementation's on a machine that has several.
 */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "connections_internal.h"
#include "log.h"
#include "state.h"

#define UPDOWN_TIMEOUT_MS 30000
static unsigned updown_timeout_ms = UPDOWN_TIMEOUT_MS;

void updown_set_timeout_ms(unsigned ms)
{
	updown_timeout_ms = ms != 0 ? ms : UPDOWN_TIMEOUT_MS;
}
#define UPDOWN_ENV_MAX 48

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
	env_add(e, "PLUTO_NEXT_HOP", "%s",
		ip_address_fmt(ip_address_is_set(&c->local.nexthop) ? &c->local.nexthop : peer, buf));
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

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Read the script's output until EOF or the deadline; log each line. */
static bool drain_output(int fd, const char *who, uint64_t deadline)
{
	char buf[1024];
	size_t used = 0;

	for (;;) {
		uint64_t now = now_ms();
		if (now >= deadline)
			return false;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r = poll(&pfd, 1, (int)(deadline - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		ssize_t n = read(fd, buf + used, sizeof(buf) - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
		char *start = buf, *nl;
		while ((nl = memchr(start, '\n', used - (size_t)(start - buf))) != NULL) {
			*nl = '\0';
			llog("%s: %s", who, start);
			start = nl + 1;
		}
		used -= (size_t)(start - buf);
		memmove(buf, start, used);
		if (used == sizeof(buf) - 1) {	/* an over-long line: log it in pieces */
			buf[used] = '\0';
			llog("%s: %s", who, buf);
			used = 0;
		}
	}
	if (used > 0) {
		buf[used] = '\0';
		llog("%s: %s", who, buf);
	}
	return true;
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
	struct updown_env e = { 0 };
	build_env(c, child, verb, &e);
	if (child != NULL)
		snprintf(who, sizeof(who), "%s #%lu: updown %s", connection_name(c, name),
			 child->serial, e.vars[1] + strlen("PLUTO_VERB="));
	else
		snprintf(who, sizeof(who), "%s: updown %s", connection_name(c, name),
			 e.vars[1] + strlen("PLUTO_VERB="));

	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		llog("%s: pipe: %s", who, strerror(errno));
		env_free(&e);
		return false;
	}
	pid_t pid = fork();
	if (pid < 0) {
		llog("%s: fork: %s", who, strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		env_free(&e);
		return false;
	}
	if (pid == 0) {
		/* Child: output to the pipe, stdin from /dev/null, own
		 * process group so a timeout kills the whole script. */
		setpgid(0, 0);
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, STDIN_FILENO);
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		for (unsigned i = 0; i < e.count; i++)
			putenv(e.vars[i]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	bool finished = drain_output(pipefd[0], who, now_ms() + updown_timeout_ms);
	close(pipefd[0]);
	env_free(&e);
	if (!finished) {
		llog("%s: did not finish within %u ms; killing it", who, updown_timeout_ms);
		kill(-pid, SIGKILL);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			llog("%s: waitpid: %s", who, strerror(errno));
			return false;
		}
	}
	if (!finished)
		return false;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (WIFEXITED(status))
		llog("%s: command exited with status %d", who, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		llog("%s: command killed by signal %d", who, WTERMSIG(status));
	return false;
}
