// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl recover: clear poison by recovery writes with the device online,
 * keeping every good byte: O_DIRECT writes on a namespace's block device,
 * page-aligned pwrite()s on the files of a mounted DAX filesystem, or for
 * devdax the clear-error command and then stores through a mapping.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "cmd/words.h"
#include "lib/fiemap.h"
#include "lib/inuse.h"
#include "lib/mount.h"
#include "lib/owners.h"
#include "lib/plan.h"
#include "lib/poison.h"
#include "lib/recover.h"
#include "lib/scrub.h"
#include "lib/target.h"
#include "util/audit.h"
#include "util/json.h"
#include "util/lock.h"
#include "util/sysfs.h"
#include "util/table.h"

#define CMD "recover"
#define MAX_WRITE (1ULL << 20)

static const char usage[] =
	"usage: pmemctl recover -n NAMESPACE [-B BLOCK -c COUNT] [--from IMAGE] [options]\n"
	"       pmemctl recover -r REGION [options]\n"
	"       pmemctl recover --file PATH [--from IMAGE] [options]\n"
	"       pmemctl recover -n NAMESPACE --files [options]\n"
	"options: --dry-run --force --quiet --human\n"
	"         -o COLUMNS --list-columns --noheadings --raw --bytes -J\n";

struct recover_opts {
	const char *namespace, *region, *file, *image;
	bool has_block, dry_run, force, quiet, human, files;
	unsigned long long block, count;
};

/* One namespace (or one file on it) to recover, and its plan. */
struct job {
	const struct recover_opts *o;
	struct ndctl_ctx *ctx;
	struct pm_target t;		/* the namespace and the block range to recover */
	const char *file;		/* a file on the namespace's mounted filesystem */
	struct pm_range *bad;		/* poisoned data ranges inside the target, normalized */
	size_t nbad;
	uint64_t unit;			/* write alignment in bytes */
	unsigned int clear_unit;	/* the platform's clear-error granule, or 0 */
	struct json_object *out;	/* report records */
	unsigned int failures;
};

/* A planned write, in namespace data offsets; delta maps it into the file. */
struct write {
	struct pm_range w;
	int64_t delta;
	struct pm_recover_result r;
	bool done;
};

enum { OPT_FILE = 256, OPT_FILES, OPT_FROM, OPT_DRY_RUN };

static int parse_args(int argc, char **argv, struct recover_opts *o)
{
	static const struct option longopts[] = {
		{ "namespace", required_argument, NULL, 'n' },
		{ "region", required_argument, NULL, 'r' },
		{ "block", required_argument, NULL, 'B' },
		{ "count", required_argument, NULL, 'c' },
		{ "file", required_argument, NULL, OPT_FILE },
		{ "files", no_argument, NULL, OPT_FILES },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "human", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		PM_TABLE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = EXIT_OK;

	pm_list_opts(argc, argv, longopts);
	opterr = 0;
	while (rc == EXIT_OK && (c = getopt_long(argc, argv, ":n:r:B:c:fquh" PM_TABLE_SHORTOPTS, longopts, NULL)) != -1) {
		if (pm_table_option(CMD, c, optarg, &o->human) == EXIT_OK)
			continue;
		switch (c) {
		case 'n': o->namespace = optarg; break;
		case 'r': o->region = optarg; break;
		case 'B':
			rc = pm_parse_number(CMD, "--block", optarg, &o->block);
			o->has_block = true;
			break;
		case 'c': rc = pm_parse_number(CMD, "--count", optarg, &o->count); break;
		case OPT_FILE: o->file = optarg; break;
		case OPT_FILES: o->files = true; break;
		case OPT_FROM: o->image = optarg; break;
		case OPT_DRY_RUN: o->dry_run = true; break;
		case 'f': o->force = true; break;
		case 'q': o->quiet = true; break;
		case 'u': o->human = true; break;
		case 'h': fputs(usage, stdout); exit(EXIT_OK);
		default: return pm_bad_option(CMD, argv, optind, optopt, usage);
		}
	}
	if (rc != EXIT_OK)
		return rc;
	if (pm_no_more_args(CMD, argc, argv))
		return EXIT_USAGE;
	if (pm_table_listing())
		return EXIT_OK;
	if (!!o->namespace + !!o->region + !!o->file != 1) {
		pm_error(CMD, "say what to recover: one of --namespace, --region or --file "
			 "(see 'pmemctl recover -h')");
		return EXIT_USAGE;
	}
	if (o->region && o->has_block) {
		pm_error(CMD, "--block names blocks of one namespace; it does not combine with --region");
		return EXIT_USAGE;
	}
	if (o->has_block != (o->count != 0)) {
		pm_error(CMD, "--block and --count go together (a count of at least 1)");
		return EXIT_USAGE;
	}
	if (o->files && (!o->namespace || o->has_block || o->image)) {
		pm_error(CMD, "--files recovers every file hit by a namespace's poison: it takes -n, "
			 "and neither -B/-c nor --from");
		return EXIT_USAGE;
	}
	if (o->file && o->has_block) {
		pm_error(CMD, "--file recovers that file's poison; --block does not apply");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* ---------------------------------------------------------------- report */

static bool is_devdax(const struct job *j)
{
	return j->t.view.mode == PM_MODE_DEVDAX;
}

static const char *method_name(const struct job *j)
{
	return j->file ? "file-pwrite" : is_devdax(j) ? "clear-and-store" : "block-write";
}

static void add_record(struct job *j, const struct write *w, const char *status, const char *why)
{
	struct json_object *o = json_object_new_object();
	uint64_t bad = pm_bad_bytes_in(j->bad, j->nbad, &w->w);

	json_add_str(o, "namespace", ndctl_namespace_get_devname(j->t.view.ndns));
	json_add_str(o, "device", j->t.view.device);
	json_add_str(o, "mode", pm_mode_name(j->t.view.mode));
	json_add_str(o, "method", strcmp(status, "skipped") ? method_name(j) : NULL);
	json_add_str(o, "file", j->file);
	json_add_u64(o, "offset", true, w->w.start);
	json_add_u64(o, "sector", true, w->w.start / PM_SECTOR);
	json_add_u64(o, "length", true, w->w.len);
	json_add_u64(o, "file_offset", j->file != NULL && strcmp(status, "skipped"),
		     (uint64_t)((int64_t)w->w.start + w->delta));
	json_add_u64(o, "replaced", true, w->done ? w->r.replaced : bad);
	json_add_u64(o, "preserved", true, w->done ? w->r.preserved : w->w.len - bad);
	json_add_str(o, "source", j->o->image ? "image" : "zeros");
	json_add_str(o, "status", status);
	json_add_str(o, "reason", why);
	json_object_array_add(j->out, o);
}

static const struct table_col cols[] = {
	{ "namespace", "NAMESPACE", TABLE_TEXT, 0 },
	{ "method", "METHOD", TABLE_TEXT, 0 },
	{ "sector", "SECTOR", TABLE_TEXT, 1 },
	{ "file_offset", "FILE-OFF", TABLE_TEXT, 1 },
	{ "length", "LENGTH", TABLE_SIZE, 1 },
	{ "preserved", "KEPT", TABLE_SIZE, 1 },
	{ "status", "STATUS", TABLE_TEXT, 0 },
	{ "reason", "REASON", TABLE_TEXT, 0, TABLE_WRAP },
	{ "replaced", "REPLACED", TABLE_SIZE, 1, TABLE_EXTRA },
	{ "source", "SOURCE", TABLE_TEXT, 0, TABLE_EXTRA },
	{ "offset", "OFFSET", TABLE_HEX, 1, TABLE_EXTRA },
};

/* ---------------------------------------------------------------- target */

static int resolve(struct job *j)
{
	const struct recover_opts *o = j->o;
	struct pm_target_spec spec = { .namespace = o->namespace, .block = o->block,
				       .count = o->has_block ? o->count : 1 };
	struct pm_target_error e;
	char dev[64], err[256];
	int rc;

	if (o->file) {
		rc = pm_device_of_file(o->file, dev, sizeof(dev));
		if (rc) {
			pm_error(CMD, "%s: %s", o->file, rc == -EINVAL ? "not a regular file" :
				 rc == -ENODEV ? "not on a block device" : strerror(-rc));
			return rc == -ENOENT ? EXIT_USAGE : EXIT_NOMATCH;
		}
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
	if (is_devdax(j) && !j->clear_unit) {
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
static int collect_poison(struct job *j)
{
	struct pm_filter f = { .namespace = ndctl_namespace_get_devname(j->t.view.ndns) };
	struct pm_range want = { j->t.block * PM_SECTOR, j->t.count * PM_SECTOR };
	struct pm_scan s;
	int rc = pm_scan_poison(j->ctx, &f, &s);
	long n = rc ? rc : pm_scan_data_ranges(&s, PM_ALL_UNITS, &want, &j->bad);

	if (n < 0) {
		pm_error(CMD, "reading the poison of %s failed", f.namespace);
		pm_scan_free(&s);
		return EXIT_FAIL;
	}
	j->nbad = (size_t)n;
	for (size_t i = 0; i < s.nrecs && !j->file && !j->o->has_block; i++) {
		const struct pm_poison *p = &s.recs[i];
		struct write w = { .w = { p->region_offset, p->length } };

		if (!p->has_data_offset)
			add_record(j, &w, "skipped",
				   "outside the data area (namespace metadata): no write reaches it; "
				   "'ndctl clear-errors' rewrites it with the namespace offline");
	}
	pm_scan_free(&s);
	return EXIT_OK;
}

/* ---------------------------------------------------------------- plan */

static int plan_range(struct job *j, const struct pm_range *bad, size_t nbad, uint64_t end,
		      int64_t delta, struct write **v, size_t *n)
{
	size_t k = pm_plan_writes(bad, nbad, j->unit, end, MAX_WRITE, NULL, 0);
	struct write *g = realloc(*v, (*n + k + 1) * sizeof(**v));
	struct pm_range *w = calloc(k + 1, sizeof(*w));

	if (g)
		*v = g;
	if (!w || !g) {
		free(w);
		return -ENOMEM;
	}
	pm_plan_writes(bad, nbad, j->unit, end, MAX_WRITE, w, k);
	for (size_t i = 0; i < k; i++)
		(*v)[(*n)++] = (struct write){ .w = w[i], .delta = delta };
	free(w);
	return 0;
}

/* The writes for a file: its extents that hold poison, in device and file offsets. */
static int plan_file(struct job *j, int fd, struct write **v, size_t *n)
{
	struct pm_extent *e;
	size_t ne;
	int rc = pm_file_extents(fd, true, &e, &ne);

	for (size_t i = 0; !rc && i < ne; i++) {
		struct pm_range ext = { e[i].physical, e[i].length }, *mine;
		size_t k = 0;

		if (e[i].unwritten)
			continue;
		mine = calloc(j->nbad + 1, sizeof(*mine));
		for (size_t b = 0; mine && b < j->nbad; b++)
			if (pm_range_intersect(&j->bad[b], &ext, &mine[k]))
				k++;
		if (k && (e[i].physical % j->unit || e[i].logical % j->unit)) {
			struct write w = { .w = mine[0], .delta = (int64_t)e[i].logical - (int64_t)e[i].physical };

			add_record(j, &w, "failed", "extent not aligned to the write unit");
			j->failures++;
		} else if (k) {
			rc = plan_range(j, mine, k, pm_range_end(&ext),
					(int64_t)e[i].logical - (int64_t)e[i].physical, v, n);
		}
		free(mine);
	}
	free(e);
	return rc;
}

/* ---------------------------------------------------------------- act */

/* Clear-error on data bytes @r of a devdax namespace (the job is the context). */
static int clear_data_range(void *ctx, const struct pm_range *r)
{
	const struct job *j = ctx;
	const struct pm_ns_view *v = &j->t.view;

	return pm_ars_clear_error(j->t.bus, v->region_res + v->layout.data.start + r->start, r->len);
}

/* devdax: the whole data area mapped shared; reads and stores go through it. */
static int map_devdax(const struct job *j, struct pm_rw *rw, const char *dev)
{
	uint64_t len = j->t.view.layout.data.len;

	rw->dev_fd = open(dev, O_RDWR | O_CLOEXEC);
	if (rw->dev_fd < 0) {
		pm_error(CMD, "cannot open %s: %s", dev, strerror(errno));
		return EXIT_FAIL;
	}
	rw->map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, rw->dev_fd, 0);
	if (rw->map == MAP_FAILED) {
		rw->map = NULL;
		pm_error(CMD, "cannot map %s: %s", dev, strerror(errno));
		return EXIT_FAIL;
	}
	rw->out_fd = rw->dev_fd;
	rw->clear = clear_data_range;
	rw->clear_ctx = (void *)j;
	rw->clear_unit = j->clear_unit;
	return EXIT_OK;
}

static int open_fds(const struct job *j, struct pm_rw *rw)
{
	char dev[PATH_MAX];
	int rc;

	snprintf(dev, sizeof(dev), "/dev/%s", j->t.view.device);
	*rw = (struct pm_rw){ .dev_fd = -1, .out_fd = -1, .image_fd = -1 };
	if (is_devdax(j)) {
		rc = map_devdax(j, rw, dev);
		if (rc != EXIT_OK)
			return rc;
	} else {
		/* good sectors are read from the block device even for files: reads
		 * through DAX fail for a whole page that holds a bad sector */
		rw->dev_fd = open(dev, (j->file ? O_RDONLY : O_RDWR) | O_DIRECT | O_CLOEXEC);
		rw->out_fd = j->file ? open(j->file, O_WRONLY | O_CLOEXEC) : rw->dev_fd;
	}
	if (j->o->image)
		rw->image_fd = open(j->o->image, O_RDONLY | O_CLOEXEC);
	if (rw->dev_fd < 0 || rw->out_fd < 0 || (j->o->image && rw->image_fd < 0)) {
		pm_error(CMD, "cannot open %s: %s", rw->dev_fd < 0 ? dev : rw->out_fd < 0 ? j->file : j->o->image,
			 strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static void close_fds(const struct job *j, struct pm_rw *rw)
{
	if (rw->map)
		munmap(rw->map, j->t.view.layout.data.len);
	if (rw->out_fd >= 0 && rw->out_fd != rw->dev_fd)
		close(rw->out_fd);
	if (rw->dev_fd >= 0)
		close(rw->dev_fd);
	if (rw->image_fd >= 0)
		close(rw->image_fd);
}

/* Whether @s (the namespace's poison, scanned after writing) has a bad sector in @w. */
static bool still_listed(const struct pm_scan *s, const struct pm_range *w)
{
	struct pm_range *in;
	long n = pm_scan_data_ranges(s, PM_ALL_UNITS, w, &in);

	free(in);
	return n != 0;	/* out of memory: do not claim it cleared */
}

static void report_writes(struct job *j, struct write *v, size_t n, bool interrupted)
{
	struct pm_filter f = { .namespace = ndctl_namespace_get_devname(j->t.view.ndns) };
	struct pm_scan s;
	bool scanned = pm_scan_poison(j->ctx, &f, &s) == 0;

	for (size_t i = 0; i < n; i++) {
		char why[512];

		if (!v[i].done) {
			add_record(j, &v[i], interrupted ? "not-done" : "planned", NULL);
		} else if (v[i].r.error) {
			const char *hint = pm_recover_hint(v[i].r.failed, v[i].r.error);

			snprintf(why, sizeof(why), "%s: %s%s%s", pm_rw_step_name(v[i].r.failed), strerror(-v[i].r.error),
				 hint ? "; " : "", hint ? hint : "");
			add_record(j, &v[i], "failed", why);
			j->failures++;
		} else if (!scanned || still_listed(&s, &v[i].w)) {
			add_record(j, &v[i], "still-listed", "written, but the kernel still lists poison here");
			j->failures++;
		} else {
			add_record(j, &v[i], "cleared", NULL);
		}
	}
	pm_scan_free(&s);
}

static int execute(struct job *j, struct write *v, size_t n)
{
	const char *ns = ndctl_namespace_get_devname(j->t.view.ndns);
	uint64_t replaced = 0, size = 0;
	struct pm_rw rw;
	struct stat st;
	size_t done = 0, failed = 0;
	int lock, rc = open_fds(j, &rw);

	if (rc == EXIT_OK && j->file && fstat(rw.out_fd, &st) == 0)
		size = (uint64_t)st.st_size;
	lock = rc == EXIT_OK ? lock_take(ndctl_bus_get_devname(j->t.bus), NULL) : -1;
	for (; lock >= 0 && done < n && !pm_stop; done++) {
		rw.out_delta = rw.image_delta = j->file ? v[done].delta : 0;
		pm_recover_write(&rw, j->bad, j->nbad, &v[done].w, &v[done].r);
		v[done].done = true;
		replaced += v[done].r.replaced;
		failed += v[done].r.error != 0;
	}
	/* a page-aligned write past EOF grew the file: give it its size back */
	if (j->file && size && fstat(rw.out_fd, &st) == 0 && (uint64_t)st.st_size > size &&
	    ftruncate(rw.out_fd, (off_t)size))
		pm_error(CMD, "%s: could not restore the file size: %s", j->file, strerror(errno));
	if (lock >= 0 || rc == EXIT_OK)
		audit(CMD, "namespace=%s file=%s writes=%zu/%zu failed=%zu replaced=%llu source=%s result=%s",
		      ns, j->file ? j->file : "-", done, n, failed, (unsigned long long)replaced,
		      j->o->image ? j->o->image : "zeros",
		      pm_stop ? "interrupted" : failed ? "failed" : "done");
	lock_release(lock);
	close_fds(j, &rw);
	if (rc != EXIT_OK)
		return rc;
	if (lock < 0 && !pm_stop) {
		pm_error(CMD, "cannot take the lock for %s", ndctl_bus_get_devname(j->t.bus));
		return EXIT_FAIL;
	}
	report_writes(j, v, n, pm_stop);
	return pm_stop ? EXIT_INTERRUPTED : EXIT_OK;
}

static int plan_and_run(struct job *j)
{
	struct write *v = NULL;
	size_t n = 0;
	int fd, rc = 0;

	if (j->file) {
		fd = open(j->file, O_RDONLY | O_CLOEXEC);
		rc = fd < 0 ? -errno : plan_file(j, fd, &v, &n);
		if (fd >= 0)
			close(fd);
	} else {
		rc = plan_range(j, j->bad, j->nbad, j->t.view.layout.data.len, 0, &v, &n);
	}
	if (rc) {
		pm_error(CMD, "planning failed: %s", strerror(-rc));
		free(v);
		return EXIT_FAIL;
	}
	if (j->o->dry_run) {
		for (size_t i = 0; i < n; i++)
			add_record(j, &v[i], "planned", NULL);
		rc = EXIT_OK;
	} else {
		pm_catch_signals();
		rc = execute(j, v, n);
	}
	free(v);
	if (rc == EXIT_OK && j->failures)
		rc = EXIT_FAIL;
	return rc;
}

/* One namespace, or one file on it: check, plan, write, report. */
static int recover_one(struct job *j)
{
	int rc = resolve(j);

	if (rc == EXIT_OK)
		rc = check_mode(j);
	if (rc == EXIT_OK)
		rc = write_unit(j);
	if (rc == EXIT_OK)
		rc = collect_poison(j);
	if (rc == EXIT_OK)
		rc = plan_and_run(j);
	return rc;
}

/* The exit status of several namespaces: an interrupt, then a failure, wins. */
static int worse(int a, int b)
{
	if (a == EXIT_INTERRUPTED || b == EXIT_INTERRUPTED)
		return EXIT_INTERRUPTED;
	if (a == EXIT_FAIL || b == EXIT_FAIL)
		return EXIT_FAIL;
	return a != EXIT_OK ? a : b;
}

static bool has_data_poison(const struct pm_scan *s, size_t unit)
{
	for (size_t i = 0; i < s->nrecs; i++)
		if (s->recs[i].unit == unit && s->recs[i].has_data_offset)
			return true;
	return false;
}

/*
 * Every namespace of a region that holds poison in its data area, one after
 * the other; one that cannot be recovered says why and the rest go on.
 */
static int recover_region(struct job *proto)
{
	struct pm_filter f = { .region = proto->o->region };
	struct pm_scan s;
	char err[512];
	int rc = pm_scan_poison(proto->ctx, &f, &s), worst = EXIT_OK;

	if (rc) {
		pm_error(CMD, "%s", pm_scan_words(&f, &s, err, sizeof(err)));
		pm_scan_free(&s);
		return rc == -PM_ENOMATCH ? EXIT_NOMATCH : EXIT_FAIL;
	}
	if (s.notes & PM_NOTE_REGION_DISABLED) {
		pm_error(CMD, "%s is disabled: the kernel does not say where its poison is, and it has no "
			 "device to write through; '" PM_ENABLE_REGION " %s', then recover", s.disabled, s.disabled);
		pm_scan_free(&s);
		return EXIT_REFUSED;
	}
	for (size_t u = 0; u < s.nunits && !pm_stop; u++) {
		struct recover_opts o = *proto->o;
		struct job j = { .o = &o, .ctx = proto->ctx, .out = proto->out };

		if (!s.units[u].namespace || !has_data_poison(&s, u))
			continue;
		o.region = NULL;
		o.namespace = s.units[u].namespace;
		worst = worse(worst, recover_one(&j));
		proto->failures += j.failures;
		free(j.bad);
	}
	pm_scan_free(&s);
	return worst;
}

/* ---------------------------------------------------------------- --files */

/* What an admin can do about poison that no file write reaches. */
static void skip_owner(struct job *j, const struct pm_owner *w, const char *mnt)
{
	const char *ns = ndctl_namespace_get_devname(j->t.view.ndns), *saved = j->file;
	struct write x = { .w = w->dev };
	char path[PATH_MAX * 2], why[512];

	if (w->kind == PM_OWNER_FREE)
		snprintf(why, sizeof(why), "free space: no data is lost; with the filesystem unmounted, "
			 "'pmemctl recover -n %s' clears it", ns);
	else if (w->kind == PM_OWNER_FILE && w->unwritten)
		snprintf(why, sizeof(why), "preallocated (unwritten) extent: reads as zeros, nothing is lost; "
			 "a write there clears it");
	else
		snprintf(why, sizeof(why), "%s%s: no file write reaches it; unmount, 'pmemctl recover -n %s', "
			 "then check the filesystem (xfs_repair, e2fsck)",
			 w->kind == PM_OWNER_FILE ? "file metadata: " : "", w->what ? w->what : "metadata", ns);
	if (w->path)
		snprintf(path, sizeof(path), "%s/%s", mnt, w->path);
	j->file = w->path ? path : NULL;
	add_record(j, &x, "skipped", why);
	j->file = saved;
}

static bool recoverable(const struct pm_owner *w)
{
	return w->kind == PM_OWNER_FILE && w->path && !strcmp(w->what, "data") && !w->unwritten;
}

/* Recover every file of @w (paths deduplicated), one --file job each. */
static int recover_owner_files(struct job *proto, const struct pm_owner_map *m, const char *mnt)
{
	int worst = EXIT_OK;

	for (size_t i = 0; i < m->n && !pm_stop; i++) {
		struct recover_opts o = *proto->o;
		struct job j = { .o = &o, .ctx = proto->ctx, .out = proto->out };
		char path[PATH_MAX * 2];
		bool seen = false;

		if (!recoverable(&m->v[i]))
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = recoverable(&m->v[k]) && !strcmp(m->v[k].path, m->v[i].path);
		if (seen)
			continue;
		snprintf(path, sizeof(path), "%s/%s", mnt, m->v[i].path);
		o.namespace = NULL;
		o.file = path;
		o.files = false;
		worst = worse(worst, recover_one(&j));
		proto->failures += j.failures;
		free(j.bad);
	}
	return worst;
}

/* -n NS --files: the owners of the namespace's poison, then each file recovered. */
static int recover_files(struct job *j)
{
	struct pm_owner_map m;
	struct pm_mount mnt;
	char err[512];
	dev_t dev;
	int rc = resolve(j);

	if (rc == EXIT_OK)
		rc = collect_poison(j);
	if (rc != EXIT_OK)
		return rc;
	if (!j->t.view.device || pm_mount_of_block(j->t.view.device, &dev, &mnt)) {
		pm_error(CMD, "%s: no mounted filesystem on it: recover the namespace with -n alone",
			 ndctl_namespace_get_devname(j->t.view.ndns));
		return EXIT_USAGE;
	}
	if (pm_map_owners(mnt.point, dev, j->bad, j->nbad, PM_METHOD_AUTO, &m, err, sizeof(err))) {
		pm_error(CMD, "mapping the poison to files failed: %s", err);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < m.n; i++)
		if (!recoverable(&m.v[i]))
			skip_owner(j, &m.v[i], mnt.point);
	rc = recover_owner_files(j, &m, mnt.point);
	pm_owner_map_free(&m);
	return rc;
}

int cmd_recover(int argc, char **argv)
{
	struct recover_opts o = { 0 };
	struct job j = { .o = &o };
	int rc = parse_args(argc, argv, &o), prc;

	if (rc == EXIT_OK)
		rc = pm_table_check(CMD, cols, TABLE_NCOLS(cols));
	if (rc != EXIT_OK)
		return rc;
	j.out = json_object_new_array();
	rc = pm_ndctl_open(CMD, &j.ctx);
	if (rc == EXIT_OK)
		rc = o.region ? recover_region(&j) : o.files ? recover_files(&j) : recover_one(&j);
	if (rc == EXIT_OK || rc == EXIT_FAIL || rc == EXIT_INTERRUPTED ||
	    (o.region && rc == EXIT_REFUSED && json_object_array_length(j.out))) {
		prc = o.human ? table_print(stdout, j.out, cols, sizeof(cols) / sizeof(cols[0]))
			      : json_print(stdout, j.out, true);
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
