// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl salvage SRC DEST: copy everything still readable from a poisoned
 * file, pmem block device or devdax device, and report exactly what was lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/fs.h>
#include <json-c/json.h>
#include <ndctl/libndctl.h>

#include "cmd/builtin.h"
#include "cmd/output.h"
#include "cmd/options.h"
#include "cmd/salvage.h"
#include "lib/mount.h"
#include "lib/plan.h"
#include "lib/poison.h"
#include "lib/salvage.h"
#include "util/audit.h"
#include "util/json.h"
#include "util/sysfs.h"
#include "util/table.h"

static const char usage[] =
	"usage: pmemctl salvage SOURCE DEST [--sparse] [--force] [--human]\n"
	"       [-o COLUMNS|--list-columns] [--noheadings] [--raw] [--bytes] [-J]\n"
	"  SOURCE: a file, a pmem block device (/dev/pmemN) or a devdax one (/dev/daxN.M)\n";

struct salvage_opts {
	const char *src, *dest;
	bool sparse, force, human;
};

/* An open source, and what it takes to release it. */
struct source {
	struct pm_salvage_src s;
	const char *kind;		/* "file", "block-device", "devdax" */
	char dev[64];			/* the file's block device, or the devdax name */
	struct pm_range *known;		/* devdax: the kernel's list, data offsets */
	struct pm_extent *ext;
	uint64_t map_len;
};

static const struct table_col cols[] = {
	{ "offset", "LOST-OFFSET", TABLE_HEX, 1 },
	{ "sector", "SECTOR", TABLE_TEXT, 1 },
	{ "length", "LENGTH", TABLE_SIZE, 1 },
};

static const struct opt_spec opt_specs[] = {
	{ 's', "sparse", OPT_FLAG, NULL, NULL, "leave lost ranges as holes, not zeros", NULL },
	{ 'f', "force", OPT_FLAG, NULL, NULL, "overwrite an existing DEST", NULL },
	{ 'u', "human", OPT_FLAG, NULL, NULL, "a summary line and a table, not JSON", NULL },
	OPT_TABLE_SPECS,
	{ 0 },
};

static const struct opt_cmd opt_cmd = { CMD, usage, opt_specs, NULL };

static int parse_args(int argc, char **argv, struct salvage_opts *o)
{
	struct opt_parser p;
	int c;

	opts_init(&p, &opt_cmd, argc, argv, &o->human);
	while ((c = opts_next(&p)) != -1) {
		switch (c) {
		case 's': o->sparse = true; break;
		case 'f': o->force = true; break;
		case 'u': o->human = true; break;
		}
	}
	if (opts_done(&p) || pm_table_check(CMD, cols, TABLE_NCOLS(cols)))
		return EXIT_USAGE;
	if (argc - optind != 2) {
		pm_error(CMD, "give a SOURCE and a DEST (see 'pmemctl salvage -h')");
		return EXIT_USAGE;
	}
	o->src = argv[optind];
	o->dest = argv[optind + 1];
	if (!*o->src || !*o->dest) {	/* before anything is read or written */
		pm_error(CMD, "SOURCE and DEST must not be empty (see 'pmemctl salvage -h')");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* ---------------------------------------------------------------- sources */

/* A file: read through the file; sectors of a failed DAX page from its block device. */
static int open_file(struct source *src, const char *path, const struct stat *st)
{
	char dev[PATH_MAX];
	size_t n = 0;
	int fd;

	src->kind = "file";
	src->s.size = (uint64_t)st->st_size;
	src->s.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (src->s.fd < 0)
		return -errno;
	src->s.dev_fd = -1;
	if (pm_device_of_file(path, src->dev, sizeof(src->dev)) == 0 &&
	    pm_file_extents(src->s.fd, true, &src->ext, &n) == 0) {
		snprintf(dev, sizeof(dev), "/dev/%s", src->dev);
		fd = open(dev, O_RDONLY | O_DIRECT | O_CLOEXEC);
		src->s.dev_fd = fd;	/* without it (not root), bad pages are lost whole */
		src->s.ext = src->ext;
		src->s.n_ext = n;
	}
	return 0;
}

static int open_block(struct source *src, const char *path)
{
	uint64_t size = 0;

	src->kind = "block-device";
	src->s.dev_fd = -1;
	src->s.fd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (src->s.fd < 0)
		return -errno;
	if (ioctl(src->s.fd, BLKGETSIZE64, &size))
		return -errno;
	src->s.size = size;
	return 0;
}

/* The kernel's poison of a devdax device, as data ranges: never read. */
static int devdax_known_bad(struct ndctl_ctx *ctx, struct source *src)
{
	struct pm_filter f = { .namespace = src->dev, .mode = PM_MODE_NONE };
	struct pm_scan s;
	int rc = pm_scan_poison(ctx, &f, &s);
	long n = rc ? rc : pm_scan_data_ranges(&s, PM_ALL_UNITS, NULL, &src->known);

	pm_scan_free(&s);
	if (n < 0)
		return (int)n;
	src->s.known_bad = src->known;
	src->s.nknown = (size_t)n;
	return 0;
}

static int open_devdax(struct ndctl_ctx *ctx, struct source *src, const char *path, const struct stat *st)
{
	char sys[PATH_MAX], text[64];
	void *m;
	int fd, rc;

	src->kind = "devdax";
	src->s.fd = src->s.dev_fd = -1;
	snprintf(sys, sizeof(sys), "/sys/dev/char/%u:%u/size", major(st->st_rdev), minor(st->st_rdev));
	if (sysfs_read(sys, text, sizeof(text)))
		return -ENODEV;
	src->map_len = src->s.size = strtoull(text, NULL, 10);
	snprintf(src->dev, sizeof(src->dev), "%s", strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	rc = devdax_known_bad(ctx, src);
	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	m = mmap(NULL, src->map_len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -errno;
	src->s.map = m;
	return 0;
}

static int open_source(struct ndctl_ctx *ctx, const char *path, struct source *src)
{
	char sys[PATH_MAX], link[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (stat(path, &st))
		return -errno;
	if (S_ISREG(st.st_mode))
		return open_file(src, path, &st);
	if (S_ISBLK(st.st_mode))
		return open_block(src, path);
	snprintf(sys, sizeof(sys), "/sys/dev/char/%u:%u/subsystem", major(st.st_rdev), minor(st.st_rdev));
	n = S_ISCHR(st.st_mode) ? readlink(sys, link, sizeof(link) - 1) : -1;
	if (n > 4 && (link[n] = '\0', !strcmp(link + n - 4, "/dax")))
		return open_devdax(ctx, src, path, &st);
	return -EINVAL;
}

static void close_source(struct source *src)
{
	if (src->s.map)
		munmap((void *)src->s.map, src->map_len);
	if (src->s.fd >= 0)
		close(src->s.fd);
	if (src->s.dev_fd >= 0)
		close(src->s.dev_fd);
	free(src->known);
	free(src->ext);
}

/* ---------------------------------------------------------------- report */

static struct json_object *report(const struct salvage_opts *o, const struct source *src,
				  const struct pm_salvage_result *r, bool cut_short)
{
	struct json_object *obj = json_object_new_object(), *lost = json_object_new_array();

	json_add_str(obj, "input", o->src);
	json_add_str(obj, "input_kind", src->kind);	/* kind is a record's (nvdimm, cxl) */
	json_add_str(obj, "output", o->dest);
	json_add_u64(obj, "size", true, src->s.size);
	json_add_u64(obj, "copied", true, r->copied);
	json_add_u64(obj, "from_device", true, r->from_device);
	json_add_u64(obj, "lost", true, r->lost);
	json_add_str(obj, "lost_as", o->sparse ? "holes" : "zeros");
	json_add_bool(obj, "complete", !cut_short);
	for (size_t i = 0; lost && i < r->nlost; i++) {
		struct json_object *l = json_object_new_object();

		json_add_u64(l, "offset", true, r->lost_v[i].start);
		json_add_u64(l, "sector", true, r->lost_v[i].start / PM_SECTOR);
		json_add_u64(l, "length", true, r->lost_v[i].len);
		json_add_elem(lost, l);
	}
	json_add_made(obj, "lost_ranges", lost);
	return obj;
}

static int print_report(struct json_object *obj, bool human)
{
	struct json_object *lost = json_object_object_get(obj, "lost_ranges");

	if (!human)
		return json_print(stdout, obj, true);
	if (json_lost_take())	/* not a line with a value missing */
		return -1;
	if (!table_shape.json)	/* -J: the table alone, so that it stays JSON */
		printf("%s: copied %s of %s bytes, lost %s\n", json_object_get_string(json_object_object_get(obj, "output")),
	       json_object_get_string(json_object_object_get(obj, "copied")),
	       json_object_get_string(json_object_object_get(obj, "size")),
	       json_object_get_string(json_object_object_get(obj, "lost")));
	return table_print(stdout, lost, cols, TABLE_NCOLS(cols));
}

/* ---------------------------------------------------------------- main */

/* The block device salvaged ("pmem2"), whose stack DEST must stay off; NULL for others. */
static const char *source_device(const struct stat *st, char *name, size_t len)
{
	return S_ISBLK(st->st_mode) && pm_block_name(st->st_rdev, name, len) == 0 ? name : NULL;
}

static int open_all(struct ndctl_ctx *ctx, const struct salvage_opts *o, struct source *src,
		    struct salvage_dest *d)
{
	char name[64];
	struct stat st;
	int rc = stat(o->src, &st) ? -errno : open_source(ctx, o->src, src);

	if (rc) {
		pm_error(CMD, "%s: %s", o->src, rc == -EINVAL ? "not a file, block device or devdax device" :
			 strerror(-rc));
		return rc == -ENOENT || rc == -EINVAL ? EXIT_USAGE : rc == -EACCES ? EXIT_PERM : EXIT_FAIL;
	}
	rc = salvage_dest_check(o->dest, &st, source_device(&st, name, sizeof(name)), o->force);
	return rc != EXIT_OK ? rc : salvage_dest_open(d, o->force);
}

static int salvage(struct ndctl_ctx *ctx, const struct salvage_opts *o)
{
	struct source src = { .s.fd = -1, .s.dev_fd = -1 };
	struct salvage_dest d = { .path = o->dest, .fd = -1 };
	struct pm_salvage_result r;
	struct json_object *obj;
	int rc = open_all(ctx, o, &src, &d);

	if (rc != EXIT_OK) {
		close_source(&src);
		return rc;
	}
	pm_catch_signals();
	rc = pm_salvage(&src.s, d.fd, o->sparse, &pm_stop, &r);
	if (!rc && o->sparse && ftruncate(d.fd, (off_t)src.s.size))
		rc = r.error = -errno;
	if (r.error)
		pm_error(CMD, "%s: writing failed: %s", o->dest, strerror(-r.error));
	if (salvage_dest_finish(&d, rc == 0, o->force) && !rc)
		rc = r.error = -EIO;
	audit(CMD, "source=%s dest=%s size=%llu copied=%llu lost=%llu result=%s", o->src, o->dest,
	      (unsigned long long)src.s.size, (unsigned long long)r.copied, (unsigned long long)r.lost,
	      rc == -EINTR ? "interrupted" : rc ? strerror(-rc) : "done");
	obj = report(o, &src, &r, rc != 0);
	if (pm_printed(CMD, print_report(obj, o->human)) && !rc)
		rc = -EIO;
	json_object_put(obj);
	if (!r.error && r.lost)
		pm_error(CMD, "%llu bytes in %zu ranges could not be read (see lost_ranges)",
			 (unsigned long long)r.lost, r.nlost);
	pm_salvage_result_free(&r);
	close_source(&src);
	if (rc == -EINTR)
		return EXIT_INTERRUPTED;
	return rc || r.lost ? EXIT_FAIL : EXIT_OK;
}

int cmd_salvage(int argc, char **argv)
{
	struct salvage_opts o = { 0 };
	struct ndctl_ctx *ctx = NULL;
	int rc = parse_args(argc, argv, &o);

	if (rc != EXIT_OK)
		return rc;
	rc = pm_ndctl_open(CMD, &ctx);
	if (rc == EXIT_OK)
		rc = salvage(ctx, &o);
	ndctl_unref(ctx);
	return rc;
}
