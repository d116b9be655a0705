/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection layer: which end is us, %defaultroute, %any templates
 * and their instances, reqids, selectors, responder lookup, the PSK
 * glue, and the kernel's route-table lines.  Conns come from real
 * ipsec.conf text (ipsec_conf_load_buffer) and are resolved against a
 * made-up host.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "connection_resolve.h"
#include "connections_internal.h"
#include "kernel.h"
#include "state.h"
#include "test_files.h"

/* ---- test doubles for the SA layer ---- */

struct ike_env *ike_env_default;
static unsigned terminated;
static struct state_ref fake_states[4];
static unsigned nr_fake_states;

void ike_terminate_connection(struct connection *c)
{
	terminated++;
}

void states_visit(state_visit_fn *fn, void *arg)
{
	for (unsigned i = 0; i < nr_fake_states; i++)
		if (!fn(arg, &fake_states[i]))
			return;
}

bool child_sa_traffic(const struct child_sa *child, uint64_t *in_bytes, uint64_t *out_bytes,
		      struct diag *d)
{
	return diag(d, "no kernel in unit tests");
}

/* ---- helpers ---- */

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

static struct id id(const char *text)
{
	struct id i;
	struct diag d;

	if (!id_parse(text, &i, &d))
		fail_msg("%s", d.msg);
	return i;
}

/* The host every test starts from: west of Libreswan's test network. */
static void west_host(void)
{
	memset(&host, 0, sizeof(host));
	host.addrs[host.nr_addrs++] = addr("192.1.2.45");
	host.addrs[host.nr_addrs++] = addr("192.0.1.254");
	host.addrs[host.nr_addrs++] = addr("127.0.0.1");
	host.addrs[host.nr_addrs++] = addr("2001:db8:1:2::45");
	host.v4 = (struct default_route){ .present = true, .gateway = addr("192.1.2.254"),
					  .source = addr("192.1.2.45") };
	connections_set_host_facts(&host);
}

static int setup(void **state)
{
	west_host();
	nr_fake_states = 0;
	terminated = 0;
	return 0;
}

static int teardown(void **state)
{
	connections_delete_all();
	ipsec_conf_free(conf);
	conf = NULL;
	secrets_free();
	return 0;
}

static void load_conf(const char *text)
{
	struct diag_list errors = { 0 };

	ipsec_conf_free(conf);
	conf = ipsec_conf_load_buffer("test.conf", text, strlen(text), false, &errors);
	assert_non_null(conf);
	for (size_t i = 0; i < errors.count; i++)
		print_message("conf: %s\n", errors.items[i].msg);
	diag_list_free(&errors);
}

static const struct conn_config *cfg_named(const char *name)
{
	struct diag why;
	const struct conn_config *cfg = ipsec_conf_find(conf, name, &why);

	if (cfg == NULL)
		fail_msg("%s", why.msg);
	return cfg;
}

static struct connection *add(const char *name)
{
	struct diag d = { "" };

	if (!connection_add(NULL, cfg_named(name), &d))
		fail_msg("add %s: %s", name, d.msg);
	struct connection *c = connection_find_by_name(name);
	assert_non_null(c);
	return c;
}

static const char *add_error(const char *name)
{
	static struct diag d;

	assert_false(connection_add(NULL, cfg_named(name), &d));
	assert_null(connection_find_by_name(name));
	return d.msg;
}

static const char *sel(const struct ip_selector *s)
{
	static char buf[IP_FMT_BUF];
	return ip_selector_fmt(s, buf);
}

static const char *ad(const struct ip_address *a)
{
	static char buf[IP_FMT_BUF];
	return ip_address_fmt(a, buf);
}

#define NET_TO_NET \
	"conn westnet-eastnet\n" \
	"\tleft=192.1.2.45\n\tleftid=@west\n\tleftsubnet=192.0.1.0/24\n" \
	"\tright=192.1.2.23\n\trightid=@east\n\trightsubnet=192.0.2.0/24\n" \
	"\tauthby=secret\n\tauto=add\n" \
	"conn eastnet-westnet\n" \
	"\tleft=192.1.2.23\n\tleftid=@east\n\tleftsubnet=192.0.2.0/24\n" \
	"\tright=192.1.2.45\n\trightid=@west\n\trightsubnet=192.0.1.0/24\n" \
	"\tauthby=secret\n\tauto=add\n"

/* ---- orientation ---- */

static void test_left_is_us(void **state)
{
	load_conf(NET_TO_NET);
	struct connection *c = add("westnet-eastnet");

	assert_true(c->oriented);
	assert_true(c->local_is_left);
	assert_int_equal(c->kind, CK_PERMANENT);
	assert_string_equal(ad(&c->local.host), "192.1.2.45");
	assert_string_equal(ad(&c->remote.host), "192.1.2.23");
	struct id west = id("@west"), east = id("@east");
	assert_true(id_eq(&c->local.id, &west));
	assert_true(id_eq(&c->remote.id, &east));
	assert_int_equal(c->local.ike_port, 500);
}

static void test_right_is_us(void **state)
{
	load_conf(NET_TO_NET);
	struct connection *c = add("eastnet-westnet");

	assert_true(c->oriented);
	assert_false(c->local_is_left);
	assert_string_equal(ad(&c->local.host), "192.1.2.45");
	assert_string_equal(sel(&c->local.selectors[0]), "192.0.1.0/24");
	assert_string_equal(sel(&c->remote.selectors[0]), "192.0.2.0/24");
}

static void test_neither_end_is_us(void **state)
{
	load_conf("conn elsewhere\n\tleft=10.0.0.1\n\tright=10.0.0.2\n\tauthby=secret\n");
	struct connection *c = add("elsewhere");

	/* Added (Libreswan adds it too) but unusable until an address appears. */
	assert_false(c->oriented);
	struct diag d;
	assert_false(connection_reorient(c, &d));
	/* The address appears (an interface came up): up/route try again. */
	host.addrs[host.nr_addrs++] = addr("10.0.0.2");
	assert_true(connection_reorient(c, &d));
	assert_true(c->oriented);
	assert_false(c->local_is_left);
	assert_string_equal(ad(&c->local.host), "10.0.0.2");
	assert_string_equal(sel(&c->remote.selectors[0]), "10.0.0.1/32");
}

static void test_both_ends_are_us_left_wins(void **state)
{
	load_conf("conn loop\n\tleft=192.1.2.45\n\tright=127.0.0.1\n\tauthby=secret\n");
	struct connection *c = add("loop");

	assert_true(c->oriented);
	assert_true(c->local_is_left);
}

static void test_defaultroute(void **state)
{
	load_conf("conn dr\n\tleft=%defaultroute\n\tright=192.1.3.33\n\tauthby=secret\n");
	struct connection *c = add("dr");

	assert_true(c->local_is_left);
	assert_string_equal(ad(&c->local.host), "192.1.2.45");
	assert_string_equal(ad(&c->local.nexthop), "192.1.2.254");
	assert_string_equal(sel(&c->local.selectors[0]), "192.1.2.45/32");
}

static void test_defaultroute_right_side(void **state)
{
	load_conf("conn dr\n\tleft=192.1.3.33\n\tright=%defaultroute\n\tauthby=secret\n");
	struct connection *c = add("dr");

	assert_false(c->local_is_left);
	assert_string_equal(ad(&c->local.host), "192.1.2.45");
}

static void test_defaultroute_without_route(void **state)
{
	host.v4.present = false;
	load_conf("conn dr\n\tleft=%defaultroute\n\tright=192.1.3.33\n\tauthby=secret\n");
	const char *e = add_error("dr");

	assert_non_null(strstr(e, "test.conf:1: conn dr"));
	assert_non_null(strstr(e, "no IPv4 default route"));
}

static void test_any_on_the_left_makes_a_template(void **state)
{
	load_conf("conn x\n\tleft=%any\n\tright=192.1.2.45\n\tauthby=secret\n"
		  "conn z\n\tleft=%any\n\tright=%defaultroute\n\tauthby=secret\n");
	struct connection *c = add("x");
	assert_int_equal(c->kind, CK_TEMPLATE);
	assert_false(c->local_is_left);
	assert_string_equal(ad(&c->local.host), "192.1.2.45");
	c = add("z");
	assert_int_equal(c->kind, CK_TEMPLATE);
	assert_string_equal(ad(&c->local.host), "192.1.2.45");
}

/* ---- selectors ---- */

static void test_selectors_from_host_and_protoport(void **state)
{
	load_conf("conn t\n\ttype=transport\n\tleft=192.1.2.45\n\tright=192.1.2.23\n"
		  "\tleftprotoport=tcp/22\n\trightprotoport=tcp\n\tauthby=secret\n");
	struct connection *c = add("t");

	assert_int_equal(c->local.nr_selectors, 1);
	assert_false(c->local.has_client);
	assert_string_equal(sel(&c->local.selectors[0]), "192.1.2.45/32:tcp/22");
	assert_string_equal(sel(&c->remote.selectors[0]), "192.1.2.23/32:tcp");
}

static void test_selectors_subnets(void **state)
{
	load_conf("conn s\n\tleft=192.1.2.45\n\tleftsubnets={192.0.1.0/25 192.0.1.128/25}\n"
		  "\tright=192.1.2.23\n\trightsubnet=0.0.0.0/0\n\tauthby=secret\n");
	struct connection *c = add("s");

	assert_int_equal(c->local.nr_selectors, 2);
	assert_true(c->local.has_client);
	assert_string_equal(sel(&c->local.selectors[0]), "192.0.1.0/25");
	assert_string_equal(sel(&c->local.selectors[1]), "192.0.1.128/25");
	assert_string_equal(sel(&c->remote.selectors[0]), "0.0.0.0/0");
}

static void test_selectors_ipv6_host(void **state)
{
	load_conf("conn v6\n\tleft=2001:db8:1:2::45\n\tright=2001:db8:1:2::23\n\tauthby=secret\n");
	struct connection *c = add("v6");

	assert_string_equal(sel(&c->local.selectors[0]), "2001:db8:1:2::45/128");
	assert_string_equal(sel(&c->remote.selectors[0]), "2001:db8:1:2::23/128");
}

static void test_selector_family_mismatch(void **state)
{
	load_conf("conn mix\n\tleft=192.1.2.45\n\tleftsubnet=192.0.1.0/24\n"
		  "\tright=192.1.2.23\n\trightsubnet=2001:db8:0:2::/64\n\tauthby=secret\n");
	const char *e = add_error("mix");

	assert_non_null(strstr(e, "2001:db8:0:2::/64"));
	assert_non_null(strstr(e, "address family"));
}

static void test_bad_ike_is_reported_with_line(void **state)
{
	load_conf("\nconn bad\n\tleft=192.1.2.45\n\tright=192.1.2.23\n\tauthby=secret\n"
		  "\tike=aes999-sha2\n");
	const char *e = add_error("bad");

	assert_non_null(strstr(e, "test.conf:2: conn bad: ike=aes999-sha2:"));
}

static void test_proposals_default_and_parsed(void **state)
{
	load_conf("conn p\n\tleft=192.1.2.45\n\tright=192.1.2.23\n\tauthby=secret\n"
		  "\tike=aes_gcm256-sha2_512;dh19\n\tesp=aes_gcm256\n\tesn=no\n"
		  "conn d\n\tleft=192.1.2.45\n\tright=192.1.2.24\n\tauthby=secret\n");
	struct connection *p = add("p");
	struct connection *d = add("d");

	assert_int_equal(p->ike_proposals.count, 1);
	assert_int_equal(p->esp_proposals.count, 1);
	const struct transform_list *esn = &p->esp_proposals.p[0].types[TRANS_ESN];
	assert_int_equal(esn->count, 1);
	assert_true(d->ike_proposals.count > 1);	/* Libreswan's defaults */
}

static void test_shunts_not_supported(void **state)
{
	load_conf("conn pass\n\ttype=passthrough\n\tleft=192.1.2.45\n\tright=192.1.2.23\n"
		  "\tauthby=never\n");
	const char *e = add_error("pass");

	assert_non_null(strstr(e, "not supported yet"));
}

/* ---- reqids ---- */

static void test_reqids_allocated_in_steps_of_four(void **state)
{
	load_conf("conn a\n\tleft=192.1.2.45\n\tright=192.1.2.1\n\tauthby=secret\n"
		  "conn b\n\tleft=192.1.2.45\n\tright=192.1.2.2\n\tauthby=secret\n\treqid=16379\n"
		  "conn c\n\tleft=192.1.2.45\n\tright=192.1.2.3\n\tauthby=secret\n"
		  "conn d\n\tleft=192.1.2.45\n\tright=192.1.2.4\n\tauthby=secret\n\treqid=100\n");
	uint32_t a = add("a")->reqid;
	uint32_t b = add("b")->reqid;
	uint32_t c = add("c")->reqid;
	uint32_t d = add("d")->reqid;

	/* Automatic ones continue from the previous test's (one process),
	 * in steps of 4 from 16384; reqid= is taken as written. */
	assert_true(a >= REQID_FIRST && (a - REQID_FIRST) % REQID_STEP == 0);
	assert_int_equal(b, 16379);
	assert_int_equal(c, a + REQID_STEP);
	assert_int_equal(d, 100);
}

static bool taken_16384_16388(uint32_t r, void *arg)
{
	return r == 16384 || r == 16388;
}

static void test_reqid_allocate_skips_and_wraps(void **state)
{
	uint32_t next = 0;

	assert_int_equal(reqid_allocate(&next, NULL, NULL), 16384);
	assert_int_equal(reqid_allocate(&next, NULL, NULL), 16388);
	next = 0;
	assert_int_equal(reqid_allocate(&next, taken_16384_16388, NULL), 16392);
	next = UINT32_MAX - 3;
	assert_int_equal(reqid_allocate(&next, NULL, NULL), UINT32_MAX - 3);
	assert_int_equal(next, REQID_FIRST);
}

/* ---- templates and instances ---- */

#define ANY_CONF \
	"conn east-any\n\tleft=192.1.2.45\n\tleftid=@west\n\tleftsubnet=192.0.1.0/24\n" \
	"\tright=%any\n\tauthby=secret\n"

static void test_template_and_instances(void **state)
{
	load_conf(ANY_CONF);
	struct connection *t = add("east-any");
	struct ip_address p1 = addr("192.1.3.33"), p2 = addr("192.1.3.209");
	char name[CONNECTION_NAME_BUF];

	assert_int_equal(t->kind, CK_TEMPLATE);
	assert_false(ip_address_is_set(&t->remote.host));
	struct connection *i1 = connection_instantiate(t, &p1);
	struct connection *i2 = connection_instantiate(t, &p2);
	assert_non_null(i1);
	assert_non_null(i2);
	assert_int_equal(i1->kind, CK_INSTANCE);
	assert_ptr_equal(i1->template_of, t);
	assert_string_equal(connection_name(i1, name), "\"east-any\"[1] 192.1.3.33");
	assert_string_equal(connection_name(i2, name), "\"east-any\"[2] 192.1.3.209");
	assert_string_equal(connection_name(t, name), "\"east-any\"");
	assert_string_equal(sel(&i1->remote.selectors[0]), "192.1.3.33/32");
	assert_string_equal(sel(&i1->local.selectors[0]), "192.0.1.0/24");
	assert_true(i1->reqid != t->reqid && i2->reqid != i1->reqid);
	/* Name lookup finds the template, not an instance. */
	assert_ptr_equal(connection_find_by_name("east-any"), t);
	/* Instances are not made from permanent connections, nor for the
	 * wrong family. */
	struct ip_address v6 = addr("2001:db8::1");
	assert_null(connection_instantiate(t, &v6));
	assert_null(connection_instantiate(i1, &p2));
}

static void test_instance_goes_with_its_last_state(void **state)
{
	load_conf(ANY_CONF);
	struct connection *t = add("east-any");
	struct ip_address p1 = addr("192.1.3.33");
	struct connection *i1 = connection_instantiate(t, &p1);
	struct ike_sa fake_ike = { .serial = 1, .c = i1 };

	fake_states[0] = (struct state_ref){ .ike = &fake_ike };
	nr_fake_states = 1;
	connection_state_gone(i1);		/* still used by #1 */
	assert_ptr_equal(connections_first()->next, i1);
	nr_fake_states = 0;
	connection_state_gone(t);		/* templates stay */
	connection_state_gone(i1);		/* unused now: deleted */
	assert_null(connections_first()->next);
	assert_ptr_equal(connections_first(), t);
}

static void test_delete_template_deletes_instances(void **state)
{
	load_conf(ANY_CONF);
	struct connection *t = add("east-any");
	struct ip_address p1 = addr("192.1.3.33"), p2 = addr("192.1.3.34");

	assert_non_null(connection_instantiate(t, &p1));
	assert_non_null(connection_instantiate(t, &p2));
	connection_delete(t);
	assert_null(connections_first());
	assert_int_equal(terminated, 3);	/* each instance and the template */
}

static void test_add_replaces_same_name(void **state)
{
	load_conf(NET_TO_NET);
	struct connection *c1 = add("westnet-eastnet");
	unsigned serial1 = c1->serial;
	struct connection *c2 = add("westnet-eastnet");

	assert_ptr_equal(connections_first(), c2);
	assert_null(c2->next);
	assert_true(c2->serial > serial1);
	assert_int_equal(terminated, 1);
}

/* ---- responder lookup ---- */

static void test_find_for_responder(void **state)
{
	load_conf(NET_TO_NET ANY_CONF);
	struct connection *perm = add("westnet-eastnet");
	struct connection *t = add("east-any");
	struct ip_address me = addr("192.1.2.45"), east = addr("192.1.2.23");
	struct ip_address road = addr("192.1.3.209"), other = addr("192.0.1.254");

	assert_ptr_equal(connection_find_for_responder(&me, &east), perm);
	assert_ptr_equal(connection_find_for_responder(&me, &road), t);
	/* A message to an address no connection uses. */
	assert_null(connection_find_for_responder(&other, &east));
}

static void test_refine_by_ids(void **state)
{
	load_conf("conn a\n\tleft=192.1.2.45\n\tleftid=@west\n\tright=192.1.2.23\n"
		  "\trightid=@east\n\tauthby=secret\n"
		  "conn b\n\tleft=192.1.2.45\n\tleftid=@west\n\tright=192.1.2.23\n"
		  "\trightid=@east-b\n\tauthby=secret\n"
		  "conn c\n\tleft=192.1.2.45\n\tright=192.1.2.23\n\tauthby=secret\n"
		  "conn any\n\tleft=192.1.2.45\n\tleftid=@west\n\tright=%any\n"
		  "\trightid=@road\n\tauthby=secret\n");
	struct connection *a = add("a"), *b = add("b"), *c = add("c");
	struct connection *any = add("any");
	struct id east = id("@east"), east_b = id("@east-b"), road = id("@road");
	struct id west = id("@west"), stranger = id("@stranger"), addr_east = id("192.1.2.23");

	assert_ptr_equal(connection_refine_by_ids(a, &east, NULL), a);
	assert_ptr_equal(connection_refine_by_ids(a, &east, &west), a);
	assert_ptr_equal(connection_refine_by_ids(a, &east_b, NULL), b);
	/* rightid= unset: the peer's address ID. */
	assert_ptr_equal(connection_refine_by_ids(a, &addr_east, NULL), c);
	/* IDr that names someone else rules a out. */
	assert_ptr_equal(connection_refine_by_ids(a, &east, &stranger), NULL);
	/* Only the template accepts @road: an instance for the peer. */
	struct connection *i = connection_refine_by_ids(a, &road, NULL);
	assert_non_null(i);
	assert_int_equal(i->kind, CK_INSTANCE);
	assert_ptr_equal(i->template_of, any);
	assert_string_equal(ad(&i->remote.host), "192.1.2.23");
	assert_null(connection_refine_by_ids(a, &stranger, NULL));
}

/* The name the fits() below accepts (the traffic selectors' stand-in). */
static bool named(const struct connection *c, void *arg)
{
	return strcmp(c->name, arg) == 0;
}

static void test_refine_by_ts(void **state)
{
	load_conf("conn %default\n\tleft=192.1.2.45\n\tleftid=@west\n\tright=192.1.2.23\n"
		  "\trightid=@east\n\tauthby=secret\n"
		  "conn n1\n\tleftsubnet=192.0.1.0/24\n\trightsubnet=192.0.2.0/24\n"
		  "conn n2\n\tleftsubnet=10.1.2.0/24\n\trightsubnet=10.2.2.0/24\n"
		  "conn other-id\n\tleftid=@west-2\n\tleftsubnet=10.1.3.0/24\n"
		  "conn other-auth\n\tauthby=null\n\tleftid=%null\n\trightid=%null\n"
		  "conn other-peer\n\tright=192.1.2.24\n"
		  "conn rw\n\tright=%any\n");
	struct connection *n1 = add("n1"), *n2 = add("n2");
	add("other-id");
	add("other-auth");
	add("other-peer");
	add("rw");
	struct id east = id("@east"), stranger = id("@stranger");

	assert_ptr_equal(connection_refine_by_ts(n1, &east, named, "n2"), n2);
	assert_ptr_equal(connection_refine_by_ts(n2, &east, named, "n1"), n1);
	/* never itself; nothing else fits */
	assert_null(connection_refine_by_ts(n1, &east, named, "n1"));
	/* our ID, authby=, the peer's address, a template: not candidates
	 * (the peer's AUTH was checked under n1's) */
	assert_null(connection_refine_by_ts(n1, &east, named, "other-id"));
	assert_null(connection_refine_by_ts(n1, &east, named, "other-auth"));
	assert_null(connection_refine_by_ts(n1, &east, named, "other-peer"));
	assert_null(connection_refine_by_ts(n1, &east, named, "rw"));
	/* a peer ID n2 does not accept */
	assert_null(connection_refine_by_ts(n1, &stranger, named, "n2"));
}

/* ---- PSK glue ---- */

static void test_psk_lookup(void **state)
{
	char *dir = test_dir_create();
	test_file_write(dir, "ipsec.secrets",
			"@west @east : PSK \"west-east secret\"\n"
			"192.1.2.45 192.1.2.23 : PSK \"by address\"\n");
	secrets_set_path(test_path(dir, "ipsec.secrets"));
	struct diag d;
	assert_true(secrets_reload(&d));
	load_conf(NET_TO_NET "conn byaddr\n\tleft=192.1.2.45\n\tright=192.1.2.23\n\tauthby=secret\n"
		  "conn nosecret\n\tleft=192.1.2.45\n\tleftid=@west\n\tright=192.1.2.99\n"
		  "\trightid=@nobody\n\tauthby=secret\n");
	struct connection *c = add("westnet-eastnet");
	struct bytes psk;

	assert_true(connection_psk(c, NULL, &psk, &d));
	assert_memory_equal(psk.ptr, "west-east secret", psk.len);
	struct id east = id("@east");
	assert_true(connection_psk(c, &east, &psk, &d));
	assert_true(connection_psk(add("byaddr"), NULL, &psk, &d));
	assert_memory_equal(psk.ptr, "by address", psk.len);
	assert_false(connection_psk(add("nosecret"), NULL, &psk, &d));
	assert_non_null(strstr(d.msg, "'@west' and '@nobody'"));
	assert_null(strstr(d.msg, "secret\""));

	/* rereadsecrets: an unreadable file keeps what was loaded. */
	test_dir_remove(dir);
	assert_false(secrets_reload(&d));
	assert_true(connection_psk(c, NULL, &psk, &d));
}

/* ---- trap policies (ipsec route, auto=ondemand) ---- */

static unsigned policies_added, policies_deleted;
static struct kernel_policy last_policy;

static bool fake_add_policy(struct kernel *k, const struct kernel_policy *p, bool replace,
			    struct diag *d)
{
	policies_added++;
	last_policy = *p;
	return true;
}

static bool fake_del_policy(struct kernel *k, const struct kernel_policy *p, struct diag *d)
{
	policies_deleted++;
	return true;
}

static const struct kernel_ops fake_kernel_ops = {
	.name = "fake",
	.add_policy = fake_add_policy,
	.del_policy = fake_del_policy,
};

static void test_route_installs_traps_and_restores_them(void **state)
{
	static struct ike_env env;
	env.kernel_ops = &fake_kernel_ops;
	env.kernel = (struct kernel *)&env;	/* opaque: never dereferenced */
	ike_env_default = &env;
	policies_added = policies_deleted = 0;
	load_conf("conn s\n\tleft=192.1.2.45\n\tleftsubnets={192.0.1.0/25 192.0.1.128/25}\n"
		  "\tright=192.1.2.23\n\trightsubnet=192.0.2.0/24\n\tauthby=secret\n"
		  "\tleftupdown=%disabled\n" ANY_CONF);
	struct connection *c = add("s");
	struct diag d;

	assert_true(connection_route(c, &d));
	assert_int_equal(c->routing, RT_ROUTED_ONDEMAND);
	assert_int_equal(policies_added, 2);	/* one per selector pair */
	assert_int_equal(last_policy.dir, KERNEL_POLICY_OUT);
	assert_int_equal(last_policy.templates[0].reqid, c->reqid);
	assert_int_equal(last_policy.templates[0].mode, KERNEL_MODE_TUNNEL);
	assert_string_equal(sel(&last_policy.src), "192.0.1.128/25");
	/* A tunnel replaced the traps and its Child SA went. */
	c->routing = RT_UNROUTED;
	connection_state_gone(c);
	assert_int_equal(c->routing, RT_ROUTED_ONDEMAND);
	assert_int_equal(policies_added, 4);
	connection_unroute(c);
	assert_int_equal(c->routing, RT_UNROUTED);
	assert_int_equal(policies_deleted, 2);
	/* A template has no peer to send packets to. */
	assert_false(connection_route(add("east-any"), &d));
	assert_non_null(strstr(d.msg, "without knowing the peer IP address"));
	/* No kernel backend: a clear error, nothing pretended. */
	ike_env_default = NULL;
	c->route_wanted = false;
	assert_false(connection_route(c, &d));
	assert_non_null(strstr(d.msg, "no kernel backend"));
	assert_int_equal(c->routing, RT_UNROUTED);
}

/* ---- the kernel's route tables ---- */

static void test_route_lines_v4(void **state)
{
	char ifname[32];
	struct ip_address gw;

	assert_false(route_line_v4_default(
		"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
		ifname, &gw));
	assert_true(route_line_v4_default(
		"eth1\t00000000\tFE0201C0\t0003\t0\t0\t0\t00000000\t0\t0\t0", ifname, &gw));
	assert_string_equal(ifname, "eth1");
	assert_string_equal(ad(&gw), "192.1.2.254");
	/* Not the default route; a route that is down; garbage. */
	assert_false(route_line_v4_default(
		"eth1\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0", ifname, &gw));
	assert_false(route_line_v4_default(
		"eth1\t00000000\tFE0201C0\t0002\t0\t0\t0\t00000000\t0\t0\t0", ifname, &gw));
	assert_false(route_line_v4_default("eth1 zz", ifname, &gw));
}

static void test_route_lines_v6(void **state)
{
	char ifname[32];
	struct ip_address gw;

	assert_true(route_line_v6_default(
		"00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
		"20010db8000100020000000000000001 00000400 00000001 00000000 00000003 eth1",
		ifname, &gw));
	assert_string_equal(ifname, "eth1");
	assert_string_equal(ad(&gw), "2001:db8:1:2::1");
	/* The kernel's unreachable default on lo (RTF_REJECT). */
	assert_false(route_line_v6_default(
		"00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
		"00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo",
		ifname, &gw));
	assert_false(route_line_v6_default("short line", ifname, &gw));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_left_is_us),
		T(test_right_is_us),
		T(test_neither_end_is_us),
		T(test_both_ends_are_us_left_wins),
		T(test_defaultroute),
		T(test_defaultroute_right_side),
		T(test_defaultroute_without_route),
		T(test_any_on_the_left_makes_a_template),
		T(test_selectors_from_host_and_protoport),
		T(test_selectors_subnets),
		T(test_selectors_ipv6_host),
		T(test_selector_family_mismatch),
		T(test_bad_ike_is_reported_with_line),
		T(test_proposals_default_and_parsed),
		T(test_shunts_not_supported),
		T(test_reqids_allocated_in_steps_of_four),
		T(test_reqid_allocate_skips_and_wraps),
		T(test_template_and_instances),
		T(test_instance_goes_with_its_last_state),
		T(test_delete_template_deletes_instances),
		T(test_add_replaces_same_name),
		T(test_find_for_responder),
		T(test_refine_by_ids),
		T(test_refine_by_ts),
		T(test_psk_lookup),
		T(test_route_installs_traps_and_restores_them),
		T(test_route_lines_v4),
		T(test_route_lines_v6),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
