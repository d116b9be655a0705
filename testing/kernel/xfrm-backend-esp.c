/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xfrm-backend-test: one AES-GCM ESP connection between west and east
 * through the backend (SPIs, SAs, in/out/fwd policies), a ping through
 * it with counters read before and after, and its removal.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bytes.h"
#include "xfrm-backend-test.h"

void random_key(uint8_t *k, size_t n)
{
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd < 0 || read(fd, k, n) != (ssize_t)n)
		die("reading /dev/urandom");
	close(fd);
}

struct kernel_sa esp_sa(const struct conn *c, const struct host *from,
			       const struct host *to, uint32_t spi, const uint8_t *key,
			       enum kernel_sa_dir dir)
{
	struct kernel_sa sa = {
		.src = addr(c->family == AF_INET ? from->outer4 : from->outer6),
		.dst = addr(c->family == AF_INET ? to->outer4 : to->outer6),
		.spi = spi, .proto = IPPROTO_ESP, .mode = c->mode, .reqid = c->reqid,
		.aead = { .name = "rfc4106(gcm(aes))", .key = key, .key_len = 36 },
		.icv_bits = 128, .esn = c->esn, .replay_window = c->replay, .dir = dir,
	};

	if (c->udp_encap) {
		sa.encap.type = KERNEL_ENCAP_ESPINUDP;
		sa.encap.sport = sa.encap.dport = 4500;
		/* East's inbound SA expects the peer on a port it does not
		 * use: the kernel must report the NAT mapping change. */
		if (to == &east && dir == KERNEL_SA_DIR_IN)
			sa.encap.sport = 4501;
	}
	return sa;
}

struct kernel_policy esp_policy(const struct conn *c, const struct host *from,
				       const struct host *to, enum kernel_policy_dir dir)
{
	bool v4 = c->family == AF_INET;
	struct kernel_policy p = { .dir = dir, .action = KERNEL_POLICY_ALLOW, .ntemplates = 1 };

	if (c->mode == KERNEL_MODE_TUNNEL) {
		p.src = sel(v4 ? from->net4 : from->net6, v4 ? 24 : 64, 0, 0);
		p.dst = sel(v4 ? to->net4 : to->net6, v4 ? 24 : 64, 0, 0);
		p.templates[0].src = addr(v4 ? from->outer4 : from->outer6);
		p.templates[0].dst = addr(v4 ? to->outer4 : to->outer6);
	} else {
		p.src = sel(v4 ? from->outer4 : from->outer6, v4 ? 32 : 128, 0, 0);
		p.dst = sel(v4 ? to->outer4 : to->outer6, v4 ? 32 : 128, 0, 0);
	}
	p.templates[0].proto = IPPROTO_ESP;
	p.templates[0].mode = c->mode;
	p.templates[0].reqid = c->reqid;
	return p;
}

/* Both ends: SPIs, SAs, policies. */
bool install(struct conn *c)
{
	struct host *h[2] = { &west, &east };
	uint8_t key_we[36], key_ew[36];
	struct diag d;
	bool v4 = c->family == AF_INET;

	random_key(key_we, sizeof(key_we));
	random_key(key_ew, sizeof(key_ew));

	struct ip_address w = addr(v4 ? west.outer4 : west.outer6);
	struct ip_address e = addr(v4 ? east.outer4 : east.outer6);

	if (!ops->alloc_spi(west.k, &e, &w, IPPROTO_ESP, c->reqid, 0x1000, 0x7fffffff,
			    &c->spi_west_in, &d) ||
	    !ops->alloc_spi(east.k, &w, &e, IPPROTO_ESP, c->reqid, 0x1000, 0x7fffffff,
			    &c->spi_east_in, &d)) {
		check(false, "%s: allocate SPIs: %s", c->name, d.msg);
		return false;
	}
	check(c->spi_west_in >= 0x1000 && c->spi_east_in >= 0x1000 &&
	      c->spi_west_in <= 0x7fffffff && c->spi_east_in <= 0x7fffffff,
	      "%s: SPIs allocated in range", c->name);

	struct kernel_sa w_out = esp_sa(c, &west, &east, c->spi_east_in, key_we, KERNEL_SA_DIR_OUT);
	struct kernel_sa w_in = esp_sa(c, &east, &west, c->spi_west_in, key_ew, KERNEL_SA_DIR_IN);
	struct kernel_sa e_out = esp_sa(c, &east, &west, c->spi_west_in, key_ew, KERNEL_SA_DIR_OUT);
	struct kernel_sa e_in = esp_sa(c, &west, &east, c->spi_east_in, key_we, KERNEL_SA_DIR_IN);

	w_out.lifetime.soft_packets = c->soft_packets;
	bool ok = ops->add_sa(west.k, &w_out, false, &d) &&
		  ops->add_sa(west.k, &w_in, true, &d) &&
		  ops->add_sa(east.k, &e_out, false, &d) &&
		  ops->add_sa(east.k, &e_in, true, &d);
	secure_zero(key_we, sizeof(key_we));
	secure_zero(key_ew, sizeof(key_ew));
	check(ok, "%s: SAs installed%s%s", c->name, ok ? "" : ": ", ok ? "" : d.msg);
	if (!ok)
		return false;

	c->npol = c->mode == KERNEL_MODE_TUNNEL ? 3 : 2;
	for (int i = 0; i < 2; i++) {
		struct host *me = h[i], *peer = h[1 - i];

		c->pol[i][0] = esp_policy(c, me, peer, KERNEL_POLICY_OUT);
		c->pol[i][1] = esp_policy(c, peer, me, KERNEL_POLICY_IN);
		c->pol[i][2] = esp_policy(c, peer, me, KERNEL_POLICY_FWD);
		for (unsigned j = 0; j < c->npol; j++) {
			if (!ops->add_policy(me->k, &c->pol[i][j], true, &d)) {
				check(false, "%s: %s policy %u: %s", c->name, me->name, j, d.msg);
				return false;
			}
		}
	}
	check(true, "%s: policies installed (%u per host)", c->name, c->npol);
	return true;
}

struct kernel_said said_of(const struct conn *c, const struct host *from,
				  const struct host *to, uint32_t spi)
{
	bool v4 = c->family == AF_INET;
	struct kernel_said s = {
		.src = addr(v4 ? from->outer4 : from->outer6),
		.dst = addr(v4 ? to->outer4 : to->outer6),
		.spi = spi, .proto = IPPROTO_ESP,
	};
	return s;
}

void ping_and_count(struct conn *c)
{
	struct kernel_sa_counters before_out, before_in, after_out, after_in;
	struct kernel_said out = said_of(c, &west, &east, c->spi_east_in);
	struct kernel_said in = said_of(c, &east, &west, c->spi_west_in);
	struct diag d;
	bool v4 = c->family == AF_INET;
	const char *src = c->mode == KERNEL_MODE_TUNNEL ? (v4 ? west.inner4 : west.inner6)
							: (v4 ? west.outer4 : west.outer6);
	const char *dst = c->mode == KERNEL_MODE_TUNNEL ? (v4 ? east.inner4 : east.inner6)
							: (v4 ? east.outer4 : east.outer6);

	if (!ops->get_sa_counters(west.k, &out, &before_out, &d) ||
	    !ops->get_sa_counters(west.k, &in, &before_in, &d)) {
		check(false, "%s: read counters: %s", c->name, d.msg);
		return;
	}
	check(before_out.packets == 0 && before_in.packets == 0 && before_out.add_time != 0,
	      "%s: fresh SAs count 0 packets (out %llu, in %llu)", c->name,
	      (unsigned long long)before_out.packets, (unsigned long long)before_in.packets);

	check(run("ip netns exec west ping -%c -q -c 3 -i 0.2 -W 2 -I %s %s >/dev/null",
		  v4 ? '4' : '6', src, dst),
	      "%s: ping %s -> %s passes", c->name, src, dst);

	if (!ops->get_sa_counters(west.k, &out, &after_out, &d) ||
	    !ops->get_sa_counters(west.k, &in, &after_in, &d)) {
		check(false, "%s: read counters: %s", c->name, d.msg);
		return;
	}
	check(after_out.packets >= 3 && after_out.bytes > before_out.bytes &&
	      after_in.packets >= 3 && after_in.bytes > before_in.bytes,
	      "%s: counters moved (out %llu packets %llu bytes, in %llu packets %llu bytes)",
	      c->name, (unsigned long long)after_out.packets, (unsigned long long)after_out.bytes,
	      (unsigned long long)after_in.packets, (unsigned long long)after_in.bytes);
	check(after_out.have_last_used || after_in.have_last_used || after_out.first_use_time != 0,
	      "%s: use time reported (first use %llu, last used %s)", c->name,
	      (unsigned long long)after_out.first_use_time,
	      after_out.have_last_used ? "present" : "absent");
}

void remove_conn(struct conn *c)
{
	struct host *h[2] = { &west, &east };
	struct diag d;
	bool ok = true;

	for (int i = 0; i < 2 && ok; i++) {
		for (unsigned j = 0; j < c->npol && ok; j++)
			ok = ops->del_policy(h[i]->k, &c->pol[i][j], &d);
	}
	struct kernel_said s[4] = {
		said_of(c, &west, &east, c->spi_east_in), said_of(c, &east, &west, c->spi_west_in),
	};
	s[2] = s[1];
	s[3] = s[0];
	for (int i = 0; i < 4 && ok; i++)
		ok = ops->del_sa(i < 2 ? west.k : east.k, &s[i], &d);
	check(ok, "%s: SAs and policies deleted%s%s", c->name, ok ? "" : ": ", ok ? "" : d.msg);
	/* Deleting twice must fail cleanly with the kernel's reason. */
	ok = !ops->del_sa(west.k, &s[0], &d) && strstr(d.msg, "No such process") != NULL;
	check(ok, "%s: deleting a deleted SA fails cleanly (%s)", c->name, d.msg);
}

/*
 * add_batch on west: a Child SA's two SAs and three policies in one
 * exchange (the inbound one updating ALLOCSPI's larval SA), then a batch
 * the kernel refuses at its last add (an SA that exists): the SA and the
 * policy it added before are taken out again.  The first batch stays for
 * shutdown_and_check to remove.
 */
void batch_test(void)
{
	struct conn c = { .name = "batch", .family = AF_INET, .mode = KERNEL_MODE_TUNNEL,
			  .reqid = 105, .replay = 32 };
	struct ip_address w = addr(west.outer4), e = addr(east.outer4);
	uint8_t key[36];
	uint32_t spi_in;
	struct diag d;

	if (!ops->alloc_spi(west.k, &e, &w, IPPROTO_ESP, c.reqid, 0x1000, 0x7fffffff, &spi_in, &d)) {
		check(false, "batch: allocate an SPI: %s", d.msg);
		return;
	}
	random_key(key, sizeof(key));
	struct kernel_sa in = esp_sa(&c, &east, &west, spi_in, key, KERNEL_SA_DIR_IN);
	struct kernel_sa out = esp_sa(&c, &west, &east, 0x0b0b0001, key, KERNEL_SA_DIR_OUT);
	struct kernel_policy pol[3] = {
		esp_policy(&c, &west, &east, KERNEL_POLICY_OUT),
		esp_policy(&c, &east, &west, KERNEL_POLICY_IN),
		esp_policy(&c, &east, &west, KERNEL_POLICY_FWD),
	};
	struct kernel_add adds[] = {
		{ .sa = &in, .update = true }, { .sa = &out },
		{ .policy = &pol[0], .replace = true }, { .policy = &pol[1], .replace = true },
		{ .policy = &pol[2], .replace = true },
	};
	bool ok = ops->add_batch(west.k, adds, 5, &d);
	check(ok && count_lines("west", "state", "spi 0x0b0b0001", NULL) == 1 &&
	      count_lines("west", "state", "reqid 105", NULL) == 2 &&
	      count_lines("west", "policy", "reqid 105", NULL) == 3,
	      "batch: 2 SAs and 3 policies in one exchange%s%s", ok ? "" : ": ", ok ? "" : d.msg);

	/* The same outbound SA again at the end: refused (EEXIST). */
	struct kernel_sa out2 = esp_sa(&c, &west, &east, 0x0b0b0002, key, KERNEL_SA_DIR_OUT);
	struct kernel_policy udp = esp_policy(&c, &west, &east, KERNEL_POLICY_OUT);
	udp.src.ipproto = IPPROTO_UDP;
	udp.src.port = 4242;
	udp.templates[0].reqid = 106;
	struct kernel_add refused[] = {
		{ .sa = &out2 }, { .policy = &udp }, { .sa = &out },
	};
	ok = ops->add_batch(west.k, refused, 3, &d);
	secure_zero(key, sizeof(key));
	check(!ok && strstr(d.msg, "XFRM_MSG_NEWSA: File exists") != NULL,
	      "batch: the kernel's refusal is reported (%s)", ok ? "accepted" : d.msg);
	check(count_lines("west", "state", "spi 0x0b0b0002", NULL) == 0 &&
	      count_lines("west", "policy", "reqid 106", NULL) == 0 &&
	      count_lines("west", "state", "spi 0x0b0b0001", NULL) == 1,
	      "batch: a refused batch takes back what it added, and only that");
}
