/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * updown_run(): the PLUTO_* environment an updown script sees (Libreswan's
 * names and values), the -host/-client/-v6 verb suffixes, the script's
 * exit status, and the timeout that kills a script that hangs.  The
 * script here writes its PLUTO_* variables to a file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "connection_resolve.h"
#include "connections_internal.h"
#include "route_lookup.h"
#include "state.h"
#include "test_files.h"
#include "updown_exec.h"

#include <event2/event.h>

/* ---- test doubles for the SA layer ---- */

struct ike_env *ike_env_default;

void ike_terminate_connection(struct connection *c)
{
}

void states_visit(state_visit_fn *fn, void *arg)
{
}

bool child_sa_traffic(const struct child_sa *child, uint64_t *in_bytes, uint64_t *out_bytes,
		      struct diag *d)
{
	*in_bytes = 84;
	*out_bytes = 168;
	return true;
}

/* ---- a made-up routing table for PLUTO_NEXT_HOP ---- */

/* 192.1.2.0/24 is on-link; 192.1.3.0/24 is behind the router
 * 192.1.2.1; 192.9.9.9 has no route at all. */
static bool fake_route_gateway(const struct ip_address *dst, struct ip_address *gateway,
			       struct diag *d)
{
	memset(gateway, 0, sizeof(*gateway));
	if (dst->family == AF_INET && dst->bytes[0] == 192 && dst->bytes[1] == 9)
		return diag(d, "route lookup: Network is unreachable");
	if (dst->family == AF_INET && dst->bytes[2] == 3) {
		gateway->family = AF_INET;
		memcpy(gateway->bytes, "\xc0\x01\x02\x01", 4);
	}
	return true;
}

static struct host_facts host;
static struct ipsec_conf *conf;
static char *dir;
static char env_text[8192];

static struct ip_address addr(const char *text)
{
	struct ip_address a;
	struct diag d;

	if (!ip_address_parse(text, &a, &d))
		fail_msg("%s", d.msg);
	return a;
}

static int setup(void **state)
{
	memset(&host, 0, sizeof(host));
	host.addrs[host.nr_addrs++] = addr("192.1.2.45");
	host.addrs[host.nr_addrs++] = addr("2001:db8:1:2::45");
	connections_set_host_facts(&host);
	dir = test_dir_create();
	/* The script: its PLUTO_* environment, sorted, into env.txt; then
	 * whatever EXTRA says (exit codes, hanging). */
	char script[512];
	snprintf(script, sizeof(script),
		 "env | grep '^PLUTO_' | sort > %s/env.txt\n"
		 "echo \"a line on stdout\"\n"
		 "[ -f %s/extra.sh ] && . %s/extra.sh\n"
		 "exit 0\n", dir, dir, dir);
	test_file_write(dir, "dump.sh", script);
	updown_set_timeout_ms(0);
	updown_set_route_gateway_fn(fake_route_gateway);
	return 0;
}

static int teardown(void **state)
{
	connections_delete_all();
	ipsec_conf_free(conf);
	conf = NULL;
	test_dir_remove(dir);
	updown_set_route_gateway_fn(NULL);
	return 0;
}

static struct connection *add_conn(const char *body)
{
	char text[2048];
	struct diag_list errors = { 0 };
	struct diag d;

	snprintf(text, sizeof(text), "conn c\n%s\tleftupdown=\"sh %s/dump.sh\"\n\tauthby=secret\n",
		 body, dir);
	ipsec_conf_free(conf);
	conf = ipsec_conf_load_buffer("test.conf", text, strlen(text), false, &errors);
	assert_non_null(conf);
	for (size_t i = 0; i < errors.count; i++)
		print_message("conf: %s\n", errors.items[i].msg);
	diag_list_free(&errors);
	const struct conn_config *cfg = ipsec_conf_find(conf, "c", &d);
	if (cfg == NULL || !connection_add(NULL, cfg, &d))
		fail_msg("%s", d.msg);
	return connection_find_by_name("c");
}

static void read_env(void)
{
	FILE *f = fopen(test_path(dir, "env.txt"), "r");
	size_t n;

	assert_non_null(f);
	n = fread(env_text, 1, sizeof(env_text) - 1, f);
	env_text[n] = '\0';
	fclose(f);
}

/* VAR=VALUE is a whole line of the script's environment. */
static void assert_env(const char *line)
{
	char want[512];

	snprintf(want, sizeof(want), "\n%s\n", line);
	char *copy = malloc(strlen(env_text) + 2);
	assert_non_null(copy);
	sprintf(copy, "\n%s", env_text);
	if (strstr(copy, want) == NULL)
		fail_msg("no '%s' in:\n%s", line, env_text);
	free(copy);
}

static void test_route_client_environment(void **state)
{
	struct connection *c = add_conn("\tleft=192.1.2.45\n\tleftid=@west\n\tleftsubnet=192.0.1.0/24\n"
					"\tright=192.1.2.23\n\trightid=@east\n"
					"\trightsubnet=192.0.2.0/24\n\tleftnexthop=192.1.2.254\n");
	char reqid[64];

	assert_true(updown_run(c, NULL, "route"));
	read_env();
	assert_env("PLUTO_VERB=route-client");
	assert_env("PLUTO_CONNECTION=c");
	assert_env("PLUTO_ME=192.1.2.45");
	assert_env("PLUTO_MY_ID=@west");
	assert_env("PLUTO_MY_CLIENT=192.0.1.0/24");
	assert_env("PLUTO_MY_CLIENT_NET=192.0.1.0");
	assert_env("PLUTO_MY_CLIENT_MASK=255.255.255.0");
	assert_env("PLUTO_PEER=192.1.2.23");
	assert_env("PLUTO_PEER_ID=@east");
	assert_env("PLUTO_PEER_CLIENT=192.0.2.0/24");
	assert_env("PLUTO_NEXT_HOP=192.1.2.254");
	assert_env("PLUTO_CONN_ADDRFAMILY=ipv4");
	assert_env("PLUTO_SA_TYPE=none");
	snprintf(reqid, sizeof(reqid), "PLUTO_SA_REQID=%u", c->reqid);
	assert_env(reqid);
}

static void test_up_host_with_child(void **state)
{
	struct connection *c = add_conn("\tleft=192.1.2.45\n\tright=192.1.2.23\n\ttype=transport\n");
	struct ike_sa ike = { .serial = 1, .c = c, .local = addr("192.1.2.45"),
			      .remote = addr("192.1.2.23") };
	struct child_sa child = { .serial = 2, .ike = &ike, .c = c, .reqid = 16388,
				  .established_at = 1234567890,
				  .local_ts = c->local.selectors[0],
				  .remote_ts = c->remote.selectors[0] };
	struct diag d;

	assert_true(id_parse("@east", &ike.peer_id, &d));
	assert_true(updown_run(c, &child, "up"));
	read_env();
	assert_env("PLUTO_VERB=up-host");
	assert_env("PLUTO_PEER_ID=@east");
	assert_env("PLUTO_MY_ID=192.1.2.45");	/* no leftid=: the address */
	assert_env("PLUTO_MY_CLIENT=192.1.2.45/32");
	assert_env("PLUTO_SA_REQID=16388");
	assert_env("PLUTO_SA_TYPE=ESP");
	assert_env("PLUTO_ADDTIME=1234567890");
	assert_env("PLUTO_NEXT_HOP=192.1.2.23");	/* no nexthop: the peer */
	/* down tells the script how much went through */
	assert_true(updown_run(c, &child, "down"));
	read_env();
	assert_env("PLUTO_VERB=down-host");
	assert_env("PLUTO_INBYTES=84");
	assert_env("PLUTO_OUTBYTES=168");
}

/* The next hop when leftnexthop= is not given: the gateway of the
 * route to the peer (a peer behind a router, or behind a NAT, is not
 * on-link, and "via PEER" would be refused); the peer itself when it is
 * on-link or its route cannot be found. */
static void test_next_hop_from_the_route(void **state)
{
	static const struct { const char *peer, *nexthop, *want; } cases[] = {
		{ "192.1.3.33", NULL, "192.1.2.1" },		/* behind a router */
		{ "192.1.3.33", "192.1.2.254", "192.1.2.254" },	/* leftnexthop= wins */
		{ "192.1.2.23", NULL, "192.1.2.23" },		/* on-link */
		{ "192.9.9.9", NULL, "192.9.9.9" },		/* no route */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char body[512], want[128];
		snprintf(body, sizeof(body),
			 "\tleft=192.1.2.45\n\tright=%s\n\trightsubnet=192.0.2.0/24\n%s%s%s",
			 cases[i].peer, cases[i].nexthop != NULL ? "\tleftnexthop=" : "",
			 cases[i].nexthop != NULL ? cases[i].nexthop : "",
			 cases[i].nexthop != NULL ? "\n" : "");
		struct connection *c = add_conn(body);
		assert_true(updown_run(c, NULL, "prepare"));
		read_env();
		snprintf(want, sizeof(want), "PLUTO_NEXT_HOP=%s", cases[i].want);
		assert_env(want);
		connections_delete_all();
	}
}

static void test_ipv6_suffix(void **state)
{
	struct connection *c = add_conn("\tleft=2001:db8:1:2::45\n\tleftsubnet=2001:db8:0:1::/64\n"
					"\tright=2001:db8:1:2::23\n\trightsubnet=2001:db8:0:2::/64\n");

	assert_true(updown_run(c, NULL, "prepare"));
	read_env();
	assert_env("PLUTO_VERB=prepare-client-v6");
	assert_env("PLUTO_CONN_ADDRFAMILY=ipv6");
	assert_env("PLUTO_MY_CLIENT_MASK=ffff:ffff:ffff:ffff::");
}

static void test_failure_and_timeout(void **state)
{
	struct connection *c = add_conn("\tleft=192.1.2.45\n\tright=192.1.2.23\n");

	test_file_write(dir, "extra.sh", "exit 3\n");
	assert_false(updown_run(c, NULL, "up"));
	/* A script that hangs is killed at the deadline, not waited for. */
	test_file_write(dir, "extra.sh", "sleep 30\n");
	updown_set_timeout_ms(300);
	time_t start = time(NULL);
	assert_false(updown_run(c, NULL, "up"));
	assert_true(time(NULL) - start < 10);
}

static void test_disabled(void **state)
{
	struct connection *c = add_conn("\tleft=192.1.2.45\n\tright=192.1.2.23\n");

	/* leftupdown=%disabled: nothing runs, and that is success */
	free(c->config->left.updown);
	c->config->left.updown = NULL;
	c->local.updown = NULL;
	test_file_write(dir, "extra.sh", "exit 3\n");
	assert_true(updown_run(c, NULL, "up"));
	assert_null(fopen(test_path(dir, "env.txt"), "r"));
}

/* In the daemon a responder's scripts run in the background, one at a
 * time, in the order asked: the caller is not held up, and a later
 * script never overtakes an earlier one. */
static void test_queued_in_order(void **state)
{
	struct connection *c = add_conn("\tleft=192.1.2.45\n\tright=192.1.2.23\n");
	struct ike_sa ike = { .serial = 1, .c = c, .local = addr("192.1.2.45"),
			      .remote = addr("192.1.2.23") };
	struct child_sa child = { .serial = 2, .ike = &ike, .c = c,
				  .local_ts = c->local.selectors[0],
				  .remote_ts = c->remote.selectors[0] };
	struct event_base *base = event_base_new();
	char extra[512];

	assert_non_null(base);
	/* Each run appends its verb to order.txt, slowly. */
	snprintf(extra, sizeof(extra), "sleep 0.2; echo $PLUTO_VERB >> %s/order.txt\n", dir);
	test_file_write(dir, "extra.sh", extra);
	updown_set_event_base(base);
	time_t t0 = time(NULL);
	assert_true(updown_run(c, &child, "up"));
	assert_true(updown_run(c, &child, "down"));
	assert_true(updown_run(c, &child, "up"));
	assert_true(time(NULL) - t0 < 1);			/* nothing waited */
	assert_null(fopen(test_path(dir, "order.txt"), "r"));	/* nothing finished yet */
	event_base_dispatch(base);	/* returns when no script is left */
	FILE *f = fopen(test_path(dir, "order.txt"), "r");
	char got[128] = "";
	assert_non_null(f);
	size_t n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	assert_string_equal(got, "up-host\ndown-host\nup-host\n");
	/* A hung one is killed at its deadline by the loop too. */
	test_file_write(dir, "extra.sh", "sleep 30\n");
	updown_set_timeout_ms(300);
	t0 = time(NULL);
	assert_true(updown_run(c, &child, "up"));
	event_base_dispatch(base);
	assert_true(time(NULL) - t0 < 10);
	updown_set_event_base(NULL);
	event_base_free(base);
}

/* Someone waiting (a whack on the IKE SA, or a route verb without a
 * Child SA): the script has run, after those queued before it, when
 * updown_run() returns. */
static void test_waited_for_runs_now_in_order(void **state)
{
	struct connection *c = add_conn("\tleft=192.1.2.45\n\tright=192.1.2.23\n");
	struct ike_sa ike = { .serial = 1, .c = c };
	struct child_sa child = { .serial = 2, .ike = &ike, .c = c,
				  .local_ts = c->local.selectors[0],
				  .remote_ts = c->remote.selectors[0] };
	struct event_base *base = event_base_new();
	char extra[512];

	snprintf(extra, sizeof(extra), "echo $PLUTO_VERB >> %s/order.txt\n", dir);
	test_file_write(dir, "extra.sh", extra);
	updown_set_event_base(base);
	assert_true(updown_run(c, &child, "down"));		/* queued */
	ike.whack = (struct whack_ctx *)&ike;	/* opaque: someone waits */
	assert_true(updown_run(c, &child, "up"));		/* runs now, after "down" */
	FILE *f = fopen(test_path(dir, "order.txt"), "r");
	char got[128] = "";
	assert_non_null(f);
	size_t n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	assert_string_equal(got, "down-host\nup-host\n");
	/* `ipsec down` waits for the queue before it answers */
	ike.whack = NULL;
	assert_true(updown_run(c, &child, "down"));
	updown_wait();
	f = fopen(test_path(dir, "order.txt"), "r");
	assert_non_null(f);
	n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	assert_string_equal(got, "down-host\nup-host\ndown-host\n");
	test_file_write(dir, "extra.sh", "exit 3\n");
	assert_false(updown_run(c, NULL, "route"));	/* no Child SA: waited for */
	updown_set_event_base(NULL);
	event_base_free(base);
}

/* Shutdown: what is queued still runs, synchronously. */
static void test_flush_runs_the_queue(void **state)
{
	struct connection *c = add_conn("\tleft=192.1.2.45\n\tright=192.1.2.23\n");
	struct ike_sa ike = { .serial = 1, .c = c };
	struct child_sa child = { .serial = 2, .ike = &ike, .c = c,
				  .local_ts = c->local.selectors[0],
				  .remote_ts = c->remote.selectors[0] };
	struct event_base *base = event_base_new();
	char extra[512];

	snprintf(extra, sizeof(extra), "echo $PLUTO_VERB >> %s/order.txt\n", dir);
	test_file_write(dir, "extra.sh", extra);
	updown_set_event_base(base);
	assert_true(updown_run(c, &child, "up"));
	assert_true(updown_run(c, &child, "down"));
	updown_flush();
	FILE *f = fopen(test_path(dir, "order.txt"), "r");
	char got[128] = "";
	assert_non_null(f);
	size_t n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	assert_string_equal(got, "up-host\ndown-host\n");
	/* flush leaves synchronous mode behind */
	test_file_write(dir, "extra.sh", "exit 3\n");
	assert_false(updown_run(c, &child, "up"));
	event_base_free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_route_client_environment),
		T(test_up_host_with_child),
		T(test_next_hop_from_the_route),
		T(test_ipv6_suffix),
		T(test_failure_and_timeout),
		T(test_disabled),
		T(test_queued_in_order),
		T(test_waited_for_runs_now_in_order),
		T(test_flush_runs_the_queue),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
