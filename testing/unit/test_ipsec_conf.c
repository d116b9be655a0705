/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipsec.conf: layout, keywords, %default, also=, include, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "ipsec_conf.h"
#include "log.h"
#include "test_files.h"

static struct diag_list errors;

static int reset(void **state)
{
	diag_list_free(&errors);
	return 0;
}

static struct ipsec_conf *load(const char *text)
{
	struct ipsec_conf *conf = ipsec_conf_load_buffer("test.conf", text, strlen(text), false, &errors);
	assert_non_null(conf);
	return conf;
}

static void dump_errors(void)
{
	for (size_t i = 0; i < errors.count; i++)
		print_message("  %s: %s\n", errors.items[i].level == DIAG_ERROR ? "error" : "note",
			      errors.items[i].msg);
}

/* Exactly these errors, in this order (each a substring of one line). */
static void expect_errors(const char *const *want, size_t n)
{
	if (errors.errors != n) {
		dump_errors();
		fail_msg("expected %zu errors, got %zu", n, errors.errors);
	}
	size_t k = 0;
	for (size_t i = 0; i < errors.count; i++) {
		if (errors.items[i].level != DIAG_ERROR)
			continue;
		if (strstr(errors.items[i].msg, want[k]) == NULL) {
			dump_errors();
			fail_msg("error %zu is \"%s\", expected \"%s\"", k, errors.items[i].msg, want[k]);
		}
		k++;
	}
}

#define EXPECT_ERRORS(...)                                                        \
	do {                                                                      \
		const char *const want_[] = { __VA_ARGS__ };                      \
		expect_errors(want_, sizeof(want_) / sizeof(want_[0]));           \
	} while (0)

static void expect_no_errors(void)
{
	if (errors.errors != 0) {
		dump_errors();
		fail_msg("unexpected errors");
	}
}

static const struct conn_config *find(const struct ipsec_conf *conf, const char *name)
{
	struct diag why = { "" };
	const struct conn_config *c = ipsec_conf_find(conf, name, &why);
	if (c == NULL) {
		dump_errors();
		fail_msg("%s", why.msg);
	}
	return c;
}

static void expect_not_loaded(const struct ipsec_conf *conf, const char *name, const char *needle)
{
	struct diag why = { "" };

	assert_null(ipsec_conf_find(conf, name, &why));
	if (strstr(why.msg, needle) == NULL)
		fail_msg("why \"%s\" lacks \"%s\"", why.msg, needle);
}

static const char *fmt_subnet(const struct ip_subnet *s)
{
	static char buf[IP_FMT_BUF];
	return ip_subnet_fmt(s, buf);
}

static const char *fmt_id(const struct id *id)
{
	static char buf[ID_FMT_BUF];
	return id_fmt(id, buf);
}

static void test_net_to_net_psk(void **state)
{
	struct ipsec_conf *conf = load(
		"# a comment\n"
		"version 2.0\n"
		"\n"
		"config setup\n"
		"\tlogfile=/tmp/pluto.log\n"
		"\tlogtime=no\n"
		"\tlogappend=no\n"
		"\tplutodebug=all\n"
		"\tdumpdir=/tmp\n"
		"\tprotostack=xfrm\n"
		"\tvirtual-private=%v4:10.0.0.0/8,%v4:!192.0.1.0/24\n"
		"\n"
		"conn westnet-eastnet-ipv4-psk\n"
		"\talso=west-east-base-ipv4\n"
		"\tleftsubnet=192.0.1.0/24\n"
		"\trightsubnet=192.0.2.0/24\n"
		"\tleftid=@west\n"
		"\trightid=@east\n"
		"\tauthby=secret\n"
		"\tauto=add   # trailing comment\n"
		"\n"
		"conn west-east-base-ipv4\n"
		"\tleft=192.1.2.45\n"
		"\tleftnexthop=192.1.2.23\n"
		"\tright=192.1.2.23\n"
		"\trightnexthop=192.1.2.45\n");
	expect_no_errors();

	assert_string_equal(conf->setup.logfile, "/tmp/pluto.log");
	assert_false(conf->setup.logtime);
	assert_false(conf->setup.logappend);
	assert_int_equal(conf->setup.plutodebug, DBG_ALL);
	assert_string_equal(conf->setup.dumpdir, "/tmp");
	assert_string_equal(conf->setup.virtual_private, "%v4:10.0.0.0/8,%v4:!192.0.1.0/24");
	assert_true(conf->setup.uniqueids);	/* default yes */
	assert_string_equal(conf->setup.nssdir, "/var/lib/ipsec/nss");

	/* the fragment is complete too (left/right set), but has no authby:
	 * auto=ignore keeps it quiet and out of the list */
	assert_int_equal(conf->nr_conns, 1);
	const struct conn_config *c = find(conf, "westnet-eastnet-ipv4-psk");
	char buf[IP_FMT_BUF];
	assert_string_equal(c->file, "test.conf");
	assert_int_equal(c->line, 13);
	assert_int_equal(c->left.host.kind, HOST_ADDRESS);
	assert_string_equal(ip_address_fmt(&c->left.host.addr, buf), "192.1.2.45");
	assert_string_equal(ip_address_fmt(&c->right.host.addr, buf), "192.1.2.23");
	assert_string_equal(ip_address_fmt(&c->left.nexthop, buf), "192.1.2.23");
	assert_int_equal(c->left.subnets.count, 1);
	assert_string_equal(fmt_subnet(&c->left.subnets.list[0]), "192.0.1.0/24");
	assert_string_equal(fmt_subnet(&c->right.subnets.list[0]), "192.0.2.0/24");
	assert_string_equal(fmt_id(&c->left.id), "@west");
	assert_string_equal(fmt_id(&c->right.id), "@east");
	assert_int_equal(c->authby, AUTHBY_SECRET);
	assert_int_equal(c->autostart, AUTO_ADD);

	/* Libreswan 4.10's defaults */
	assert_int_equal(c->type, TYPE_TUNNEL);
	assert_int_equal(c->ikelifetime_ms, 8 * 3600 * 1000);
	assert_int_equal(c->ipsec_lifetime_ms, 8 * 3600 * 1000);
	assert_int_equal(c->rekeymargin_ms, 9 * 60 * 1000);
	assert_int_equal(c->rekeyfuzz_percent, 100);
	assert_int_equal(c->replay_window, 128);
	assert_int_equal(c->esn, ESN_EITHER);
	assert_int_equal(c->retransmit_timeout_ms, 60 * 1000);
	assert_int_equal(c->retransmit_interval_ms, 500);
	assert_true(c->pfs);
	assert_true(c->rekey);
	assert_true(c->nat_keepalive);
	assert_false(c->narrowing);
	assert_int_equal(c->encapsulation, YNA_AUTO);
	assert_int_equal(c->dpddelay_ms, 0);
	assert_null(c->ike);
	assert_null(c->esp);
	assert_string_equal(c->left.updown, "ipsec _updown");
	assert_false(c->mark.set);
	assert_int_equal(c->reqid, 0);
	ipsec_conf_free(conf);
}

static void test_every_keyword(void **state)
{
	struct ipsec_conf *conf = load(
		"config setup\n"
		"  uniqueids=no\n"
		"  nssdir=/etc/ipsec.d\n"
		"  listen=192.1.2.45\n"
		"  plutodebug=\"base crypt\"\n"
		"  keep-alive=30\n"
		"  ddos-mode=unlimited\n"
		"  ddos-ike-threshold=100\n"
		"  max-halfopen-ike=2000\n"
		"conn all\n"
		"  left=%defaultroute\n"
		"  right=%any\n"
		"  leftsubnets={192.0.1.0/24, 192.0.11.0/24}\n"
		"  rightsubnet=0.0.0.0/0\n"
		"  leftid=192.1.2.45\n"
		"  rightid=%any\n"
		"  leftprotoport=tcp/22\n"
		"  rightprotoport=17/%any\n"
		"  leftupdown=\"ipsec _updown --route yes\"\n"
		"  rightupdown=%disabled\n"
		"  authby=null\n"
		"  auto=ondemand\n"
		"  type=tunnel\n"
		"  ike=aes_gcm256-sha2_512;dh19\n"
		"  phase2alg=aes_gcm256-null\n"
		"  pfs=no\n"
		"  ikelifetime=1h\n"
		"  salifetime=30m\n"
		"  rekey=no\n"
		"  rekeymargin=90\n"
		"  rekeyfuzz=50%\n"
		"  dpddelay=10s\n"
		"  dpdtimeout=1m\n"
		"  retransmit-timeout=2m\n"
		"  retransmit-interval=250\n"
		"  narrowing=yes\n"
		"  encapsulation=yes\n"
		"  nat-keepalive=no\n"
		"  replay-window=64\n"
		"  esn=yes\n"
		"  mark=0x10/0xff\n"
		"  mark-in=-1\n"
		"  mark-out=7\n"
		"  reqid=100\n"
		"  keyexchange=ikev2\n"
		"  ikev2=insist\n");
	expect_no_errors();
	assert_false(conf->setup.uniqueids);
	assert_string_equal(conf->setup.nssdir, "/etc/ipsec.d");
	char buf[IP_FMT_BUF];
	assert_string_equal(ip_address_fmt(&conf->setup.listen, buf), "192.1.2.45");
	assert_int_equal(conf->setup.plutodebug, DBG_BASE | DBG_CRYPT);
	assert_int_equal(conf->setup.keep_alive_s, 30);
	assert_int_equal(conf->setup.ddos_mode, DDOS_UNLIMITED);
	assert_int_equal(conf->setup.ddos_ike_threshold, 100);
	assert_int_equal(conf->setup.max_halfopen_ike, 2000);

	const struct conn_config *c = find(conf, "all");
	assert_int_equal(c->left.host.kind, HOST_DEFAULTROUTE);
	assert_int_equal(c->right.host.kind, HOST_ANY);
	assert_int_equal(c->left.subnets.count, 2);
	assert_string_equal(fmt_subnet(&c->left.subnets.list[1]), "192.0.11.0/24");
	assert_string_equal(fmt_subnet(&c->right.subnets.list[0]), "0.0.0.0/0");
	assert_string_equal(fmt_id(&c->left.id), "192.1.2.45");
	assert_int_equal(c->right.id.kind, ID_ANY);
	assert_int_equal(c->left.protoport.ipproto, 6);
	assert_int_equal(c->left.protoport.port, 22);
	assert_true(c->right.protoport.any_port);
	assert_string_equal(c->left.updown, "ipsec _updown --route yes");
	assert_null(c->right.updown);
	assert_int_equal(c->authby, AUTHBY_NULL);
	assert_int_equal(c->autostart, AUTO_ONDEMAND);
	assert_string_equal(c->ike, "aes_gcm256-sha2_512;dh19");
	assert_string_equal(c->esp, "aes_gcm256-null");
	assert_false(c->pfs);
	assert_int_equal(c->ikelifetime_ms, 3600 * 1000);
	assert_int_equal(c->ipsec_lifetime_ms, 30 * 60 * 1000);
	assert_false(c->rekey);
	assert_int_equal(c->rekeymargin_ms, 90 * 1000);
	assert_int_equal(c->rekeyfuzz_percent, 50);
	assert_int_equal(c->dpddelay_ms, 10 * 1000);
	assert_int_equal(c->dpdtimeout_ms, 60 * 1000);
	assert_int_equal(c->retransmit_timeout_ms, 120 * 1000);
	assert_int_equal(c->retransmit_interval_ms, 250);
	assert_true(c->narrowing);
	assert_int_equal(c->encapsulation, YNA_YES);
	assert_false(c->nat_keepalive);
	assert_int_equal(c->replay_window, 64);
	assert_int_equal(c->esn, ESN_YES);
	assert_true(c->mark.set);
	assert_int_equal(c->mark.value, 0x10);
	assert_int_equal(c->mark.mask, 0xff);
	assert_true(c->mark_in.unique);
	assert_int_equal(c->mark_out.value, 7);
	assert_int_equal(c->mark_out.mask, 0xffffffff);
	assert_int_equal(c->reqid, 100);
	ipsec_conf_free(conf);
}

static void test_ipv6_and_aliases(void **state)
{
	struct ipsec_conf *conf = load(
		"conn v6\n"
		"\tleft=2001:db8:1:2::45\n"
		"\tright=2001:db8:1:2::23\n"
		"\tleftsubnet=2001:db8:0:1::/64\n"
		"\trightsubnet=2001:db8:0:2::/64\n"
		"\tauthby=secret\n"
		"\tauto=start\n"
		"\tkeylife=2h\n"
		"\tesp=aes128-sha2_256\n"
		"\ttype=transport\n"
		"\ttype=transport\n");	/* the same value twice is fine */
	/* transport with subnets is refused, at the conn's line */
	EXPECT_ERRORS("test.conf:1: conn \"v6\": type=transport cannot have leftsubnet=");
	expect_not_loaded(conf, "v6", "type=transport cannot have");
	ipsec_conf_free(conf);
	diag_list_free(&errors);

	conf = load(
		"conn v6\n"
		"\tleft=2001:db8:1:2::45\n"
		"\tright=2001:db8:1:2::23\n"
		"\tleftsubnet=2001:db8:0:1::/64\n"
		"\trightsubnet=2001:db8:0:2::/64\n"
		"\tAUTHBY=secret\n"	/* keywords ignore case, as Libreswan's */
		"\tauto=up\n"
		"\tipsec-lifetime=2h\n");
	expect_no_errors();
	const struct conn_config *c = find(conf, "v6");
	char buf[IP_FMT_BUF];
	assert_string_equal(ip_address_fmt(&c->left.host.addr, buf), "2001:db8:1:2::45");
	assert_string_equal(fmt_subnet(&c->right.subnets.list[0]), "2001:db8:0:2::/64");
	assert_int_equal(c->autostart, AUTO_START);
	assert_int_equal(c->ipsec_lifetime_ms, 2 * 3600 * 1000);
	ipsec_conf_free(conf);
}

static void test_bad_values_name_file_line(void **state)
{
	struct ipsec_conf *conf = load(
		"conn good\n"				/* 1 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tauto=add\n"				/* 5 */
		"conn bad\n"
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tauto=add\n"				/* 10 */
		"\tfrobnicate=yes\n"
		"\trekeymargin=9x\n"
		"conn bad2\n"
		"\tleft=192.1.2.45\n"
		"\tright=east.example.com\n"		/* 15 */
		"\tleftsubnet=192.0.1.1/24\n"
		"\tauthby=rsasig\n"
		"\tauto=sometimes\n"
		"\tpfs=maybe\n"
		"\trekeyfuzz=50\n"			/* 20 */
		"\treplay-window=-1\n"
		"\treqid=0\n"
		"\tmark=0x100/0xff\n"
		"\tleftid=east\n"
		"\tkeyexchange=ikev1\n"			/* 25 */
		"\tikev2=no\n"
		"\tleftprotoport=tcp/ssh\n"
		"\tleftrsasigkey=0sAQO\n"
		"\tlogfile=/tmp/x\n");
	EXPECT_ERRORS(
		"test.conf:11: unknown keyword \"frobnicate\"",
		"test.conf:29: \"logfile\" belongs in config setup, not in conn \"bad2\"",
		"test.conf:12: rekeymargin=9x: invalid duration; use a number with s, m, h or d",
		"test.conf:15: right=east.example.com: \"east.example.com\" is not a numeric IPv4 or IPv6 address (DNS names are not supported)",
		"test.conf:16: leftsubnet=192.0.1.1/24: subnet \"192.0.1.1/24\" has host bits set; did you mean 192.0.1.0/24?",
		"test.conf:17: authby=rsasig: not supported: only authby=secret (PSK) and authby=null are supported",
		"test.conf:18: auto=sometimes: invalid value; use one of: ignore, add, ondemand, route, start, up",
		"test.conf:19: pfs=maybe: invalid value; use yes or no",
		"test.conf:20: rekeyfuzz=50: invalid percentage; use a whole number followed by %",
		"test.conf:21: replay-window=-1: invalid number; use a whole number from 0 to 4294967295",
		"test.conf:22: reqid=0: invalid number; use a whole number from 1 to 16379",
		"test.conf:23: mark=0x100/0xff: mark value 0x100 has bits outside mask 0xff",
		"test.conf:24: leftid=east: ID \"east\" is neither an address nor a name; write @east for a name ID",
		"test.conf:25: keyexchange=ikev1: not supported: IKEv1 is not supported; xswan speaks IKEv2 only",
		"test.conf:26: ikev2=no: not supported: IKEv1 is not supported",
		"test.conf:27: leftprotoport=tcp/ssh: protoport \"tcp/ssh\": port \"ssh\" must be a number 0-65535 or %any",
		"test.conf:28: leftrsasigkey=0sAQO: not supported: certificates and raw public keys are not supported yet");
	/* the good conn loads; the bad ones do not and say why */
	assert_int_equal(conf->nr_conns, 1);
	find(conf, "good");
	expect_not_loaded(conf, "bad", "conn \"bad\" was not loaded: test.conf:11: unknown keyword \"frobnicate\"");
	expect_not_loaded(conf, "bad2", "test.conf:29:");
	expect_not_loaded(conf, "nosuch", "no conn \"nosuch\" in test.conf");
	ipsec_conf_free(conf);
}

static void test_layout_errors(void **state)
{
	struct ipsec_conf *conf = load(
		"  left=192.0.2.1\n"			/* 1: before any section */
		"conn a\n"
		"left=192.0.2.1\n"			/* 3: not indented */
		"conn b c\n"				/* 4 */
		"\tleft=1.2.3.4\n"			/* swallowed by the broken header */
		"config foo\n"				/* 6 */
		"conn q\n"
		"\tleftupdown=\"unterminated\n"		/* 8 */
		"\tleft=1.2.3.4 oops\n"			/* 9 */
		"\tright\n"				/* 10 */
		"\tleftid=ab\"c\"\n"			/* 11 */
		"conn bad/name\n"			/* 12 */
		"conn q\n"				/* 13: twice */
		"include foo.conf\n");			/* 14: not allowed from a buffer */
	EXPECT_ERRORS(
		"test.conf:1: indented line outside a section",
		"test.conf:3: unexpected \"left=192.0.2.1\" at the start of a line (KEY=VALUE lines must be indented",
		"test.conf:4: \"conn\" needs exactly one name",
		"test.conf:6: unknown section \"config foo\"",
		"test.conf:8: leftupdown: missing closing \"",
		"test.conf:9: left: unexpected text \"oops\" after the value; put values with spaces in double quotes",
		"test.conf:10: \"right\": expected KEY=VALUE",
		"test.conf:11: leftid: a double quote inside a value",
		"test.conf:12: conn name \"bad/name\"",
		"test.conf:13: conn \"q\" is defined twice (first at test.conf:7)",
		"test.conf:14: include is not allowed here");
	ipsec_conf_free(conf);
}

static void test_default_and_conflicts(void **state)
{
	struct ipsec_conf *conf = load(
		"conn %default\n"
		"\tikelifetime=4h\n"
		"\tauthby=secret\n"
		"\tkeyingtries=%forever\n"
		"conn a\n"
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tikelifetime=2h\n"		/* overrides %default */
		"\tauto=add\n"
		"conn b\n"
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\talso=b-ids\n"
		"\tauto=add\n"
		"conn b-ids\n"
		"\tleftid=@west\n"
		"conn c\n"			/* 17 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tikelifetime=1h\n"		/* 20 */
		"\talso=c-more\n"
		"\tauto=add\n"
		"conn c-more\n"
		"\tikelifetime=3h\n"		/* 24: conflicts with line 20 */
		"conn %default\n"		/* a second %default adds to the first */
		"\trekeymargin=3m\n");
	EXPECT_ERRORS(
		"test.conf:24: conn \"c\": ikelifetime=3h conflicts with ikelifetime=1h at test.conf:20");
	const struct conn_config *a = find(conf, "a"), *b = find(conf, "b");
	assert_int_equal(a->ikelifetime_ms, 2 * 3600 * 1000);
	assert_int_equal(b->ikelifetime_ms, 4 * 3600 * 1000);	/* from %default */
	assert_int_equal(a->authby, AUTHBY_SECRET);
	assert_int_equal(b->rekeymargin_ms, 3 * 60 * 1000);
	assert_int_equal(b->keyingtries, 0);
	assert_string_equal(fmt_id(&b->left.id), "@west");
	expect_not_loaded(conf, "c", "conflicts with");
	ipsec_conf_free(conf);
	diag_list_free(&errors);

	/* an error in %default stops every conn: their defaults are unknown */
	conf = load(
		"conn %default\n"
		"\tauthby=secret\n"
		"\talso=a\n"			/* 3: not allowed in %default */
		"conn a\n"			/* 4 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauto=add\n");
	EXPECT_ERRORS(
		"test.conf:3: also= is not allowed in conn %default",
		"test.conf:4: conn \"a\" not loaded: conn %default has errors: test.conf:3:");
	assert_int_equal(conf->nr_conns, 0);
	expect_not_loaded(conf, "a", "conn %default has errors");
	ipsec_conf_free(conf);
}

static void test_also_loops_and_limits(void **state)
{
	struct ipsec_conf *conf = load(
		"conn top\n"			/* 1 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tauto=add\n"			/* 5 */
		"\talso=\"l1, l2\"\n"
		"conn l1\n"
		"\talso=shared\n"
		"conn l2\n"
		"\talso=shared\n"		/* 10: diamond: shared merged once */
		"conn shared\n"
		"\tleftid=@west\n"
		"conn loop-a\n"			/* 13 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tauto=start\n"
		"\talso=loop-b\n"
		"conn loop-b\n"
		"\talso=loop-a\n"		/* 20 */
		"conn missing\n"
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tauto=add\n"
		"\talso=nowhere\n"		/* 26 */
		"conn uses-bad\n"		/* 27 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tauto=add\n"
		"\talso=bad-fragment\n"
		"conn bad-fragment\n"
		"\tdpddelay=soon\n");		/* 34 */
	EXPECT_ERRORS(
		"test.conf:34: dpddelay=soon: invalid duration",
		"test.conf:20: conn \"loop-a\": also= loop: loop-a -> loop-b -> loop-a",
		"test.conf:26: conn \"missing\": also=nowhere: there is no conn \"nowhere\"",
		"test.conf:27: conn \"uses-bad\" not loaded: it uses conn \"bad-fragment\" (also=), which has errors: test.conf:34:");
	const struct conn_config *top = find(conf, "top");
	assert_string_equal(fmt_id(&top->left.id), "@west");
	expect_not_loaded(conf, "loop-a", "also= loop");
	expect_not_loaded(conf, "uses-bad", "bad-fragment");
	ipsec_conf_free(conf);
	diag_list_free(&errors);

	/* more than 32 sections through also= */
	char text[8192];
	size_t n = (size_t)snprintf(text, sizeof(text), "conn c0\n\tleft=192.0.2.1\n\tright=192.0.2.2\n\tauthby=null\n\tauto=add\n\talso=c1\n");
	for (int i = 1; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "conn c%d\n\talso=c%d\n", i, i + 1);
	n += (size_t)snprintf(text + n, sizeof(text) - n, "conn c40\n\tleftid=@x\n");
	conf = load(text);
	EXPECT_ERRORS("conn \"c0\": more than 32 sections merged with also=");
	ipsec_conf_free(conf);
}

static void test_incomplete_conns(void **state)
{
	struct ipsec_conf *conf = load(
		"conn fragment\n"		/* auto=ignore: quiet */
		"\tleftid=@west\n"
		"conn noauth\n"			/* 3 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauto=start\n"
		"conn mixed\n"			/* 7 */
		"\tleft=192.1.2.45\n"
		"\tright=2001:db8::23\n"
		"\tauthby=secret\n"
		"\tauto=add\n"
		"conn anyany\n"			/* 12 */
		"\tleft=%any\n"
		"\tright=%any\n"
		"\tauthby=secret\n"
		"\tauto=add\n"
		"conn pass\n"			/* shunts need no authby */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\ttype=passthrough\n"
		"\tauthby=never\n"
		"\tauto=ondemand\n"
		"conn long\n"
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tikelifetime=2d\n"
		"\treplay-window=0\n"
		"\tesn=yes\n"
		"\tdpdaction=restart\n"
		"\tauto=add\n");
	EXPECT_ERRORS(
		"test.conf:3: conn \"noauth\": authby= is not set; xswan supports authby=secret (PSK) and authby=null",
		"test.conf:7: conn \"mixed\": left=192.1.2.45 and right=(IPv6) are different address families",
		"test.conf:12: conn \"anyany\": left and right cannot both be %any");
	expect_not_loaded(conf, "fragment", "left= is not set");
	find(conf, "pass");
	const struct conn_config *c = find(conf, "long");
	assert_int_equal(c->ikelifetime_ms, 24 * 3600 * 1000);	/* capped as Libreswan does */
	assert_int_equal(c->esn, ESN_NO);			/* no ESN without replay */
	assert_non_null(diag_list_find(&errors, DIAG_NOTE, "ikelifetime set to the maximum allowed 24h"));
	assert_non_null(diag_list_find(&errors, DIAG_NOTE, "esn=yes turned off because replay-window=0"));
	assert_non_null(diag_list_find(&errors, DIAG_NOTE, "dpdaction= is obsolete and ignored"));
	ipsec_conf_free(conf);
}

static void test_setup_errors_and_notes(void **state)
{
	struct ipsec_conf *conf = load(
		"config setup\n"
		"\tplutodebug=\"all private\"\n"
		"\tuniqueids=perhaps\n"		/* 3 */
		"\tprotostack=klips\n"		/* 4 */
		"\tsyslog=daemon.error\n"
		"\tleft=192.0.2.1\n"		/* 6 */
		"\tlisten=eth0\n"		/* 7 */
		"\tx-my-note=anything goes\n"
		"\tlogfile=\n"			/* 9: empty: default */
		"config setup\n"		/* a second config setup adds to the first */
		"\tlogtime=no\n"
		"\tuniqueids=no\n"		/* 12 */
		"\tuniqueids=yes\n");		/* 13: conflicts */
	EXPECT_ERRORS(
		"test.conf:6: \"left\" belongs in a conn section, not in config setup",
		"test.conf:3: uniqueids=perhaps: invalid value; use yes or no",
		"test.conf:4: protostack=klips: not supported: only the Linux XFRM stack is supported",
		"test.conf:7: listen=eth0: \"eth0\" is not a numeric IPv4 or IPv6 address",
		"test.conf:13: config setup: uniqueids=yes conflicts with uniqueids=no at test.conf:12");
	assert_false(conf->setup.uniqueids);	/* the first good setting stands */
	assert_false(conf->setup.logtime);
	assert_null(conf->setup.logfile);
	assert_int_equal(conf->setup.plutodebug, DBG_ALL);
	assert_non_null(diag_list_find(&errors, DIAG_NOTE, "test.conf:2: plutodebug=private ignored: xswan never logs secrets"));
	assert_non_null(diag_list_find(&errors, DIAG_NOTE, "test.conf:5: syslog= ignored"));
	ipsec_conf_free(conf);
}

static void test_durations(void **state)
{
	static const struct {
		const char *text;
		uint64_t ms;
	} ok[] = {
		{ "90", 90000 }, { "90s", 90000 }, { "2m", 120000 }, { "1h", 3600000 },
		{ "1d", 86400000 }, { "1w", 604800000 }, { "500ms", 500 }, { "3H", 10800000 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "conn x\n\tleft=192.0.2.1\n\tright=192.0.2.2\n\tauthby=null\n\tdpddelay=%s\n", ok[i].text);
		struct ipsec_conf *conf = load(text);
		expect_no_errors();
		assert_int_equal(find(conf, "x")->dpddelay_ms, ok[i].ms);
		ipsec_conf_free(conf);
	}
	static const char *const bad[] = { "1.5h", "h", "-1", "10x", "99999999999999999999d", " " };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "conn x\n\tleft=192.0.2.1\n\tright=192.0.2.2\n\tauthby=null\n\tdpddelay=\"%s\"\n", bad[i]);
		struct ipsec_conf *conf = load(text);
		EXPECT_ERRORS("test.conf:5: dpddelay=");
		assert_non_null(diag_list_find(&errors, DIAG_ERROR, "invalid duration"));
		ipsec_conf_free(conf);
		diag_list_free(&errors);
	}
}

static void test_include(void **state)
{
	char *dir = test_dir_create();
	char main_conf[1024];

	test_file_write(dir, "ipsec.conf",
			"config setup\n"
			"\tlogfile=/tmp/pluto.log\n"
			"include ipsec.d/*.conf\n"		/* relative to this file */
			"include ipsec.d/none-*.conf\n"		/* a glob may match nothing */
			"include missing.conf\n"		/* 5: a plain name must exist */
			"\n"
			"conn main\n"
			"\talso=base\n"
			"\tauthby=secret\n"
			"\tauto=add\n");
	test_file_write(dir, "ipsec.d/a.conf",
			"conn base\n"
			"\tleft=192.1.2.45\n"
			"\tright=192.1.2.23\n");
	test_file_write(dir, "ipsec.d/b.conf",
			"conn from-b\n"
			"\tleft=192.1.2.45\n"
			"\tright=192.1.2.23\n"
			"\tauthby=null\n"
			"\tbogus=1\n");				/* 5 of b.conf */
	test_file_write(dir, "self.conf", "include self.conf\n");
	snprintf(main_conf, sizeof(main_conf), "%s", test_path(dir, "ipsec.conf"));

	struct ipsec_conf *conf = ipsec_conf_load(main_conf, &errors);
	assert_non_null(conf);
	char want_missing[1200], want_bogus[1200];
	snprintf(want_missing, sizeof(want_missing), "%s:5: include \"missing.conf\": cannot open", main_conf);
	snprintf(want_bogus, sizeof(want_bogus), "%s:5: unknown keyword \"bogus\"", test_path(dir, "ipsec.d/b.conf"));
	/* b.conf is read (and checked) at line 3, before line 5 */
	EXPECT_ERRORS(want_bogus, want_missing);
	const struct conn_config *c = find(conf, "main");
	assert_int_equal(c->left.host.kind, HOST_ADDRESS);
	expect_not_loaded(conf, "from-b", "unknown keyword \"bogus\"");
	ipsec_conf_free(conf);
	diag_list_free(&errors);

	/* ten levels of include work, the eleventh is refused */
	for (int i = 1; i <= 11; i++) {
		char name[32], text[256];
		snprintf(name, sizeof(name), "d%d.conf", i);
		snprintf(text, sizeof(text),
			 "conn c%d\n\tleft=192.0.2.1\n\tright=192.0.2.2\n\tauthby=null\n"
			 "include d%d.conf\n", i, i + 1);
		test_file_write(dir, name, text);
	}
	test_file_write(dir, "d0.conf", "include d1.conf\n");
	conf = ipsec_conf_load(test_path(dir, "d0.conf"), &errors);
	assert_non_null(conf);
	char want_depth[1200];
	snprintf(want_depth, sizeof(want_depth), "%s:5: include \"d11.conf\": includes nested more than 10 deep",
		 test_path(dir, "d10.conf"));
	EXPECT_ERRORS(want_depth);
	assert_int_equal(conf->nr_conns, 10);
	find(conf, "c10");
	expect_not_loaded(conf, "c11", "no conn \"c11\"");
	ipsec_conf_free(conf);
	diag_list_free(&errors);

	/* a file including itself stops at the depth limit */
	conf = ipsec_conf_load(test_path(dir, "self.conf"), &errors);
	assert_non_null(conf);
	EXPECT_ERRORS("include \"self.conf\": includes nested more than 10 deep");
	ipsec_conf_free(conf);
	diag_list_free(&errors);

	/* an unreadable top-level file: nothing to load */
	assert_null(ipsec_conf_load(test_path(dir, "nope.conf"), &errors));
	EXPECT_ERRORS("nope.conf: cannot open: No such file or directory");
	diag_list_free(&errors);
	assert_null(ipsec_conf_load(dir, &errors));
	EXPECT_ERRORS("not a regular file");
	test_dir_remove(dir);
}

/* The shape of Libreswan's testing/baseconfigs: fragments with RSA keys
 * xswan refuses, beside the PSK conns it must load. */
static void test_libreswan_testing_shape(void **state)
{
	struct ipsec_conf *conf = load(
		"conn westnet-eastnet-ipv4-psk\n"		/* 1 */
		"\talso=west-east-base-ipv4\n"
		"\tleftsubnet=192.0.1.0/24\n"
		"\trightsubnet=192.0.2.0/24\n"
		"\tleftid=@west\n"
		"\trightid=@east\n"
		"\tauthby=secret\n"
		"conn westnet-eastnet-ipv4\n"			/* 8 */
		"\talso=west-east-base-id-nss\n"
		"\talso=west-east-base-ipv4\n"
		"conn west-east-base-ipv4\n"
		"\tleft=192.1.2.45\n"
		"\tleftnexthop=192.1.2.23\n"
		"\tright=192.1.2.23\n"
		"\trightnexthop=192.1.2.45\n"
		"conn west-east-base-id-nss\n"
		"\tleftid=@west\n"
		"\talso=west-leftrsasigkey\n"
		"conn west-leftrsasigkey\n"
		"\tleftrsasigkey=0sAQOm9dY/449sAWr8e3xtV4tJOQ1396zihfGYHkttpT6zlprRmVq8EPKX3vIo\n"	/* 20 */
		"conn clear\n"
		"\ttype=passthrough\n"
		"\tauthby=never\n"
		"\tright=%defaultroute\n"
		"\tleft=%group\n");				/* 25 */
	EXPECT_ERRORS(
		"test.conf:20: leftrsasigkey=0sAQOm9dY/",
		"test.conf:25: left=%group: not supported; use an IP address, %any or %defaultroute");
	const struct conn_config *c = find(conf, "westnet-eastnet-ipv4-psk");
	assert_int_equal(c->autostart, AUTO_IGNORE);
	expect_not_loaded(conf, "westnet-eastnet-ipv4", "it uses conn \"west-leftrsasigkey\" (also=)");
	expect_not_loaded(conf, "clear", "test.conf:25:");
	ipsec_conf_free(conf);
}

/* ipsec-max-bytes= / ipsec-max-packets=: binary prefixes, "B" only on
 * bytes, 1 to 2^63; a bad value names file:line and the accepted forms. */
static void test_sa_limits(void **state)
{
	struct ipsec_conf *conf = load(
		"conn unset\n"				/* 1 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"conn bare\n"				/* 5 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tipsec-max-bytes=1000\n"
		"\tipsec-max-packets=20\n"		/* 10 */
		"conn prefixed\n"
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tipsec-max-bytes=3MiB\n"		/* 15 */
		"\tipsec-max-packets=2Ki\n"
		"conn largest\n"
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"			/* 20 */
		"\tipsec-max-bytes=8EiB\n"
		"\tipsec-max-packets=9223372036854775808\n"
		"conn bad\n"
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"			/* 25 */
		"\tauthby=secret\n"
		"\tipsec-max-bytes=0\n"
		"\tipsec-max-packets=10KiB\n"
		"conn bad2\n"
		"\tleft=192.1.2.45\n"			/* 30 */
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tipsec-max-bytes=9EiB\n"
		"\tipsec-max-packets=9223372036854775809\n"
		"conn bad3\n"				/* 35 */
		"\tleft=192.1.2.45\n"
		"\tright=192.1.2.23\n"
		"\tauthby=secret\n"
		"\tipsec-max-bytes=1KB\n"
		"\tipsec-max-packets=-5\n");		/* 40 */
	EXPECT_ERRORS(
		"test.conf:27: ipsec-max-bytes=0: invalid byte count; use a whole number from 1 to 2^63, optionally followed by KiB, MiB, GiB, TiB, PiB or EiB",
		"test.conf:28: ipsec-max-packets=10KiB: invalid packet count; use a whole number from 1 to 2^63, optionally followed by Ki, Mi, Gi, Ti, Pi or Ei",
		"test.conf:33: ipsec-max-bytes=9EiB: invalid byte count",
		"test.conf:34: ipsec-max-packets=9223372036854775809: invalid packet count",
		"test.conf:39: ipsec-max-bytes=1KB: invalid byte count",
		"test.conf:40: ipsec-max-packets=-5: invalid packet count");
	const struct conn_config *c = find(conf, "unset");
	assert_true(c->ipsec_max_bytes == 0);
	assert_true(c->ipsec_max_packets == 0);
	c = find(conf, "bare");
	assert_true(c->ipsec_max_bytes == 1000);
	assert_true(c->ipsec_max_packets == 20);
	c = find(conf, "prefixed");
	assert_true(c->ipsec_max_bytes == 3ull << 20);
	assert_true(c->ipsec_max_packets == 2048);
	c = find(conf, "largest");
	assert_true(c->ipsec_max_bytes == 1ull << 63);
	assert_true(c->ipsec_max_packets == 1ull << 63);
	expect_not_loaded(conf, "bad", "test.conf:27:");
	expect_not_loaded(conf, "bad2", "test.conf:33:");
	expect_not_loaded(conf, "bad3", "test.conf:39:");
	assert_int_equal(conf->nr_conns, 4);
	ipsec_conf_free(conf);
}

static void test_nul_and_crlf(void **state)
{
	static const char text[] = "conn x\r\n\tleft=192.0.2.1\r\n\tright=192.0.2.2\r\n\tauthby=null\0\n"
				   "\tleftid=@a\033[2J\n\tl\xc3\xa9" "ft=1\n";
	struct ipsec_conf *conf = ipsec_conf_load_buffer("t", text, sizeof(text) - 1, false, &errors);
	EXPECT_ERRORS("t:4: line contains a NUL byte",
		      "t:5: line contains a control character",
		      "t:6: a keyword holds only letters, digits");
	/* CRLF line ends are fine */
	expect_not_loaded(conf, "x", "t:4:");
	ipsec_conf_free(conf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_net_to_net_psk, reset),
		cmocka_unit_test_teardown(test_every_keyword, reset),
		cmocka_unit_test_teardown(test_ipv6_and_aliases, reset),
		cmocka_unit_test_teardown(test_bad_values_name_file_line, reset),
		cmocka_unit_test_teardown(test_layout_errors, reset),
		cmocka_unit_test_teardown(test_default_and_conflicts, reset),
		cmocka_unit_test_teardown(test_also_loops_and_limits, reset),
		cmocka_unit_test_teardown(test_incomplete_conns, reset),
		cmocka_unit_test_teardown(test_setup_errors_and_notes, reset),
		cmocka_unit_test_teardown(test_durations, reset),
		cmocka_unit_test_teardown(test_include, reset),
		cmocka_unit_test_teardown(test_libreswan_testing_shape, reset),
		cmocka_unit_test_teardown(test_nul_and_crlf, reset),
		cmocka_unit_test_teardown(test_sa_limits, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
