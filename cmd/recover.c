// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl recover: clear poison by recovery writes with the device online,
 * keeping every good byte: O_DIRECT writes on a namespace's block device,
 * page-aligned pwrite()s on the files of a mounted DAX filesystem, or for
 * devdax the clear-error command and then stores through a mapping.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "cmd/options.h"
#include "cmd/recover.h"
#include "cmd/words.h"
#include "lib/fiemap.h"
#include "lib/inuse.h"
#include "lib/mount.h"
#include "lib/plan.h"
#include "lib/poison.h"
#include "lib/recover-plan.h"
#include "lib/scrub.h"
#include "util/json.h"
#include "util/sysfs.h"
#include "util/table.h"

static const char usage[] =
	"usage: pmemctl recover -n NAMESPACE [-B BLOCK -c COUNT] [--from IMAGE] [options]\n"
	"       pmemctl recover -r REGION [options]\n"
	"       pmemctl recover --file PATH [--from IMAGE] [options]\n"
	"       pmemctl recover -n NAMESPACE --files [options]\n";

enum { OPT_FILE = 256, OPT_FILES, OPT_FROM, OPT_DRY_RUN };

static const struct opt_spec opt_specs[] = {
	{ 'n', "namespace", OPT_NAME, "NAMESPACE", "namespace", "the namespace (or its device)", NULL },
	{ 'r', "region", OPT_NAME, "REGION", "region", "every namespace of the region", "namespace file" },
	{ 'B', "block", OPT_NUMBER, "BLOCK", NULL, "only the poison in these blocks", "region file" },
	{ 'c', "count", OPT_NUMBER, "COUNT", NULL, "how many blocks, with -B", NULL },
	{ OPT_FILE, "file", OPT_PATH, "PATH", NULL, "a file on an fsdax filesystem", "namespace" },
	{ OPT_FILES, "files", OPT_FLAG, NULL, NULL, "every file hit by the namespace's poison", NULL },
	{ OPT_FROM, "from", OPT_PATH, "IMAGE", NULL, "replacement bytes from IMAGE, not zeros", "files" },
	{ OPT_DRY_RUN, "dry-run", OPT_FLAG, NULL, NULL, "print the plan, write nothing", NULL },
	{ 'f', "force", OPT_FLAG, NULL, NULL, "write through a device another program holds", NULL },
	{ 'q', "quiet", OPT_FLAG, NULL, NULL, "no notes on stderr", NULL },
	OPT_HUMAN_SPEC,
	OPT_TABLE_SPECS,
	{ 0 },
};

static const struct opt_cmd opt_cmd = { CMD, usage, opt_specs, NULL,
	"recover names its target with -n NAMESPACE, -r REGION or --file PATH" };

static int parse_args(int argc, char **argv, struct recover_opts *o)
{
	struct opt_parser p;
	int c;

	opts_init(&p, &opt_cmd, argc, argv, &o->human);
	while ((c = opts_next(&p)) != -1) {
		switch (c) {
		case 'n': o->namespace = p.arg; break;
		case 'r': o->region = p.arg; break;
		case 'B': o->block = p.num; o->has_block = true; break;
		case 'c': o->count = p.num; break;
		case OPT_FILE: o->file = p.arg; break;
		case OPT_FILES: o->files = true; break;
		case OPT_FROM: o->image = p.arg; break;
		case OPT_DRY_RUN: o->dry_run = true; break;
		case 'f': o->force = true; break;
		case 'q': o->quiet = true; break;
		case 'u': o->human = true; break;
		}
	}
	if (opts_done(&p) || opts_no_args(&p))
		return EXIT_USAGE;
	if (pm_table_listing())
		return EXIT_OK;
	if (!!o->namespace + !!o->region + !!o->file != 1) {
		pm_error(CMD, "say what to recover: one of --namespace, --region or --file "
			 "(see 'pmemctl recover -h')");
		return EXIT_USAGE;
	}
	if (o->has_block != (o->count != 0)) {
		pm_error(CMD, "--block and --count go together (a count of at least 1)");
		return EXIT_USAGE;
	}
	if (o->files && (!o->namespace || o->has_block)) {
		pm_error(CMD, "--files recovers every file hit by a namespace's poison: it takes -n, "
			 "and neither -B/-c nor --from");
		return EXIT_USAGE;
	}
	return recover_check_image(o->image);
}

/* ---------------------------------------------------------------- target */

int recover_resolve(struct job *j)
{
	const struct recover_opts *o = j->o;
	struct pm_target_spec spec = { .namespace = o->namespace, .block = o->block,
				       .count = o->has_block ? o->count : 1 };
	struct pm_target_error e;
	char dev[64], err[256];
	int rc;

	if (o->file) {
		rc = pm_file_device(CMD, o->file, dev, sizeof(dev));
		if (rc)
			return rc;
		spec.namespace = dev;
	}
	rc = pm_target_resolve(j->ctx, &spec, &j->t, &e);
	if (rc) {
		pm_error(CMD, "%s%s%s", o->file ? o->file : "", o->file ? ": " : "",
			 pm_target_words(&spec, &j->t, &e, err, sizeof(err)));
		return rc == -ENODEV ? EXIT_NOMATCH : rc == -EOPNOTSUPP ? EXIT_REFUSED :
		       rc == -EACCES ? EXIT_PERM : EXIT_USAGE;
	}
	if (!o->has_block) {	/* the whole data area */
		j->t.block = 0;
		j->t.count = j->t.view.layout.data.len / PM_SECTOR;
	}
	j->file = o->file;
	j->image = o->image;
	return EXIT_OK;
}

/* Alignment of the writes: logical block size, clear unit, and page for files. */
static int write_unit(struct job *j)
{
	const struct pm_ns_view *v = &j->t.view;
	char path[PATH_MAX], text[32];
	unsigned int clear = 0;
	uint64_t unit = PM_SECTOR, lbs;

	snprintf(path, sizeof(path), "/sys/block/%s/queue/logical_block_size", v->device);
	if (sysfs_read(path, text, sizeof(text)) == 0 && (lbs = strtoull(text, NULL, 10)) > unit)
		unit = lbs;
	if (pm_ars_clear_unit(j->t.bus, v->region_res + v->layout.data.start, v->layout.data.len, &clear) == 0)
		j->clear_unit = clear;
	if (clear > unit)
		unit = clear;
	if (recover_is_devdax(j) && !j->clear_unit) {
		pm_error(CMD, "%s: the platform has no clear-error command: devdax poison can only be "
			 "cleared by it", v->device);
		return EXIT_REFUSED;
	}
	if (j->file && (uint64_t)sysconf(_SC_PAGESIZE) > unit)
		unit = (uint64_t)sysconf(_SC_PAGESIZE);
	if (!pm_unit_valid(unit)) {
		pm_error(CMD, "%s: unusable write unit %llu bytes", v->device, (unsigned long long)unit);
		return EXIT_FAIL;
	}
	j->unit = unit;
	if (j->o->has_block && ((j->t.block * PM_SECTOR) % unit || (j->t.count * PM_SECTOR) % unit)) {
		pm_error(CMD, "-B/-c must be aligned to %llu-byte units (%llu blocks) on %s",
			 (unsigned long long)unit, (unsigned long long)(unit / PM_SECTOR), v->device);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int check_mode(struct job *j)
{
	const struct pm_ns_view *v = &j->t.view;
	const char *ns = ndctl_namespace_get_devname(v->ndns);
	struct pm_busy b;
	char why[PATH_MAX + 128];
	int busy;

	if (!v->device) {
		pm_error(CMD, "%s: not enabled: no device to write through", ns);
		return EXIT_REFUSED;
	}
	busy = pm_device_in_use(v, &b);
	pm_busy_words(&b, why, sizeof(why));
	if (busy > 0 && !j->file && b.kind == PM_BUSY_MOUNTED) {
		pm_error(CMD, "%s: %s; writing the block device under a filesystem is refused: "
			 "recover its files with --file PATH", ns, why);
		return EXIT_REFUSED;
	}
	/* memory online as system RAM is never written under, even with --force */
	if (busy > 0 && !j->file && (!j->o->force || b.kind == PM_BUSY_SYSTEM_RAM)) {
		pm_error(CMD, "%s: %s; refusing to write under it%s", ns, why,
			 b.kind == PM_BUSY_SYSTEM_RAM ? "" : " (--force to do it anyway)");
		return EXIT_REFUSED;
	}
	if (busy <= 0 && j->file) {
		pm_error(CMD, "%s: /dev/%s is not mounted: recover the namespace with -n", j->file, v->device);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* ---------------------------------------------------------------- poison */

/* Poison of the target range, as normalized data ranges; other areas are reported. */
int recover_collect_poison(struct job *j)
{
	struct pm_filter f = { .namespace = ndctl_namespace_get_devname(j->t.view.ndns) };
	struct pm_range want = { j->t.block * PM_SECTOR, j->t.count * PM_SECTOR };
	struct pm_recover_poison p;
	struct pm_scan s;
	int rc = pm_scan_poison(j->ctx, &f, &s);

	if (!rc)
		rc = pm_recover_poison_of(&s, &want, &p);
	j->cut = false;
	for (size_t i = 0; !rc && i < s.nunits; i++)
		j->cut |= s.units[i].list == PM_LIST_CUT;
	pm_scan_free(&s);
	if (rc) {
		pm_error(CMD, "reading the poison of %s failed", f.namespace);
		return EXIT_FAIL;
	}
	j->bad = p.bad;
	j->nbad = p.nbad;
	for (size_t i = 0; i < p.nmeta && !j->file && !j->o->has_block && !j->round; i++) {
		recover_record_outside(j, &p.meta[i], "outside the data area (namespace metadata): no write reaches "
				       "it; 'ndctl clear-errors' rewrites it with the namespace offline");
	}
	free(p.meta);
	return EXIT_OK;
}

/* The job's target resolved and checked, its poison read: an exit code. */
int recover_prepare(struct job *j)
{
	int rc = recover_resolve(j);

	if (rc == EXIT_OK)
		rc = check_mode(j);
	if (rc == EXIT_OK)
		rc = write_unit(j);
	if (rc == EXIT_OK)
		rc = recover_collect_poison(j);
	return rc;
}

/* One namespace, or one file on it: check, plan, write, report. */
static int recover_one(struct job *j)
{
	int rc = recover_prepare(j);

	if (rc == EXIT_OK)
		rc = recover_plan_and_run(j);
	if (rc == EXIT_OK && j->cut)
		rc = recover_past_the_cut(j);
	return rc;
}

/* The exit status of several namespaces: an interrupt, then a failure, wins. */
int recover_worse(int a, int b)
{
	if (a == EXIT_INTERRUPTED || b == EXIT_INTERRUPTED)
		return EXIT_INTERRUPTED;
	if (a == EXIT_FAIL || b == EXIT_FAIL)
		return EXIT_FAIL;
	return a != EXIT_OK ? a : b;
}

int cmd_recover(int argc, char **argv)
{
	struct recover_opts o = { 0 };
	struct job j = { .o = &o };
	int rc = parse_args(argc, argv, &o), prc;

	if (rc == EXIT_OK)
		rc = recover_table_check();
	if (rc == EXIT_OK)
		rc = pm_may_act();
	if (rc != EXIT_OK)
		return rc;
	j.out = json_object_new_array();
	if (!j.out) {	/* before any write: the report is how it is told */
		pm_printed(CMD, -ENOMEM);
		return EXIT_FAIL;
	}
	rc = pm_ndctl_open(CMD, &j.ctx);
	if (rc == EXIT_OK)
		rc = o.region ? recover_region(&j) : o.files ? recover_files(&j) : recover_one(&j);
	if (rc == EXIT_OK || rc == EXIT_FAIL || rc == EXIT_INTERRUPTED ||
	    (o.region && rc == EXIT_REFUSED && json_object_array_length(j.out))) {
		prc = pm_printed(CMD, recover_print(&j, o.human));
		if (prc && rc == EXIT_OK)
			rc = EXIT_FAIL;
	}
	if (rc == EXIT_FAIL && j.failures)
		pm_error(CMD, "%u range%s not recovered (see the report)", j.failures, j.failures > 1 ? "s" : "");
	json_object_put(j.out);
	free(j.bad);
	ndctl_unref(j.ctx);
	return rc;
}
