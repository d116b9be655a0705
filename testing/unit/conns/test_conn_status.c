/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Status lines in Libreswan 4.10's shapes: the connection picture, the
 * trafficstatus line, showstates' IKE and Child lines, byte counts.
 * Connections come from ipsec.conf text resolved against a made-up
 * host; SAs are filled in by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "connection_resolve.h"
#include "connection_status.h"
#include "connections_internal.h"
#include "state.h"

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
	return diag(d, "no kernel in unit tests");
}

static struct host_facts host;
static struct ipsec_conf *conf;

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
	return 0;
}

static int teardown(void **state)
{
	connections_delete_all();
	ipsec_conf_free(conf);
	conf = NULL;
	return 0;
}

static struct connection *add_from(const char *text, const char *name)
{
	struct diag_list errors = { 0 };
	struct diag d;

	ipsec_conf_free(conf);
	conf = ipsec_conf_load_buffer("test.conf", text, strlen(text), false, &errors);
	assert_non_null(conf);
	diag_list_free(&errors);
	const struct conn_config *cfg = ipsec_conf_find(conf, name, &d);
	if (cfg == NULL || !connection_add(NULL, cfg, &d))
		fail_msg("%s", d.msg);
	return connection_find_by_name(name);
}

#define WESTNET_EASTNET \
	"conn westnet-eastnet\n" \
	"\tleft=192.1.2.45\n\tleftid=@west\n\tleftsubnet=192.0.1.0/24\n" \
	"\tright=192.1.2.23\n\trightid=@east\n\trightsubnet=192.0.2.0/24\n" \
	"\tauthby=secret\n"

static char lines[16][STATUS_LINE_MAX];
static unsigned n;

static void emit(void *arg, const char *line)
{
	if (n < 16)
		snprintf(lines[n++], STATUS_LINE_MAX, "%s", line);
}

/* The first status line: the brief's example, verbatim. */
static void test_connection_first_line(void **state)
{
	struct connection *c = add_from(WESTNET_EASTNET, "westnet-eastnet");
	c->routing = RT_ROUTED_TUNNEL;
	c->newest_child_sa = 2;
	c->newest_ike_sa = 1;

	n = 0;
	status_conn_lines(c, emit, NULL);
	assert_true(n >= 2);
	assert_string_equal(lines[0], "\"westnet-eastnet\": 192.0.1.0/24===192.1.2.45[@west]..."
				      "192.1.2.23[@east]===192.0.2.0/24; erouted; eroute owner: #2");
	assert_string_equal(lines[1], "\"westnet-eastnet\":     oriented; my_ip=unset; "
				      "their_ip=unset; my_updown=ipsec _updown;");
	bool found_newest = false;
	for (unsigned i = 0; i < n; i++)
		if (strcmp(lines[i], "\"westnet-eastnet\":   newest IKE SA: #1; newest IPsec SA: #2; "
				     "conn serial: $1;") == 0)
			found_newest = true;
	assert_true(found_newest);
}

/* This host's end is printed first even when it is the right end. */
static void test_connection_path_right_is_us(void **state)
{
	struct connection *c = add_from(
		"conn e\n\tleft=192.1.2.23\n\tleftid=@east\n\tleftsubnet=192.0.2.0/24\n"
		"\tright=192.1.2.45\n\trightid=@west\n\trightsubnet=192.0.1.0/24\n\tauthby=secret\n",
		"e");
	char path[256];

	assert_false(c->local_is_left);
	status_conn_path(c, path, sizeof(path));
	assert_string_equal(path, "192.0.1.0/24===192.1.2.45[@west]...192.1.2.23[@east]"
				  "===192.0.2.0/24");
}

static void test_connection_path_hosts_and_any(void **state)
{
	struct connection *c = add_from("conn h\n\tleft=192.1.2.45\n\tright=%any\n"
					"\tleftupdown=%disabled\n\tauthby=null\n", "h");
	char path[256];

	status_conn_path(c, path, sizeof(path));
	/* No ID in brackets when the ID is just the address. */
	assert_string_equal(path, "192.1.2.45...%any");
	assert_null(c->local.updown);
}

static void test_humber(void **state)
{
	char b[32];

	assert_string_equal(status_humber(0, b), "0B");
	assert_string_equal(status_humber(168, b), "168B");
	assert_string_equal(status_humber(1000, b), "1000B");
	assert_string_equal(status_humber(8192, b), "8KB");
	assert_string_equal(status_humber(12345678, b), "12MB");
}

static void test_traffic_line(void **state)
{
	struct connection *c = add_from(WESTNET_EASTNET, "westnet-eastnet");
	struct ike_sa ike = { .serial = 1, .c = c, .remote_port = 500 };
	struct child_sa child = { .serial = 2, .ike = &ike, .c = c,
				  .state = CHILD_STATE_ESTABLISHED,
				  .established_at = 1234567890 };
	char line[STATUS_LINE_MAX];
	struct diag d;

	assert_true(id_parse("@east", &ike.peer_id, &d));
	status_traffic_line(&child, 84, 168, line, sizeof(line));
	assert_string_equal(line, "#2: \"westnet-eastnet\", type=ESP, add_time=1234567890, "
				  "inBytes=84, outBytes=168, maxBytes=2^63B, id='@east'");
	/* ipsec-max-bytes=1MiB: as Libreswan 4.10 prints it. */
	child.kernel_limits.hard_bytes = 1u << 20;
	status_traffic_line(&child, 84, 168, line, sizeof(line));
	assert_string_equal(line, "#2: \"westnet-eastnet\", type=ESP, add_time=1234567890, "
				  "inBytes=84, outBytes=168, maxBytes=1MiB, id='@east'");
}

static void test_max_bytes(void **state)
{
	char buf[32];

	assert_string_equal(status_max_bytes(0, buf), "2^63B");
	assert_string_equal(status_max_bytes(1, buf), "1B");
	assert_string_equal(status_max_bytes(1023, buf), "1023B");
	assert_string_equal(status_max_bytes(1024, buf), "1KiB");
	assert_string_equal(status_max_bytes(1000000, buf), "976KiB");
	assert_string_equal(status_max_bytes(3u << 20, buf), "3MiB");
	assert_string_equal(status_max_bytes((3u << 20) / 2, buf), "1MiB");
	assert_string_equal(status_max_bytes(5ull << 40, buf), "5TiB");
	assert_string_equal(status_max_bytes(1ull << 63, buf), "8EiB");
	assert_string_equal(status_max_bytes(UINT64_MAX, buf), "15EiB");
}

static void test_traffic_line_instance(void **state)
{
	struct connection *t = add_from("conn east-any\n\tleft=192.1.2.45\n\tright=%any\n"
					"\tauthby=secret\n", "east-any");
	struct ip_address peer = addr("192.1.3.33");
	struct connection *c = connection_instantiate(t, &peer);
	struct ike_sa ike = { .serial = 3, .c = c };
	struct child_sa child = { .serial = 4, .ike = &ike, .c = c, .established_at = 5 };
	char line[STATUS_LINE_MAX];

	assert_non_null(c);
	status_traffic_line(&child, 0, 0, line, sizeof(line));
	/* No peer ID yet: no id= part. */
	assert_string_equal(line, "#4: \"east-any\"[1] 192.1.3.33, type=ESP, add_time=5, "
				  "inBytes=0, outBytes=0, maxBytes=2^63B");
}

/* AUTH_NULL: Libreswan names the anonymous ID ID_NULL in status. */
static void test_traffic_line_null_id(void **state)
{
	struct connection *c = add_from("conn anon\n\tleft=192.1.2.45\n\tleftid=%null\n"
					"\tright=192.1.2.23\n\trightid=%null\n\tauthby=null\n",
					"anon");
	struct ike_sa ike = { .serial = 1, .c = c, .peer_id = { .kind = ID_NULL } };
	struct child_sa child = { .serial = 2, .ike = &ike, .c = c, .established_at = 7 };
	char line[STATUS_LINE_MAX], path[256];

	status_traffic_line(&child, 1, 2, line, sizeof(line));
	assert_string_equal(line, "#2: \"anon\", type=ESP, add_time=7, inBytes=1, outBytes=2, "
				  "maxBytes=2^63B, id='ID_NULL'");
	status_conn_path(c, path, sizeof(path));
	assert_string_equal(path, "192.1.2.45[ID_NULL]...192.1.2.23[ID_NULL]");
}

static void test_showstates_lines(void **state)
{
	struct connection *c = add_from(WESTNET_EASTNET, "westnet-eastnet");
	struct ike_sa ike = { .serial = 1, .c = c, .remote_port = 500,
			      .local = addr("192.1.2.45"), .remote = addr("192.1.2.23") };
	struct child_sa child = { .serial = 2, .ike = &ike, .c = c, .spi_in = 0xa1b2c3d4,
				  .spi_out = 0x0e6f7a8b };
	char l1[STATUS_LINE_MAX], l2[STATUS_LINE_MAX];

	c->newest_ike_sa = 1;
	c->newest_child_sa = 2;
	c->routing = RT_ROUTED_TUNNEL;
	status_ike_line(&ike, "STATE_V2_ESTABLISHED_IKE_SA", "established IKE SA", l1, sizeof(l1));
	assert_string_equal(l1, "#1: \"westnet-eastnet\":500 STATE_V2_ESTABLISHED_IKE_SA "
				"(established IKE SA); newest; idle;");
	status_child_lines(&child, "STATE_V2_ESTABLISHED_CHILD_SA", "established Child SA", 84,
			   2048, l1, l2, sizeof(l1));
	assert_string_equal(l1, "#2: \"westnet-eastnet\":500 STATE_V2_ESTABLISHED_CHILD_SA "
				"(established Child SA); newest; eroute owner; IKE SA #1; idle;");
	assert_string_equal(l2, "#2: \"westnet-eastnet\" esp.e6f7a8b@192.1.2.23 "
				"esp.a1b2c3d4@192.1.2.45 tun.0@192.1.2.23 tun.0@192.1.2.45 "
				"Traffic: ESPin=84B ESPout=2KB ESPmax=2^63B");
	/* Transport mode: no tun. entries; an older SA is not "newest". */
	child.transport = true;
	child.serial = 5;
	status_child_lines(&child, "STATE_V2_ESTABLISHED_CHILD_SA", "established Child SA", 0, 0,
			   l1, l2, sizeof(l1));
	assert_string_equal(l1, "#5: \"westnet-eastnet\":500 STATE_V2_ESTABLISHED_CHILD_SA "
				"(established Child SA); IKE SA #1; idle;");
	assert_string_equal(l2, "#5: \"westnet-eastnet\" esp.e6f7a8b@192.1.2.23 "
				"esp.a1b2c3d4@192.1.2.45 Traffic: ESPin=0B ESPout=0B ESPmax=2^63B");
}

/* A cut line stays a terminated string inside its buffer. */
static void test_short_buffer_is_cut(void **state)
{
	struct connection *c = add_from(WESTNET_EASTNET, "westnet-eastnet");
	char path[20];

	memset(path, 'x', sizeof(path));
	status_conn_path(c, path, sizeof(path));
	assert_int_equal(strlen(path), sizeof(path) - 1);
	assert_memory_equal(path, "192.0.1.0/24===192.", sizeof(path) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_connection_first_line),
		T(test_connection_path_right_is_us),
		T(test_connection_path_hosts_and_any),
		T(test_humber),
		T(test_traffic_line),
		T(test_max_bytes),
		T(test_traffic_line_instance),
		T(test_traffic_line_null_id),
		T(test_showstates_lines),
		T(test_short_buffer_is_cut),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
