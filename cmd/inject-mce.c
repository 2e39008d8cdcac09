// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl inject --machine-check / --memory-failure: consumed poison on
 * purpose, for test labs. A machine-check record through mce-inject (the
 * NFIT handler adds a badrange; kernel-decoded, memory_failure() runs too)
 * or memory_failure() alone through hwpoison-inject, at one target given
 * as inject takes it; then what the kernel did, watched until it is done.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/inject.h"
#include "cmd/inject-mce.h"
#include "cmd/output.h"
#include "cmd/words.h"
#include "lib/badblocks.h"
#include "lib/mce.h"
#include "util/audit.h"
#include "util/kmsg.h"
#include "util/lock.h"
#include "util/tracefs.h"

#define DMI_DIR "/sys/class/dmi/id"
/* how long the kernel gets to act when --timeout is not given */
#define CONSUME_TIMEOUT_S 10

static int consume_usage(const char *msg)
{
	pm_error(CMD, "%s (see 'pmemctl inject -h')", msg);
	return EXIT_USAGE;
}

void inject_consume_option(struct inject_opts *o, int c, unsigned long long num)
{
	switch (c) {
	case OPT_MACHINE_CHECK:
	case OPT_MEMORY_FAILURE: o->consume = c; break;
	case OPT_GRANULARITY: o->granularity = num; o->has_granularity = true; break;
	case OPT_KERNEL_DECODED: o->kernel_decoded = true; break;
	}
}

int inject_consume_check(const struct inject_opts *o)
{
	unsigned int lsb;
	int where = !!o->file + !!o->spec.has_spa + !!o->spec.namespace;

	if (o->has_granularity && o->consume != OPT_MACHINE_CHECK)
		return consume_usage("--granularity goes with --machine-check");
	if (o->kernel_decoded && o->consume != OPT_MACHINE_CHECK)
		return consume_usage("--kernel-decoded goes with --machine-check");
	if (o->has_granularity && pm_mce_lsb(o->granularity, &lsb))
		return consume_usage("--granularity is 64, 128, 256, 512, 1024, 2048 or 4096 bytes "
				     "(MCi_MISC address LSB 6 to 12; the kernel ignores more than a page on Intel)");
	if (o->uninject || o->status || o->saturate || o->no_notify || o->no_wait)
		return consume_usage("--machine-check and --memory-failure take no --uninject, --status, "
				     "--saturate, --no-notify or --no-wait");
	if (where != 1 || (o->spec.namespace && o->file))
		return consume_usage("say where, once: --namespace with --block, --spa, or --file with --offset");
	if (o->spec.namespace && !o->spec.has_block)
		return consume_usage("--block is required with --namespace");
	if ((o->spec.has_spa && o->spec.has_block) || (o->file && (o->spec.has_block || o->spec.has_spa)))
		return consume_usage("--spa, --block and --file each say where: give one");
	if (o->spec.count != 1 || o->has_length)
		return consume_usage("one record hits one place: no --count or --length "
				     "(--granularity says how much the kernel marks bad)");
	if (o->has_offset && !o->file)
		return consume_usage("--offset goes with --file");
	if (o->file && o->offset % PM_SECTOR)
		return consume_usage("--offset is a multiple of 512");
	return EXIT_OK;
}

/* The target, resolved as inject resolves it: an address outside pmem is bad input here. */
static int resolve(struct ndctl_ctx *ctx, const struct inject_opts *o, struct pm_target *t, uint64_t *spa)
{
	struct pm_target *all = NULL;
	size_t n = 0;
	int rc = inject_resolve(ctx, o, &all, &n);

	if (rc == EXIT_OK && n) {
		*t = all[0];
		*spa = t->view.region_res + t->view.layout.data.start + t->block * PM_SECTOR;
		if (o->spec.has_spa)
			*spa = o->spec.spa;	/* the exact byte: the granularity aligns it */
	}
	free(all);
	if (rc == EXIT_NOMATCH && o->spec.has_spa)
		return EXIT_USAGE;
	return rc;
}

/* Test platforms only, unless forced; never memory_failure() on nfit_test's made-up addresses. */
static int check_platform(const struct inject_opts *o, const struct pm_target *t, struct consume_run *r)
{
	char why[256];

	r->platform = pm_platform_of(t->bus, DMI_DIR);
	if (r->platform == PM_PLATFORM_NFIT_TEST && r->kind != PM_CONSUME_DECODE_ONLY) {
		pm_error(CMD, "%s", pm_consume_refusal_words(t, r->platform, r->kind, why, sizeof(why)));
		return EXIT_REFUSED;
	}
	if (r->platform == PM_PLATFORM_REAL && !o->force) {
		pm_error(CMD, "%s", pm_consume_refusal_words(t, r->platform, r->kind, why, sizeof(why)));
		return EXIT_REFUSED;
	}
	if (r->platform == PM_PLATFORM_REAL && !o->quiet)
		pm_note(CMD, "%s is not a test platform; injecting anyway (--force)",
			ndctl_region_get_devname(t->region));
	return EXIT_OK;
}

static int read_region_bb(const struct pm_target *t, struct pm_bb_list *l)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/bus/nd/devices/%s/badblocks", ndctl_region_get_devname(t->region));
	return pm_bb_read(path, l);
}

/* The entries of @after that @before does not have. */
static void new_ranges(const struct pm_bb_list *before, const struct pm_bb_list *after, struct consume_run *r)
{
	r->nadded = 0;
	for (size_t i = 0; i < after->n && r->nadded < CONSUME_MAX_RANGES; i++) {
		bool old = false;

		for (size_t j = 0; j < before->n && !old; j++)
			old = before->e[j].sector == after->e[i].sector && before->e[j].count == after->e[i].count;
		if (!old)
			r->added[r->nadded++] = after->e[i];
	}
}

static bool expected_seen(const struct consume_run *r)
{
	for (size_t i = 0; i < r->nadded; i++)
		if (r->added[i].sector <= r->expect.sector &&
		    r->added[i].sector + r->added[i].count >= r->expect.sector + r->expect.count)
			return true;
	return false;
}

static int trace_line(const char *line, void *arg)
{
	const char *body = tracefs_event_body(line, PM_MF_TRACE_EVENT);

	if (body)
		pm_memfail_feed_event(arg, body);
	return 0;
}

/* What the kernel said so far: the tracepoint (memory_failure's result), the log (the rest). */
static void drain(int kfd, struct tracefs_inst *tr, struct consume_run *r)
{
	char msg[1024];

	if (tr)
		tracefs_drain(tr, trace_line, &r->mf);
	while (kfd >= 0 && kmsg_next(kfd, 0, msg, sizeof(msg)) > 0)
		pm_memfail_feed(&r->mf, msg);
}

/* Until the kernel did what the record asks (or the time is up): the badrange, memory_failure(). */
static void watch(const struct pm_target *t, const struct pm_bb_list *before, int kfd, struct tracefs_inst *tr,
		  unsigned int timeout_s, struct consume_run *r)
{
	bool want_bb = r->kind != PM_CONSUME_MEMORY_FAILURE, want_mf = r->kind != PM_CONSUME_DECODE_ONLY;
	unsigned int waited_ms = 0, step_ms = 100;

	for (;;) {
		struct pm_bb_list after = { 0 };

		drain(kfd, tr, r);
		if (want_bb && !read_region_bb(t, &after))
			new_ranges(before, &after, r);
		pm_bb_free(&after);
		r->bb_seen = !want_bb || expected_seen(r);
		r->mf_seen = !want_mf || r->mf.result != PM_MF_NONE;
		/* --timeout 0 waits as long as it takes, as for the scrub */
		if ((r->bb_seen && r->mf_seen) || (timeout_s && waited_ms >= timeout_s * 1000) || pm_stop)
			break;
		usleep(step_ms * 1000);
		waited_ms += step_ms;
	}
	/* what the kernel logs right after: a shutdown, the last signals */
	usleep(300 * 1000);
	drain(kfd, tr, r);
}

static void audit_run(const struct pm_target *t, const struct consume_run *r, int rc)
{
	audit(CMD, "%s namespace=%s spa=0x%llx%s%s platform=%s result=%s", pm_consume_kind_name(r->kind),
	      ndctl_namespace_get_devname(t->view.ndns), (unsigned long long)r->spa,
	      r->kind == PM_CONSUME_MEMORY_FAILURE ? "" : " granularity=",
	      r->kind == PM_CONSUME_MEMORY_FAILURE ? "" : r->gran_text, pm_platform_name(r->platform),
	      rc ? strerror(-rc) : "ok");
}

static int run(const struct inject_opts *o, const struct pm_target *t, struct consume_run *r)
{
	static const char *const mf_events[] = { PM_MF_EVENT, NULL };
	struct pm_bb_list before = { 0 };
	struct tracefs_inst *tr = NULL;
	struct pm_mce_saved saved;
	enum pm_mce_step step;
	size_t failed;
	char why[256];
	int lock, kfd, rc, missing;

	pm_catch_signals();
	lock = lock_take(ndctl_bus_get_devname(t->bus), NULL);
	if (lock < 0) {
		pm_error(CMD, "cannot take the lock for %s: %s", ndctl_bus_get_devname(t->bus), strerror(-lock));
		return lock == -EINTR ? EXIT_INTERRUPTED : EXIT_FAIL;
	}
	if (r->kind != PM_CONSUME_MEMORY_FAILURE && (rc = read_region_bb(t, &before))) {
		pm_error(CMD, "%s: cannot read its badblocks: %s", ndctl_region_get_devname(t->region), strerror(-rc));
		lock_release(lock);
		return EXIT_FAIL;
	}
	kfd = kmsg_open_end();
	r->log_read = kfd >= 0;
	if (r->kind != PM_CONSUME_DECODE_ONLY && tracefs_open(mf_events, 0, &tr, &missing))
		tr = NULL;	/* no tracefs: the log says the result too */
	r->trace_read = tr != NULL;
	rc = pm_mce_apply(&r->plan, &saved, &step, &failed);
	audit_run(t, r, rc);
	/* corrupt-pfn's write returns memory_failure()'s own error: it ran, the log says how */
	if (rc && r->kind == PM_CONSUME_MEMORY_FAILURE && step == PM_MCE_STEP_WRITE && failed + 1 == r->plan.nw) {
		if (!o->quiet)
			pm_note(CMD, "memory_failure() returned %s", strerror(-rc));
		rc = 0;
	}
	if (!rc) {
		r->done = true;
		watch(t, &before, kfd, tr, o->has_timeout ? (unsigned int)o->timeout : CONSUME_TIMEOUT_S, r);
	}
	pm_mce_restore(&r->plan, &saved);
	tracefs_close(tr);
	if (kfd >= 0)
		close(kfd);
	pm_bb_free(&before);
	lock_release(lock);
	if (rc) {
		pm_error(CMD, "%s", pm_mce_step_words(&r->plan, step, failed, rc, why, sizeof(why)));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* The badrange the NFIT handler promises: 1 << LSB bytes aligned down, in region sectors. */
static void expect_badrange(const struct pm_target *t, struct consume_run *r)
{
	uint64_t size = 1ULL << r->plan.lsb, start = (r->spa & ~(size - 1)) - t->view.region_res;

	r->expect.sector = start / PM_SECTOR;
	r->expect.count = (start + size + PM_SECTOR - 1) / PM_SECTOR - r->expect.sector;
}

static int plan(const struct inject_opts *o, const struct pm_target *t, struct consume_run *r)
{
	unsigned int lsb = PM_MCE_LSB_MAX;
	int rc;

	if (o->has_granularity)
		pm_mce_lsb(o->granularity, &lsb);
	snprintf(r->gran_text, sizeof(r->gran_text), "%llu", 1ULL << lsb);
	r->vendor = pm_cpu_vendor("/proc/cpuinfo");
	rc = pm_mce_plan(r->kind, r->vendor, r->spa, lsb, pm_mce_target_cpu(), &r->plan);
	if (rc == -EOPNOTSUPP) {
		pm_error(CMD, "--kernel-decoded needs an Intel or AMD CPU (/proc/cpuinfo names neither): "
			 "its record is the vendor's own");
		return EXIT_REFUSED;
	}
	if (r->kind != PM_CONSUME_MEMORY_FAILURE)
		expect_badrange(t, r);
	r->mf.pfn = r->spa / (uint64_t)sysconf(_SC_PAGESIZE);
	r->mf.fsdev = t->view.device;
	return rc ? EXIT_USAGE : EXIT_OK;
}

static int outcome(const struct consume_run *r)
{
	if (pm_stop)
		return EXIT_INTERRUPTED;
	if (!r->bb_seen || !r->mf_seen) {
		pm_error(CMD, "%s", pm_consume_unseen_words(r->bb_seen, r->mf_seen, r->log_read || r->trace_read));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int inject_consume(const struct inject_opts *o)
{
	struct consume_run r = { .kind = o->consume == OPT_MEMORY_FAILURE ? PM_CONSUME_MEMORY_FAILURE :
					 o->kernel_decoded ? PM_CONSUME_KERNEL_DECODED : PM_CONSUME_DECODE_ONLY };
	struct ndctl_ctx *ctx = NULL;
	struct pm_target t = { 0 };
	int rc, prc;

	if (inject_consume_table_check())
		return EXIT_USAGE;
	if (geteuid() != 0) {
		pm_error(CMD, "--%s needs root", o->consume == OPT_MEMORY_FAILURE ? "memory-failure" : "machine-check");
		return EXIT_PERM;
	}
	rc = pm_ndctl_open(CMD, &ctx);
	if (rc == EXIT_OK)
		rc = resolve(ctx, o, &t, &r.spa);
	if (rc == EXIT_OK)
		rc = check_platform(o, &t, &r);
	if (rc == EXIT_OK)
		rc = plan(o, &t, &r);
	if (rc == EXIT_OK) {
		if (!o->dry_run)
			rc = run(o, &t, &r);
		if (rc == EXIT_OK && !o->dry_run)
			rc = outcome(&r);
		/* the report when something was done or planned; a failure before it is its one line */
		prc = o->dry_run || r.done ? pm_printed(CMD, inject_consume_report(&t, &r, o)) : 0;
		if (prc && rc == EXIT_OK)
			rc = EXIT_FAIL;
	}
	ndctl_unref(ctx);
	return rc;
}
