// SPDX-License-Identifier: GPL-2.0
/* list-poison --files and monitor --files: owners added to poison records. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mount.h"
#include "lib/poison-files.h"

/* @w's part of @clip, with the path a user sees under mount point @mnt. */
static int rec_owner(const struct pm_owner *w, const struct pm_range *clip, const char *mnt,
		     struct pm_rec_owner *o)
{
	char path[PATH_MAX * 2];

	*o = (struct pm_rec_owner){
		.kind = w->kind, .inode = w->kind == PM_OWNER_FILE ? w->inode : 0,
		.has_file_offset = w->kind == PM_OWNER_FILE && !strcmp(w->what, "data"),
		.file_offset = w->file_offset + (clip->start - w->dev.start),
		.dev = *clip, .what = w->what, .unwritten = w->unwritten,
	};
	if (!w->path)
		return 0;
	snprintf(path, sizeof(path), "%s%s%s", mnt, strcmp(mnt, "/") ? "/" : "",
		 strcmp(w->path, ".") ? w->path : "");
	o->path = strdup(path);
	return o->path ? 0 : -ENOMEM;
}

/* The owners of record @p's data range, from the map of its device. */
static int record_owners(const struct pm_poison *p, const struct pm_owner_map *m, const char *mnt,
			 struct pm_rec_files *f)
{
	struct pm_range r = { p->data_offset, p->length }, in;
	int rc = 0;

	f->owners = calloc(m->n + 1, sizeof(*f->owners));
	if (!f->owners)
		return -ENOMEM;
	for (size_t i = 0; !rc && i < m->n; i++)
		if (pm_range_intersect(&m->v[i].dev, &r, &in))
			rc = rec_owner(&m->v[i], &in, mnt, &f->owners[f->n++]);
	return rc;
}

/* Mount of a unit's block device; false when it has none or is not mounted. */
static bool unit_mount(const struct pm_unit *u, struct pm_mount *m, dev_t *dev)
{
	if (!u->device || (u->mode != PM_MODE_RAW && u->mode != PM_MODE_FSDAX))
		return false;
	return pm_mount_of_block(u->device, dev, m) == 0;
}

/* Owners for the records of unit @u (files[i] is recs[i]); a failed map leaves them unknown. */
static int unit_files(const struct pm_scan *s, size_t u, enum pm_owner_method method,
		      pm_files_failed_fn failed, struct pm_rec_files *files)
{
	struct pm_range *bad;
	struct pm_owner_map map = { 0 };
	struct pm_mount m;
	long nbad = pm_scan_data_ranges(s, u, NULL, &bad);
	dev_t dev = 0;
	char err[512];
	int rc = nbad < 0 ? -ENOMEM : 0, mrc = 0;
	bool mounted = unit_mount(&s->units[u], &m, &dev);

	if (!rc && mounted && nbad > 0) {
		mrc = pm_map_owners(m.point, dev, bad, (size_t)nbad, method, &map, err, sizeof(err));
		if (mrc && failed)
			failed(s->units[u].device, err);
	}
	for (size_t i = 0; !rc && i < s->nrecs; i++) {
		struct pm_rec_files *f = &files[i];

		if (s->recs[i].unit != u || !mounted)
			continue;
		f->mount = strdup(m.point);
		rc = f->mount ? 0 : -ENOMEM;
		if (rc || mrc || !s->recs[i].has_data_offset)
			continue;
		f->method = pm_owner_method_name(&map);
		rc = record_owners(&s->recs[i], &map, m.point, f);
	}
	pm_owner_map_free(&map);
	free(bad);
	return rc ? rc : mrc ? -1 : 0;
}

int pm_scan_files(const struct pm_scan *s, enum pm_owner_method method, pm_files_failed_fn failed,
		  struct pm_rec_files **files)
{
	int rc = 0;

	*files = calloc(s->nrecs + 1, sizeof(**files));
	if (!*files)
		return -ENOMEM;
	for (size_t u = 0; u < s->nunits && rc != -ENOMEM; u++) {
		int urc = unit_files(s, u, method, failed, *files);

		rc = urc == -ENOMEM ? urc : urc ? -1 : rc;
	}
	if (rc == -ENOMEM) {
		for (size_t i = 0; i < s->nrecs; i++)
			pm_rec_files_free(&(*files)[i]);
		free(*files);
		*files = NULL;
	}
	return rc;
}

void pm_rec_files_free(struct pm_rec_files *f)
{
	for (size_t i = 0; f->owners && i < f->n; i++)
		free(f->owners[i].path);
	free(f->owners);
	free(f->mount);
	memset(f, 0, sizeof(*f));
}

int pm_rec_files_copy(const struct pm_rec_files *src, struct pm_rec_files *dst)
{
	bool ok = true;

	*dst = (struct pm_rec_files){ .method = src->method };
	if (src->mount)
		ok = (dst->mount = strdup(src->mount)) != NULL;
	if (ok && src->owners) {
		ok = (dst->owners = calloc(src->n + 1, sizeof(*dst->owners))) != NULL;
		for (size_t i = 0; ok && i < src->n; i++) {
			dst->owners[i] = src->owners[i];
			dst->owners[i].path = NULL;
			dst->n++;
			if (src->owners[i].path)
				ok = (dst->owners[i].path = strdup(src->owners[i].path)) != NULL;
		}
	}
	if (!ok)
		pm_rec_files_free(dst);
	return ok ? 0 : -ENOMEM;
}
