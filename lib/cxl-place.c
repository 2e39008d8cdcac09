// SPDX-License-Identifier: GPL-2.0
/*
 * Where a CXL poison record is used: a pmem region becomes an nd region
 * (cxl_pmem) whose namespaces the NVDIMM model already knows how to lay
 * out; a ram region becomes a dax region with dax devices (dax_cxl), which
 * have no nd namespace at all (pmdk once crashed assuming one).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ndctl/libndctl.h>

#include "lib/cxl.h"
#include "lib/poison-model.h"
#include "lib/sysram.h"
#include "util/strings.h"
#include "util/sysfs.h"

/* ---------------------------------------------------------------- ram: dax */

/* @dax's offset of @spa from its mappingN ranges (start, end, page_offset in pages). */
static bool dax_offset(const char *sysfs, const char *dax, uint64_t spa, uint64_t *off)
{
	for (int i = 0; i < 64; i++) {
		char path[PATH_MAX];
		uint64_t start, end, pgoff;

		snprintf(path, sizeof(path), "%s/bus/dax/devices/%s/mapping%d/start", sysfs, dax, i);
		if (sysfs_read_u64(path, &start))
			return false;
		snprintf(path, sizeof(path), "%s/bus/dax/devices/%s/mapping%d/end", sysfs, dax, i);
		if (sysfs_read_u64(path, &end))
			return false;
		snprintf(path, sizeof(path), "%s/bus/dax/devices/%s/mapping%d/page_offset", sysfs, dax, i);
		if (sysfs_read_u64(path, &pgoff))
			return false;
		if (spa >= start && spa <= end) {
			*off = pgoff * (uint64_t)sysconf(_SC_PAGESIZE) + (spa - start);
			return true;
		}
	}
	return false;
}

static void place_dax(struct pm_cxl_rec *r, const char *sysfs)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s/dax_%s", sysfs, r->region, r->region);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		uint64_t off;

		if (strncmp(d->d_name, "dax", 3) || !strchr(d->d_name, '.'))
			continue;
		if (!dax_offset(sysfs, d->d_name, r->spa, &off))
			continue;
		if (!str_copy(r->device, sizeof(r->device), d->d_name))
			continue;
		r->use = PM_CXL_USE_DAX;
		/* the block holding this record's memory: kmem may online a device's blocks one by one */
		r->system_ram = pm_dax_bound_to_kmem(sysfs, d->d_name) ? pm_sysram_at(sysfs, true, r->spa)
									: PM_SYSRAM_NO;
		r->area = PM_AREA_DATA;
		r->has_data_offset = true;
		r->data_offset = off;
		break;
	}
	closedir(dir);
}

/* ---------------------------------------------------------------- pmem: nd */

static struct ndctl_region *nd_region_at(struct ndctl_ctx *ctx, uint64_t spa, uint64_t *res)
{
	struct ndctl_bus *bus;
	struct ndctl_region *region;

	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region) {
			uint64_t start = ndctl_region_get_resource(region);

			if (start != ULLONG_MAX && spa >= start &&
			    spa - start < ndctl_region_get_size(region)) {
				*res = start;
				return region;
			}
		}
	return NULL;
}

static void set_piece(struct pm_cxl_rec *r, const struct pm_ns_view *v, const struct pm_piece *pc)
{
	uint64_t skip = pc->range.start - r->nd_offset;

	r->dpa += skip;
	r->spa += skip;
	r->region_offset += skip;
	r->nd_offset = pc->range.start;
	r->length = pc->range.len;
	r->area = pc->area;
	r->has_data_offset = pc->area == PM_AREA_DATA;
	r->data_offset = r->has_data_offset ? pc->range.start - v->layout.data.start : 0;
	snprintf(r->namespace, sizeof(r->namespace), "%s", ndctl_namespace_get_devname(v->ndns));
	snprintf(r->device, sizeof(r->device), "%s", v->device ? v->device : "");
	r->mode = v->mode;
	/* as pm_scan_add_record says it of an NVDIMM record (CXL lists are root's: the spa is known) */
	r->system_ram = pc->area == PM_AREA_DATA && pm_view_kmem(v) ? pm_sysram_at("/sys", true, r->spa) : PM_SYSRAM_NO;
}

/*
 * The record in the namespace that holds it, cut where the namespace's
 * areas (info block and memmap, data) change: the pieces after the first
 * are new records. 0 or -ENOMEM.
 */
static int place_namespace(struct pm_cxl_scan *s, size_t i, struct ndctl_region *region,
			   uint64_t res)
{
	struct pm_cxl_rec *r = &s->recs[i];
	struct pm_range range = { r->nd_offset, r->length };
	struct ndctl_namespace *ndns;

	ndctl_namespace_foreach(region, ndns) {
		struct pm_piece pc[3];
		struct pm_ns_view v;
		struct pm_cxl_rec whole;
		size_t n;

		if (ndctl_namespace_get_size(ndns) == 0)
			continue;
		pm_view_namespace(ndns, res, &v);
		n = v.layout_known ? pm_layout_split(&v.layout, &range, pc) : 0;
		if (!n)
			continue;
		/* r points into s->recs, which the pieces below may move */
		whole = *r;
		set_piece(r, &v, &pc[0]);
		for (size_t k = 1; k < n; k++) {
			struct pm_cxl_rec *g = pm_grow(s->recs, &s->cap_recs, s->nrecs, sizeof(*g));

			if (!g)
				return -ENOMEM;
			s->recs = g;
			g[s->nrecs] = whole;
			set_piece(&g[s->nrecs++], &v, &pc[k]);
		}
		return 0;
	}
	return 0;
}

static int place_nd(struct pm_cxl_scan *s, size_t i, struct ndctl_ctx *ctx)
{
	struct pm_cxl_rec *r = &s->recs[i];
	uint64_t res;
	struct ndctl_region *region = ctx ? nd_region_at(ctx, r->spa, &res) : NULL;
	struct ndctl_bus *bus;

	if (!region)
		return 0;
	bus = ndctl_region_get_bus(region);
	r->use = PM_CXL_USE_ND;
	snprintf(r->bus, sizeof(r->bus), "%s", ndctl_bus_get_devname(bus));
	snprintf(r->provider, sizeof(r->provider), "%s", ndctl_bus_get_provider(bus));
	snprintf(r->nd_region, sizeof(r->nd_region), "%s", ndctl_region_get_devname(region));
	r->nd_offset = r->spa - res;
	r->has_nd_offset = true;
	r->area = PM_AREA_UNCLAIMED;	/* until a namespace holds it */
	return place_namespace(s, i, region, res);
}

int pm_cxl_place(struct pm_cxl_scan *s, size_t i, struct ndctl_ctx *ctx, const char *sysfs)
{
	struct pm_cxl_rec *r = &s->recs[i];
	char path[PATH_MAX], mode[16];

	r->area = PM_AREA_UNKNOWN;
	if (!r->has_spa)
		return 0;
	snprintf(path, sizeof(path), "%s/bus/cxl/devices/%s/mode", sysfs, r->region);
	if (sysfs_read(path, mode, sizeof(mode)) < 0)
		return 0;
	if (!strcmp(mode, "ram")) {
		place_dax(r, sysfs);
		return 0;
	}
	return strcmp(mode, "pmem") ? 0 : place_nd(s, i, ctx);
}
