// SPDX-License-Identifier: GPL-2.0
/* pmemctl inject's targets: from -n/-B/-c, --spa or --file, and the checks every run takes. */
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
#include "cmd/inject.h"
#include "cmd/words.h"
#include "lib/fiemap.h"
#include "lib/inject.h"
#include "lib/inuse.h"
#include "lib/mount.h"

static int resolve_spec(struct ndctl_ctx *ctx, const struct pm_target_spec *spec, const char *file,
			struct pm_target *t)
{
	struct pm_target_error e;
	char err[256];
	int rc = pm_target_resolve(ctx, spec, t, &e);

	if (rc)
		pm_error(CMD, "%s%s%s", file ? file : "", file ? ": " : "",
			 pm_target_words(spec, t, &e, err, sizeof(err)));
	switch (rc) {
	case 0: return EXIT_OK;
	case -ENODEV: return EXIT_NOMATCH;
	case -EOPNOTSUPP: return EXIT_REFUSED;
	case -EACCES: return EXIT_PERM;
	default: return EXIT_USAGE;
	}
}

static int file_map_error(const struct inject_opts *o, long rc, uint64_t at)
{
	const char *why = rc == -ENODATA ? "is a hole or past the end: there is no data to poison" :
			  rc == -EINVAL ? "is a preallocated (unwritten) extent: it reads as zeros without "
					  "touching the media" :
			  "has no plain place on the device (inline, encoded or delayed data)";

	pm_error(CMD, "%s: offset %llu %s", o->file, (unsigned long long)at, why);
	return EXIT_USAGE;
}

/* --file: the device ranges under the file's bytes, one target each. */
static int resolve_file(struct ndctl_ctx *ctx, const struct inject_opts *o, struct pm_target **t, size_t *n)
{
	uint64_t len = o->has_length ? o->length : PM_SECTOR, at = 0;
	struct pm_extent *e = NULL;
	struct pm_range *runs = NULL;
	size_t ne = 0;
	char dev[64];
	long k;
	int fd, rc = pm_file_device(CMD, o->file, dev, sizeof(dev));

	if (rc)
		return rc;
	fd = open(o->file, O_RDONLY | O_CLOEXEC);
	rc = fd < 0 ? -errno : pm_file_extents(fd, true, &e, &ne);
	if (fd >= 0)
		close(fd);
	if (rc) {
		free(e);
		pm_error(CMD, "%s: reading its extents failed: %s", o->file, strerror(-rc));
		return EXIT_FAIL;
	}
	k = pm_file_range_to_device(e, ne, o->offset, len, NULL, 0, &at);
	if (k < 0) {
		free(e);
		return file_map_error(o, k, at);
	}
	if ((runs = calloc((size_t)k + 1, sizeof(*runs))) && (*t = calloc((size_t)k + 1, sizeof(**t))))
		pm_file_range_to_device(e, ne, o->offset, len, runs, (size_t)k, &at);
	free(e);
	rc = runs && *t ? EXIT_OK : EXIT_FAIL;
	for (long i = 0; rc == EXIT_OK && i < k; i++) {
		struct pm_target_spec spec = { .namespace = dev, .has_block = true,
					       .block = runs[i].start / PM_SECTOR, .count = runs[i].len / PM_SECTOR };

		rc = resolve_spec(ctx, &spec, o->file, &(*t)[i]);
	}
	free(runs);
	*n = (size_t)k;
	return rc;
}

int inject_resolve(struct ndctl_ctx *ctx, const struct inject_opts *o, struct pm_target **t, size_t *n)
{
	if (o->file)
		return resolve_file(ctx, o, t, n);
	*t = calloc(1, sizeof(**t));
	*n = 1;
	return *t ? resolve_spec(ctx, &o->spec, NULL, *t) : EXIT_FAIL;
}

/* Safety checks every run takes, dry or not: what it would refuse, it refuses. */
int inject_check_safe(const struct pm_target *t, const struct inject_opts *o)
{
	const char *ns = ndctl_namespace_get_devname(t->view.ndns);
	struct pm_busy b;
	char why[PATH_MAX + 128];
	int rc;

	if (!pm_bus_can_inject(t->bus)) {
		pm_error(CMD, "%s: bus %s (%s) has no error-injection DSMs", ns,
			 ndctl_bus_get_devname(t->bus), ndctl_bus_get_provider(t->bus));
		return EXIT_REFUSED;
	}
	if (o->status || o->uninject)
		return EXIT_OK;	/* neither makes the device unreadable */
	rc = pm_device_in_use(&t->view, &b);
	if (rc > 0 && o->file && b.kind == PM_BUSY_MOUNTED)
		return EXIT_OK;	/* --file names a file of that very mount */
	pm_busy_words(&b, why, sizeof(why));
	if (rc > 0 && !o->force) {
		pm_error(CMD, "%s: %s; refusing to inject poison under it (--force to do it anyway)", ns, why);
		return EXIT_REFUSED;
	}
	if (rc > 0 && !o->quiet)
		pm_note(CMD, "%s: %s; injecting anyway (--force)", ns, why);
	return EXIT_OK;
}

