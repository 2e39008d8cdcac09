// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl inject: inject, uninject or list platform error injections through
 * the ACPI NFIT ARS error-inject DSMs, and wait until the kernel lists the
 * poison.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "cmd/inject.h"
#include "cmd/options.h"
#include "cmd/poison-json.h"
#include "cmd/words.h"
#include "lib/fiemap.h"
#include "lib/inject.h"
#include "lib/inuse.h"
#include "lib/mount.h"
#include "lib/poison.h"
#include "lib/scrub.h"
#include "lib/target.h"
#include "util/audit.h"
#include "util/json.h"
#include "util/lock.h"
#include "util/progress.h"
#include "util/strings.h"
#include "util/table.h"

static const char usage[] =
	"usage: pmemctl inject -n NAMESPACE -B BLOCK [-c COUNT] [options]\n"
	"       pmemctl inject --spa ADDRESS [-c COUNT] [options]\n"
	"       pmemctl inject --file PATH [--offset BYTES] [--length BYTES] [options]\n"
	"       pmemctl inject --status -n NAMESPACE\n"
	"       pmemctl inject --machine-check WHERE [--granularity N] [--kernel-decoded]\n"
	"       pmemctl inject --memory-failure WHERE\n"
	"       pmemctl inject --memdev MEMDEV --dpa ADDRESS [--length BYTES] [options]\n"
	"       pmemctl inject --cxl-region REGION --region-offset BYTES [--length BYTES]\n";

enum { OPT_SPA = 256, OPT_FILE, OPT_OFFSET, OPT_LENGTH, OPT_NO_WAIT, OPT_TIMEOUT, OPT_DRY_RUN,
	OPT_MEMDEV, OPT_DPA, OPT_CXL_REGION, OPT_REGION_OFFSET };

/* Bad combinations get one line, not the whole usage. */
static int usage_error(const char *msg)
{
	pm_error(CMD, "%s (see 'pmemctl inject -h')", msg);
	return EXIT_USAGE;
}

static int check_file_combination(const struct inject_opts *o)
{
	if (!o->file)
		return o->has_offset || o->has_length ? usage_error("--offset and --length go with --file") : EXIT_OK;
	if (o->spec.namespace || o->spec.has_spa || o->spec.has_block || o->spec.count != 1 || o->status)
		return usage_error("--file says where: it takes --offset and --length, not -n, --spa, -B, -c or --status");
	if (o->offset % PM_SECTOR || (o->has_length && (o->length % PM_SECTOR || o->length == 0)))
		return usage_error("--offset and --length are multiples of 512 (a length of at least 512)");
	return EXIT_OK;
}

static int check_combination(const struct inject_opts *o)
{
	/* never silently ignored: they shape a machine check only */
	if (o->has_granularity)
		return usage_error("--granularity goes with --machine-check");
	if (o->kernel_decoded)
		return usage_error("--kernel-decoded goes with --machine-check");
	if (inject_cxl_wanted(o))
		return inject_cxl_check(o);
	if (o->file || o->has_offset || o->has_length)
		return check_file_combination(o);
	if (o->spec.namespace && o->spec.has_spa)
		return usage_error("give either --namespace or --spa, not both");
	if (!o->spec.namespace && !o->spec.has_spa)
		return usage_error("say where: --namespace with --block, or --spa");
	if (o->status && (o->uninject || o->saturate || o->dry_run || o->spec.has_block || o->spec.has_spa))
		return usage_error("--status lists injections of a namespace and takes no other action");
	if (!o->status && o->spec.namespace && !o->spec.has_block)
		return usage_error("--block is required with --namespace");
	if (o->spec.has_spa && o->spec.has_block)
		return usage_error("--spa and --block both say where: give one");
	if (o->spec.count == 0)
		return usage_error("--count must be at least 1");
	return EXIT_OK;
}

static const struct opt_spec opt_specs[] = {
	{ 'n', "namespace", OPT_NAME, "NAMESPACE", "namespace", "the namespace to poison", NULL },
	{ 'B', "block", OPT_NUMBER, "BLOCK", NULL, "first 512-byte block of its data area", NULL },
	{ 'c', "count", OPT_NUMBER, "COUNT", NULL, "how many blocks (default 1)", NULL },
	{ OPT_SPA, "spa", OPT_NUMBER, "ADDRESS", NULL, "the block at a system physical address", NULL },
	{ OPT_FILE, "file", OPT_PATH, "PATH", NULL, "the blocks under a file's data", NULL },
	{ OPT_OFFSET, "offset", OPT_SIZE, "BYTES", NULL, "with --file: where in the file", NULL },
	{ OPT_LENGTH, "length", OPT_SIZE, "BYTES", NULL, "with --file or CXL: how much", NULL },
	{ OPT_MEMDEV, "memdev", OPT_NAME, "MEMDEV", "memdev", "CXL: the memory device to poison", NULL },
	{ OPT_DPA, "dpa", OPT_NUMBER, "ADDRESS", NULL, "CXL: its device physical address", NULL },
	{ OPT_CXL_REGION, "cxl-region", OPT_NAME, "REGION", "region", "CXL: the region to poison", NULL },
	{ OPT_REGION_OFFSET, "region-offset", OPT_SIZE, "BYTES", NULL, "CXL: where in the region", NULL },
	{ 'd', "uninject", OPT_FLAG, NULL, NULL, "take injections back", NULL },
	{ 't', "status", OPT_FLAG, NULL, NULL, "list firmware's injections", NULL },
	{ 'S', "saturate", OPT_FLAG, NULL, NULL, "each whole 512-byte block", NULL },
	{ 'N', "no-notify", OPT_FLAG, NULL, NULL, "latent: no error notification", NULL },
	{ OPT_NO_WAIT, "no-wait", OPT_FLAG, NULL, NULL, "do not wait for the kernel to list it", NULL },
	{ OPT_TIMEOUT, "timeout", OPT_SECONDS, "SECONDS", NULL, "wait for the scrub (default 120, 0: forever)", NULL },
	{ OPT_DRY_RUN, "dry-run", OPT_FLAG, NULL, NULL, "say what would be injected", NULL },
	{ 'f', "force", OPT_FLAG, NULL, NULL, "inject even under a device in use", NULL },
	INJECT_CONSUME_SPECS,
	{ 'q', "quiet", OPT_FLAG, NULL, NULL, "no progress line and no notes", NULL },
	OPT_HUMAN_SPEC,
	OPT_TABLE_SPECS,
	{ 0 },
};

static const struct opt_cmd opt_cmd = { CMD, usage, opt_specs, NULL };

/* ndctl inject-error takes the namespace as an argument and -n as a count: say pmemctl's words. */
static int ndctl_habit(const struct inject_opts *o, const char *count, int argc)
{
	if (count || (optind < argc && !o->spec.namespace)) {
		pm_error(CMD, "-n names the namespace and -c/--count counts blocks (ndctl inject-error's "
			 "-n COUNT NAMESPACE): pmemctl inject -n NAMESPACE -B BLOCK -c %s",
			 count ? count : "COUNT");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int parse_args(int argc, char **argv, struct inject_opts *o)
{
	const char *count = NULL;	/* a second -n that is a number: ndctl's count */
	struct opt_parser p;
	int c;

	opts_init(&p, &opt_cmd, argc, argv, &o->human);
	while ((c = opts_next(&p)) != -1) {
		switch (c) {
		case 'n':
			if (o->spec.namespace && !parse_u64(p.arg, &(uint64_t){ 0 }))
				count = p.arg;
			else
				o->spec.namespace = p.arg;
			break;
		case 'B': o->spec.block = p.num; o->spec.has_block = true; break;
		case 'c': o->spec.count = p.num; break;
		case OPT_SPA: o->spec.spa = p.num; o->spec.has_spa = true; break;
		case OPT_FILE: o->file = p.arg; break;
		case OPT_OFFSET: o->offset = p.num; o->has_offset = true; break;
		case OPT_LENGTH: o->length = p.num; o->has_length = true; break;
		case OPT_TIMEOUT: o->timeout = p.num; o->has_timeout = true; break;
		case 'd': o->uninject = true; break;
		case 't': o->status = true; break;
		case 'S': o->saturate = true; break;
		case 'N': o->no_notify = true; break;
		case OPT_NO_WAIT: o->no_wait = true; break;
		case OPT_DRY_RUN: o->dry_run = true; break;
		case OPT_MEMDEV: o->cxl_memdev = p.arg; break;
		case OPT_DPA: o->dpa = p.num; o->has_dpa = true; break;
		case OPT_CXL_REGION: o->cxl_region = p.arg; break;
		case OPT_REGION_OFFSET: o->region_offset = p.num; o->has_region_offset = true; break;
		case 'f': o->force = true; break;
		case 'q': o->quiet = true; break;
		case 'u': o->human = true; break;
		default: inject_consume_option(o, c, p.num); break;
		}
	}
	if (opts_done(&p) || ndctl_habit(o, count, argc) || opts_no_args(&p))
		return EXIT_USAGE;
	if (pm_table_listing())
		return EXIT_OK;
	if (o->consume && (o->cxl_memdev || o->has_dpa || o->cxl_region || o->has_region_offset))
		return usage_error("--machine-check and --memory-failure are for NVDIMM targets, not --memdev or --cxl-region");
	return o->consume ? inject_consume_check(o) : check_combination(o);
}

/* ---------------------------------------------------------------- action */

static void tick(void *arg, unsigned int elapsed)
{
	progress_tick(arg, elapsed);
}

static void lock_waiting(const char *bus)
{
	pm_note(CMD, "waiting for another pmemctl working on %s", bus);
}

/* Every data block of the target is in the kernel's badblocks list. */
static bool kernel_lists_target(struct ndctl_ctx *ctx, const struct pm_target *t)
{
	struct pm_filter f = { .namespace = ndctl_namespace_get_devname(t->view.ndns) };
	struct pm_range want = { t->block * PM_SECTOR, t->count * PM_SECTOR }, *seen, left;
	struct pm_scan s;
	long n;
	bool all;

	if (pm_scan_poison(ctx, &f, &s)) {
		pm_scan_free(&s);
		return false;
	}
	n = pm_scan_data_ranges(&s, PM_ALL_UNITS, NULL, &seen);
	all = n >= 0 && pm_range_subtract(&want, seen, (size_t)n, &left, 1) == 0;
	free(seen);
	pm_scan_free(&s);
	return all;
}

static int wait_for_kernel(struct ndctl_ctx *ctx, const struct pm_target *t, size_t n,
			   const struct inject_opts *o, unsigned int scrubs_before)
{
	char what[128];
	struct progress p;
	int rc;

	snprintf(what, sizeof(what), "waiting for the scrub on %s to list the poison",
		 ndctl_bus_get_devname(t->bus));
	progress_init(&p, what, o->quiet);
	rc = pm_scrub_wait(t->bus, scrubs_before, (unsigned int)o->timeout, p.on ? tick : NULL, &p);
	progress_done(&p);
	if (rc == -EINTR)
		return EXIT_INTERRUPTED;
	if (rc == -ETIMEDOUT) {
		pm_error(CMD, "injected, but no scrub finished within %llus ('pmemctl scrub' to run one)",
			 o->timeout);
		return EXIT_FAIL;
	}
	for (size_t i = 0; !rc && i < n; i++)
		if (!kernel_lists_target(ctx, &t[i]))
			rc = -EIO;
	if (rc) {
		pm_error(CMD, "injected, but after the scrub the kernel does not list every block");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static void audit_target(const struct pm_target *t, const struct inject_opts *o, int rc, uint64_t done)
{
	audit(CMD, "%s namespace=%s block=%llu count=%llu flags=%s%s%s%s result=%s done=%llu",
	      o->uninject ? "uninject" : "inject", ndctl_namespace_get_devname(t->view.ndns),
	      (unsigned long long)t->block, (unsigned long long)t->count,
	      o->no_notify ? "no-notify" : "notify", o->saturate ? ",saturate" : "",
	      o->file ? " file=" : "", o->file ? o->file : "",
	      rc == -EINTR ? "interrupted" : rc ? strerror(-rc) : "ok", (unsigned long long)done);
}

/* Inject (or uninject) every target in order; the notification rides on the last. */
static int inject_all(const struct pm_target *t, size_t n, const struct inject_opts *o, uint64_t *done,
		      size_t *failed)
{
	unsigned int flags = (o->no_notify ? 0 : PM_INJECT_NOTIFY) | (o->saturate ? PM_INJECT_SATURATE : 0);
	int rc = 0;

	for (*failed = 0; !rc && *failed < n; ) {
		size_t i = *failed;

		rc = pm_inject_blocks(&t[i], o->uninject, i + 1 < n ? flags & ~PM_INJECT_NOTIFY : flags,
				      &pm_stop, &done[i]);
		audit_target(&t[i], o, rc, done[i]);
		if (!rc)
			(*failed)++;
	}
	return rc;
}

static uint64_t sum(const uint64_t *v, size_t n, const struct pm_target *t)
{
	uint64_t s = 0;

	for (size_t i = 0; i < n; i++)
		s += v ? v[i] : t[i].count;
	return s;
}

static int run(struct ndctl_ctx *ctx, const struct pm_target *t, size_t n, const struct inject_opts *o,
	       uint64_t *done)
{
	const char *ns = ndctl_namespace_get_devname(t->view.ndns);
	bool wait = !o->uninject && !o->no_notify && !o->no_wait;
	struct pm_scrub_state before = { 0 };
	size_t at = 0;
	int lock, rc, exit_rc = EXIT_OK;

	pm_catch_signals();
	lock = lock_take(ndctl_bus_get_devname(t->bus), o->quiet ? NULL : lock_waiting);
	if (lock < 0) {
		if (lock == -EINTR) {
			pm_error(CMD, "interrupted while waiting for the lock; nothing injected");
			return EXIT_INTERRUPTED;
		}
		pm_error(CMD, "cannot take the lock for %s: %s", ndctl_bus_get_devname(t->bus), strerror(-lock));
		return EXIT_FAIL;
	}
	if (wait && pm_scrub_read(t->bus, &before)) {
		pm_error(CMD, "cannot read the scrub state of %s", ndctl_bus_get_devname(t->bus));
		lock_release(lock);
		return EXIT_FAIL;
	}
	rc = inject_all(t, n, o, done, &at);
	if (rc == -EINTR) {
		pm_error(CMD, "interrupted: %s %llu of %llu blocks", o->uninject ? "uninjected" : "injected",
			 (unsigned long long)sum(done, n, t), (unsigned long long)sum(NULL, n, t));
		/* the notification rides on the last block: ask for the scrub it would have caused */
		if (!o->uninject && !o->no_notify && sum(done, n, t))
			pm_scrub_start(t->bus);
		exit_rc = EXIT_INTERRUPTED;
	} else if (rc) {
		pm_error(CMD, "%s: %s failed at block %llu: %s", ns, o->uninject ? "uninject" : "inject",
			 (unsigned long long)t[at].block + done[at], strerror(-rc));
		exit_rc = EXIT_FAIL;
	} else if (wait) {
		/* a scrub already running when we injected may finish without our poison */
		exit_rc = wait_for_kernel(ctx, t, n, o, before.count + (before.running ? 1 : 0));
		if (exit_rc == EXIT_INTERRUPTED)
			pm_error(CMD, "interrupted while waiting for the scrub; all %llu blocks are injected",
				 (unsigned long long)sum(NULL, n, t));
	}
	lock_release(lock);
	if (o->uninject && !rc && !o->quiet)
		pm_note(CMD, "the kernel keeps listing these blocks as bad until they are rewritten "
			"(pmemctl recover, or a write over them)");
	return exit_rc;
}

int cmd_inject(int argc, char **argv)
{
	struct inject_opts o = { .spec.count = 1, .timeout = 120 };
	struct ndctl_ctx *ctx = NULL;
	struct pm_target *t = NULL;
	uint64_t *done = NULL;
	size_t n = 0;
	int rc = parse_args(argc, argv, &o);

	if (rc == EXIT_OK)
		rc = pm_may_act();
	if (rc == EXIT_OK && o.consume)
		return inject_consume(&o);
	if (rc == EXIT_OK && inject_cxl_wanted(&o))
		return inject_cxl(&o);
	if (rc == EXIT_OK)
		rc = inject_table_check();
	if (rc != EXIT_OK)
		return rc;
	rc = pm_ndctl_open(CMD, &ctx);
	if (rc == EXIT_OK)
		rc = inject_resolve(ctx, &o, &t, &n);
	for (size_t i = 0; rc == EXIT_OK && i < n; i++)
		rc = inject_check_safe(&t[i], &o);
	if (rc == EXIT_OK && !(done = calloc(n + 1, sizeof(*done))))
		rc = EXIT_FAIL;
	if (rc == EXIT_OK && o.status) {
		rc = inject_show_status(t, &o);
	} else if (rc == EXIT_OK) {
		int prc;

		if (!o.dry_run)
			rc = run(ctx, t, n, &o, done);
		/* the report, also after a failure or an interrupt: what was done and what not */
		prc = pm_printed(CMD, inject_report(t, n, done, &o));
		if (prc && rc == EXIT_OK)
			rc = EXIT_FAIL;
	}
	free(done);
	free(t);
	ndctl_unref(ctx);
	return rc;
}
