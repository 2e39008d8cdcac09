// SPDX-License-Identifier: GPL-2.0
/* list-poison --files and monitor --files: owners added to poison records. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "lib/mount.h"
#include "lib/plan.h"
#include "lib/poison-files.h"
#include "util/json.h"
#include "util/sysfs.h"

static struct json_object *owner_json(const struct pm_owner *w, const struct pm_range *clip,
				      const char *mnt)
{
	struct json_object *o = json_object_new_object();
	bool data = w->kind == PM_OWNER_FILE && !strcmp(w->what, "data");
	char path[PATH_MAX * 2];

	if (w->path)
		snprintf(path, sizeof(path), "%s%s%s", mnt, strcmp(mnt, "/") ? "/" : "",
			 strcmp(w->path, ".") ? w->path : "");
	json_add_str(o, "owner", pm_owner_kind_name(w->kind));
	json_add_str(o, "path", w->path ? path : NULL);
	json_add_u64(o, "inode", w->kind == PM_OWNER_FILE, w->inode);
	json_add_u64(o, "file_offset", data, w->file_offset + (clip->start - w->dev.start));
	json_add_u64(o, "offset", true, clip->start);
	json_add_u64(o, "length", true, clip->len);
	json_add_str(o, "what", w->what);
	json_object_object_add(o, "unwritten", json_object_new_boolean(w->unwritten));
	return o;
}

/* The owners of record @p's data range, from the map of its device. */
static struct json_object *record_owners(const struct pm_poison *p, const struct pm_owner_map *m,
					 const char *mnt)
{
	struct json_object *a = json_object_new_array();
	struct pm_range r = { p->data_offset, p->length }, in;

	for (size_t i = 0; a && i < m->n; i++)
		if (pm_range_intersect(&m->v[i].dev, &r, &in))
			json_object_array_add(a, owner_json(&m->v[i], &in, mnt));
	return a;
}

/* Mount of a unit's block device; false when it has none or is not mounted. */
static bool unit_mount(const struct pm_unit *u, struct pm_mount *m, dev_t *dev)
{
	if (!u->device || (u->mode != PM_MODE_RAW && u->mode != PM_MODE_FSDAX))
		return false;
	return pm_mount_of_block(u->device, dev, m) == 0;
}

/* Owners for the records of unit @u (arr[i] is recs[i]); a failed map leaves files null. */
static int attach_unit(struct json_object *arr, const struct pm_scan *s, size_t u,
		       enum pm_owner_method method, pm_files_failed_fn failed)
{
	struct pm_range *bad;
	struct pm_owner_map map = { 0 };
	struct pm_mount m;
	long nbad = pm_scan_data_ranges(s, u, NULL, &bad);
	dev_t dev = 0;
	char err[512];
	int rc = 0;
	bool mounted = unit_mount(&s->units[u], &m, &dev);

	if (mounted && nbad > 0) {
		rc = pm_map_owners(m.point, dev, bad, (size_t)nbad, method, &map, err, sizeof(err));
		if (rc && failed)
			failed(s->units[u].device, err);
	}
	for (size_t i = 0; i < s->nrecs; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		bool known = mounted && !rc && s->recs[i].has_data_offset;

		if (s->recs[i].unit != u)
			continue;
		json_add_str(o, "mount", mounted ? m.point : NULL);
		json_add_str(o, "files_method", known ? pm_owner_method_name(&map) : NULL);
		json_object_object_add(o, "files", known ? record_owners(&s->recs[i], &map, m.point) : NULL);
	}
	pm_owner_map_free(&map);
	free(bad);
	return rc;
}

int pm_attach_files(struct json_object *arr, const struct pm_scan *s, enum pm_owner_method method,
		    pm_files_failed_fn failed)
{
	int rc = 0;

	for (size_t u = 0; u < s->nunits; u++)
		if (attach_unit(arr, s, u, method, failed))
			rc = -1;
	return rc;
}

