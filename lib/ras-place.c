// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <ndctl/libndctl.h>

#include "lib/ras-place.h"
#include "lib/target.h"

void pm_ras_sectors(uint64_t start, uint64_t len, uint64_t *out_start, uint64_t *out_len)
{
	uint64_t end = start + (len ? len : 1);

	*out_start = start & ~(PM_SECTOR - 1);
	*out_len = ((end + PM_SECTOR - 1) & ~(PM_SECTOR - 1)) - *out_start;
}

/* The namespace whose place the target resolution found, when it found one. */
static const struct pm_ns_view *view_of(enum pm_target_fail why, const struct pm_target *t)
{
	switch (why) {
	case PM_TARGET_OK:
	case PM_TARGET_SPA_METADATA:
	case PM_TARGET_BTT:
	case PM_TARGET_NO_DATA_AREA:
		return &t->view;
	default:
		return NULL;
	}
}

int pm_ras_place(struct ndctl_ctx *ctx, uint64_t start, uint64_t len, const enum pm_owner_method *files,
		 struct pm_ras_place *out)
{
	struct pm_target_spec spec = { .has_spa = true, .spa = start, .count = 1 };
	struct pm_target t = { 0 };
	struct pm_target_error e;
	struct pm_range r;
	uint64_t res, size;
	int rc;

	memset(out, 0, sizeof(*out));
	pm_target_resolve(ctx, &spec, &t, &e);
	if (e.why == PM_TARGET_SPA_NO_REGION || !t.region)
		return 0;
	res = ndctl_region_get_resource(t.region);
	size = ndctl_region_get_size(t.region);
	if (res == ULLONG_MAX || start < res || start - res >= size)
		return 0;
	r = (struct pm_range){ start - res, len };
	if (r.len > size - r.start)
		r.len = size - r.start;
	rc = pm_scan_region_range(t.region, view_of(e.why, &t), &r, &out->scan);
	if (!rc && files && pm_scan_files(&out->scan, *files, NULL, &out->files) == -ENOMEM)
		rc = -ENOMEM;
	if (rc) {
		pm_ras_place_free(out);
		return rc;
	}
	out->in_pmem = true;
	return 0;
}

void pm_ras_place_free(struct pm_ras_place *p)
{
	for (size_t i = 0; p->files && i < p->scan.nrecs; i++)
		pm_rec_files_free(&p->files[i]);
	free(p->files);
	pm_scan_free(&p->scan);
	memset(p, 0, sizeof(*p));
}
