/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kernel_xfrm_ops: the stock Linux XFRM backend.  Each operation builds
 * its request (kernel_xfrm_sa.c, kernel_xfrm_policy.c), sends it
 * (kernel_xfrm_netlink.c) and records what now exists in the kernel
 * (kernel_xfrm_track.c) so that cleanup removes exactly that.
 *
 * Debug lines name SPIs, reqids, addresses and algorithm names; keys
 * never reach a log line.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/xfrm.h>

#include "kernel_xfrm.h"
#include "log.h"

static const char *proto_name(uint8_t proto)
{
	return proto == IPPROTO_ESP ? "ESP" : proto == IPPROTO_AH ? "AH" : "?";
}

static const char *dir_name(enum kernel_policy_dir dir)
{
	switch (dir) {
	case KERNEL_POLICY_IN:
		return "in";
	case KERNEL_POLICY_OUT:
		return "out";
	case KERNEL_POLICY_FWD:
		return "fwd";
	}
	return "?";
}

static void xfrm_cleanup(struct kernel *k, struct kernel_cleanup_stats *stats);

/* Remove what a previous instance's journal says it left behind. */
static bool remove_leftovers(struct kernel *k, const char *path,
			     struct kernel_cleanup_stats *leftovers, struct diag *d)
{
	unsigned bad_lines;

	if (!xfrm_journal_replay(path, &k->track, &bad_lines, d))
		return false;
	if (k->track.nsas + k->track.npolicies > 0)
		llog("kernel: removing %zu SAs and %zu policies a previous instance left (journal %s)",
		     k->track.nsas, k->track.npolicies, path);
	xfrm_cleanup(k, leftovers);
	if (bad_lines > 0)
		llog("kernel: %u unreadable lines in %s were skipped", bad_lines, path);
	return true;
}

/* Called before an operation writes journal lines (between operations
 * the tracked set is what the kernel holds of ours). */
static void journal_tidy(struct kernel *k)
{
	struct diag d;

	if (xfrm_journal_compact_due(&k->journal, &k->track) &&
	    !xfrm_journal_compact(&k->journal, &k->track, &d))
		llog("%s; it keeps growing", d.msg);
}

static bool open_journal(struct xfrm_journal *j, const char *path, struct diag *d)
{
	if (strlen(path) >= sizeof(j->path))
		return diag(d, "kernel: journal path %s is too long", path);
	snprintf(j->path, sizeof(j->path), "%s", path);
	j->f = xfrm_journal_create(path);
	if (j->f == NULL)
		return diag(d, "kernel: creating the install journal %s: %s", path, strerror(errno));
	return true;
}

static struct kernel *xfrm_init(const struct kernel_init *args,
				struct kernel_cleanup_stats *leftovers, struct diag *d)
{
	struct kernel *k = calloc(1, sizeof(*k));
	struct kernel_cleanup_stats none = { 0 };

	if (leftovers != NULL)
		*leftovers = none;
	if (k == NULL) {
		diag(d, "kernel: out of memory");
		return NULL;
	}
	if (args != NULL)
		k->handlers = args->handlers;
	if (!xfrm_open_sockets(k, d))
		goto fail;
	xfrm_probe_features(k);
	/* Listen only when the kernel sends them and someone wants them:
	 * a listener is what switches the kernel's notifications on. */
	if (k->features.unknown_spi.present && k->handlers.unknown_spi != NULL) {
		struct diag jd;

		if (!xfrm_join_unknown_spi(k, &jd))
			llog("kernel: unknown-SPI notifications will not be received: %s", jd.msg);
	}
	if (args != NULL && args->journal != NULL) {
		if (!remove_leftovers(k, args->journal, leftovers, d) ||
		    !open_journal(&k->journal, args->journal, d))
			goto fail;
		/* What could not be removed stays ours: write it down again. */
		xfrm_journal_write_tracked(&k->journal, &k->track);
	}
	return k;
fail:
	xfrm_close_sockets(k);
	xfrm_track_free(&k->track);
	free(k);
	return NULL;
}

/*
 * Remove every tracked policy, then every tracked SA.  What the kernel
 * refuses to remove stays tracked (and journaled), so a later cleanup,
 * or the next instance, tries again.
 */
static void xfrm_cleanup(struct kernel *k, struct kernel_cleanup_stats *stats)
{
	struct kernel_cleanup_stats s = { 0 };
	size_t kept = 0;

	/* Policies first: once they are gone no packet needs the SAs. */
	for (size_t i = 0; i < k->track.npolicies; i++) {
		struct kernel_policy p;
		struct xfrm_req r;
		struct xfrm_ack ack = { 0 };
		struct diag d;

		xfrm_tracked_policy_to_policy(&k->track.policies[i], &p);
		if (xfrm_build_delpolicy(&r, &p, &d) &&
		    xfrm_request(k, &r, NULL, NULL, &ack, &d)) {
			s.policies_removed++;
			xfrm_journal_policy(&k->journal, false, &p);
		} else if (ack.error == ENOENT) {
			s.policies_gone++;
			xfrm_journal_policy(&k->journal, false, &p);
		} else {
			s.failures++;
			llog("kernel: cleanup: policy %s -> %s %s: %s",
			     xfrm_sel_text(&p.src).s, xfrm_sel_text(&p.dst).s,
			     dir_name(p.dir), d.msg);
			k->track.policies[kept++] = k->track.policies[i];
		}
	}
	k->track.npolicies = kept;

	kept = 0;
	for (size_t i = 0; i < k->track.nsas; i++) {
		struct kernel_said said = k->track.sas[i];
		struct xfrm_req r;
		struct xfrm_ack ack = { 0 };
		struct diag d;

		if (xfrm_build_said(&r, XFRM_MSG_DELSA, &said, &d) &&
		    xfrm_request(k, &r, NULL, NULL, &ack, &d)) {
			s.sas_removed++;
			xfrm_journal_sa(&k->journal, false, &said);
		} else if (ack.error == ESRCH) {
			s.sas_gone++;	/* expired, or the peer's delete beat us */
			xfrm_journal_sa(&k->journal, false, &said);
		} else {
			s.failures++;
			llog("kernel: cleanup: SA %s SPI 0x%08x: %s",
			     xfrm_addr_text(&said.dst).s, said.spi, d.msg);
			k->track.sas[kept++] = said;
		}
	}
	k->track.nsas = kept;
	ldbg(DBG_KERNEL, "kernel: cleanup removed %u policies and %u SAs (%u and %u already gone, %u failures)",
	     s.policies_removed, s.sas_removed, s.policies_gone, s.sas_gone, s.failures);
	if (stats != NULL)
		*stats = s;
}

static void xfrm_shutdown(struct kernel *k, struct kernel_cleanup_stats *stats)
{
	struct kernel_cleanup_stats s;

	if (k == NULL)
		return;
	xfrm_cleanup(k, &s);
	if (k->journal.f != NULL) {
		fclose(k->journal.f);
		/* Nothing left for a next instance to remove?  Then no
		 * journal; otherwise it retries what failed here. */
		if (s.failures == 0 && unlink(k->journal.path) < 0)
			llog("kernel: removing %s: %s", k->journal.path, strerror(errno));
	}
	if (stats != NULL)
		*stats = s;
	xfrm_close_sockets(k);
	xfrm_track_free(&k->track);
	free(k);
}

static int xfrm_event_fd(const struct kernel *k)
{
	return mnl_socket_get_fd(k->ev);
}

static bool xfrm_process_events(struct kernel *k, struct diag *d)
{
	return xfrm_read_events(k, d);
}

static const struct kernel_features *xfrm_features(const struct kernel *k)
{
	return &k->features;
}

/* Remember an SA (or report that we could not, which would leak it). */
static bool track_sa(struct kernel *k, const struct kernel_said *said, struct diag *d)
{
	if (xfrm_track_sa(&k->track, said))
		return true;
	return diag(d, "kernel: out of memory tracking SA SPI 0x%08x; it will not be removed at shutdown",
		    said->spi);
}

static bool allocspi_reply(const struct xfrm_msg *m, void *arg, struct diag *d)
{
	return xfrm_parse_allocspi_reply(m, arg, d);
}

static bool xfrm_alloc_spi(struct kernel *k, const struct ip_address *src,
			   const struct ip_address *dst, uint8_t proto,
			   uint32_t reqid, uint32_t min, uint32_t max,
			   uint32_t *spi, struct diag *d)
{
	struct xfrm_req r;
	struct kernel_said said = { .src = *src, .dst = *dst, .proto = proto };

	*spi = 0;
	if (!xfrm_build_allocspi(&r, src, dst, proto, reqid, min, max,
				 k->features.sa_dir.present, d) ||
	    !xfrm_request(k, &r, allocspi_reply, &said.spi, NULL, d))
		return false;
	if (said.spi == 0)
		return diag(d, "XFRM_MSG_ALLOCSPI: the kernel sent no SPI");
	*spi = said.spi;
	/* No journal line: the kernel removes a larval SA that is never
	 * completed by itself (net.core.xfrm_acq_expires, 30 s by default),
	 * so a crash cannot leak one; the SA that completes it gets its line
	 * before it is sent.  (A write() less per Child SA.) */
	ldbg(DBG_KERNEL, "kernel: allocated %s SPI 0x%08x for %s -> %s reqid %u",
	     proto_name(proto), said.spi, xfrm_addr_text(src).s, xfrm_addr_text(dst).s, reqid);
	return track_sa(k, &said, d);
}

static bool xfrm_spi_unused(struct kernel *k, const struct ip_address *dst, uint8_t proto,
			    uint32_t spi)
{
	return !xfrm_tracks_spi(&k->track, dst, proto, spi);
}

/* NEWSA/UPDSA with what this kernel's extensions add (a standby
 * outbound SA's pairing), the same whether sent alone or in a batch. */
static bool build_sa(struct kernel *k, struct xfrm_req *r, const struct kernel_sa *sa,
		     bool update, struct diag *d)
{
	return xfrm_build_sa(r, sa, update, k->features.sa_dir.present, d) &&
	       xfrm_aor_put_standby(r, sa, k->features.activate_on_receipt.present, d);
}

static bool xfrm_add_sa(struct kernel *k, const struct kernel_sa *sa, bool update,
			struct diag *d)
{
	struct xfrm_req r;
	struct kernel_said said = {
		.src = sa->src, .dst = sa->dst, .spi = sa->spi,
		.proto = sa->proto, .mark = sa->mark,
	};

	journal_tidy(k);
	if (!build_sa(k, &r, sa, update, d)) {
		xfrm_req_wipe(&r);
		return false;
	}
	/* Written before sending: a crash in between must not leak it. */
	xfrm_journal_sa(&k->journal, true, &said);
	if (!xfrm_request(k, &r, NULL, NULL, NULL, d)) {
		/* A failed UPDSA leaves the larval SA from ALLOCSPI in place. */
		if (!update)
			xfrm_journal_sa(&k->journal, false, &said);
		return false;
	}
	ldbg(DBG_KERNEL, "kernel: %s %s SPI 0x%08x %s -> %s %s reqid %u %s%s%s%s%s",
	     update ? "updated" : "added", proto_name(sa->proto), sa->spi,
	     xfrm_addr_text(&sa->src).s, xfrm_addr_text(&sa->dst).s,
	     sa->mode == KERNEL_MODE_TUNNEL ? "tunnel" : "transport", sa->reqid,
	     sa->aead.name != NULL ? sa->aead.name : "",
	     sa->encr.name != NULL ? sa->encr.name : "",
	     sa->integ.name != NULL ? "+" : "",
	     sa->integ.name != NULL ? sa->integ.name : "",
	     sa->encap.type != KERNEL_ENCAP_NONE ? " encap" : "");
	return track_sa(k, &said, d);
}

static bool xfrm_del_sa(struct kernel *k, const struct kernel_said *said, struct diag *d)
{
	struct xfrm_req r;
	struct xfrm_ack ack;

	journal_tidy(k);
	if (!xfrm_build_said(&r, XFRM_MSG_DELSA, said, d))
		return false;
	if (!xfrm_request(k, &r, NULL, NULL, &ack, d)) {
		if (ack.error == ESRCH) {
			xfrm_untrack_sa(&k->track, said);	/* gone anyway */
			xfrm_journal_sa(&k->journal, false, said);
		}
		return false;
	}
	xfrm_untrack_sa(&k->track, said);
	xfrm_journal_sa(&k->journal, false, said);
	ldbg(DBG_KERNEL, "kernel: deleted %s SPI 0x%08x dst %s", proto_name(said->proto),
	     said->spi, xfrm_addr_text(&said->dst).s);
	return true;
}

struct counters_answer {
	struct kernel_sa_counters *c;
	bool seen;	/* an ACK without the SA would leave c unset */
};

static bool counters_reply(const struct xfrm_msg *m, void *arg, struct diag *d)
{
	struct counters_answer *ca = arg;

	if (!xfrm_parse_counters(m, ca->c, d))
		return false;
	ca->seen = true;
	return true;
}

static bool xfrm_get_sa_counters(struct kernel *k, const struct kernel_said *said,
				 struct kernel_sa_counters *out, struct diag *d)
{
	struct xfrm_req r;
	struct counters_answer ca = { .c = out };

	memset(out, 0, sizeof(*out));
	if (!xfrm_build_said(&r, XFRM_MSG_GETSA, said, d) ||
	    !xfrm_request(k, &r, counters_reply, &ca, NULL, d))
		return false;
	if (!ca.seen)
		return diag(d, "XFRM_MSG_GETSA: the kernel acknowledged without the SA");
	return true;
}

static bool xfrm_add_policy(struct kernel *k, const struct kernel_policy *p,
			    bool replace, struct diag *d)
{
	struct xfrm_req r;

	journal_tidy(k);
	if (!xfrm_build_policy(&r, p, replace, d))
		return false;
	xfrm_journal_policy(&k->journal, true, p);
	if (!xfrm_request(k, &r, NULL, NULL, NULL, d)) {
		/* UPDPOLICY may have failed to replace one we installed. */
		if (!replace)
			xfrm_journal_policy(&k->journal, false, p);
		return false;
	}
	ldbg(DBG_KERNEL, "kernel: %s policy %s -> %s %s %s reqid %u priority %u",
	     replace ? "replaced" : "added", xfrm_sel_text(&p->src).s,
	     xfrm_sel_text(&p->dst).s, dir_name(p->dir),
	     p->action == KERNEL_POLICY_BLOCK ? "block" : p->ntemplates > 0 ? "ipsec" : "pass",
	     p->ntemplates > 0 ? p->templates[0].reqid : 0,
	     p->priority != 0 ? p->priority
			      : kernel_policy_priority(&p->src, &p->dst, KERNEL_PRIORITY_STATIC));
	if (!xfrm_track_policy(&k->track, p))
		return diag(d, "kernel: out of memory tracking a policy; it will not be removed at shutdown");
	return true;
}

static bool xfrm_del_policy(struct kernel *k, const struct kernel_policy *p,
			    struct diag *d)
{
	struct xfrm_req r;
	struct xfrm_ack ack;

	journal_tidy(k);
	if (!xfrm_build_delpolicy(&r, p, d))
		return false;
	if (!xfrm_request(k, &r, NULL, NULL, &ack, d)) {
		if (ack.error == ENOENT) {
			xfrm_untrack_policy(&k->track, p);
			xfrm_journal_policy(&k->journal, false, p);
		}
		return false;
	}
	xfrm_untrack_policy(&k->track, p);
	xfrm_journal_policy(&k->journal, false, p);
	ldbg(DBG_KERNEL, "kernel: deleted policy %s -> %s %s", xfrm_sel_text(&p->src).s,
	     xfrm_sel_text(&p->dst).s, dir_name(p->dir));
	return true;
}

static struct kernel_said said_of(const struct kernel_sa *sa)
{
	return (struct kernel_said){ .src = sa->src, .dst = sa->dst, .spi = sa->spi,
				     .proto = sa->proto, .mark = sa->mark };
}

/* The journal lines of a batch, in one write before it is sent; or the
 * "del" lines of adds that did not happen (a failed UPDSA/UPDPOLICY may
 * have left ours in place: no line for those). */
static void journal_batch(struct kernel *k, const struct kernel_add *adds, unsigned n,
			  bool add, const struct xfrm_ack *acks)
{
	xfrm_journal_hold(&k->journal);
	for (unsigned i = 0; i < n; i++) {
		const struct kernel_add *a = &adds[i];
		if (!add && ((acks != NULL && acks[i].error == 0) ||
			     (a->sa != NULL ? a->update : a->replace)))
			continue;
		if (a->sa != NULL) {
			struct kernel_said said = said_of(a->sa);
			xfrm_journal_sa(&k->journal, add, &said);
		} else {
			xfrm_journal_policy(&k->journal, add, a->policy);
		}
	}
	xfrm_journal_release(&k->journal);
}

static bool xfrm_add_batch(struct kernel *k, const struct kernel_add *adds, unsigned n,
			   struct diag *d)
{
	struct xfrm_ack acks[KERNEL_BATCH_MAX];

	journal_tidy(k);
	if (n == 0)
		return true;
	if (n > KERNEL_BATCH_MAX)
		return diag(d, "kernel: a batch of %u adds (at most %d)", n, KERNEL_BATCH_MAX);
	for (unsigned i = 0; i < n; i++) {
		const struct kernel_add *a = &adds[i];
		bool built = a->sa != NULL
			? build_sa(k, &k->batch[i], a->sa, a->update, d)
			: a->policy != NULL && xfrm_build_policy(&k->batch[i], a->policy, a->replace, d);
		if (!built) {
			for (unsigned j = 0; j <= i; j++)
				xfrm_req_wipe(&k->batch[j]);
			return a->sa != NULL || a->policy != NULL ? false
								  : diag(d, "kernel: an empty batch entry");
		}
	}
	/* The requests holding keys are wiped once sent: their names now. */
	uint16_t types[KERNEL_BATCH_MAX];
	for (unsigned i = 0; i < n; i++)
		types[i] = k->batch[i].nlh->nlmsg_type;
	/* Written before sending: a crash in between must not leak them. */
	journal_batch(k, adds, n, true, NULL);
	if (!xfrm_request_batch(k, k->batch, n, acks, d)) {
		journal_batch(k, adds, n, false, NULL);
		return false;
	}
	journal_batch(k, adds, n, false, acks);

	int refused = -1;
	for (unsigned i = 0; i < n; i++) {
		const struct kernel_add *a = &adds[i];
		if (acks[i].error != 0) {
			if (refused < 0)
				refused = (int)i;
			continue;
		}
		bool tracked;
		if (a->sa != NULL) {
			struct kernel_said said = said_of(a->sa);
			tracked = xfrm_track_sa(&k->track, &said);
			ldbg(DBG_KERNEL, "kernel: %s %s SPI 0x%08x %s -> %s reqid %u (batch)",
			     a->update ? "updated" : "added", proto_name(a->sa->proto), a->sa->spi,
			     xfrm_addr_text(&a->sa->src).s, xfrm_addr_text(&a->sa->dst).s,
			     a->sa->reqid);
		} else {
			tracked = xfrm_track_policy(&k->track, a->policy);
			ldbg(DBG_KERNEL, "kernel: %s policy %s -> %s %s (batch)",
			     a->replace ? "replaced" : "added", xfrm_sel_text(&a->policy->src).s,
			     xfrm_sel_text(&a->policy->dst).s, dir_name(a->policy->dir));
		}
		if (!tracked)
			llog("kernel: out of memory tracking an SA or policy; it will not be removed at shutdown");
	}
	if (refused < 0)
		return true;

	/* All or nothing: take back what went in, newest first. */
	for (unsigned i = n; i-- > 0;) {
		const struct kernel_add *a = &adds[i];
		struct diag rd;
		if (acks[i].error != 0 || (a->sa != NULL && a->update))
			continue;
		bool removed;
		if (a->sa != NULL) {
			struct kernel_said said = said_of(a->sa);
			removed = xfrm_del_sa(k, &said, &rd);
		} else {
			removed = xfrm_del_policy(k, a->policy, &rd);
		}
		if (!removed)
			llog("kernel: undoing a refused batch: %s", rd.msg);
	}
	const struct xfrm_ack *ack = &acks[refused];
	uint16_t type = types[refused];
	if (ack->have_msg)
		return diag(d, "%s: %s (kernel: %s)", xfrm_msg_name(type), strerror(ack->error),
			    ack->msg);
	return diag(d, "%s: %s", xfrm_msg_name(type), strerror(ack->error));
}

static bool xfrm_bypass(struct kernel *k, int fd, int family, struct diag *d)
{
	(void)k;
	return xfrm_bypass_socket(fd, family, d);
}

const struct kernel_ops kernel_xfrm_ops = {
	.name = "xfrm",
	.init = xfrm_init,
	.shutdown = xfrm_shutdown,
	.cleanup = xfrm_cleanup,
	.event_fd = xfrm_event_fd,
	.process_events = xfrm_process_events,
	.features = xfrm_features,
	.alloc_spi = xfrm_alloc_spi,
	.spi_unused = xfrm_spi_unused,
	.add_sa = xfrm_add_sa,
	.del_sa = xfrm_del_sa,
	.get_sa_counters = xfrm_get_sa_counters,
	.add_policy = xfrm_add_policy,
	.del_policy = xfrm_del_policy,
	.add_batch = xfrm_add_batch,
	.bypass_socket = xfrm_bypass,
};
