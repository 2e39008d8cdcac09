// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ndctl/libndctl.h>

#include "lib/badblocks.h"
#include "lib/namespace.h"
#include "lib/poison-model.h"
#include "lib/poison.h"
#include "util/strings.h"

/* ---------------------------------------------------------------- filters */

static bool region_matches(struct ndctl_region *region, const char *want)
{
	const char *name = ndctl_region_get_devname(region);

	if (!want)
		return true;
	if (strcmp(want, name) == 0)
		return true;
	/* "1" means region1, as in ndctl */
	return str_is_prefixed_number(name, "region") && strcmp(want, name + 6) == 0;
}

/* ---------------------------------------------------------------- a region */

struct region_walk {
	struct pm_scan *s;
	const struct pm_filter *f;
	struct ndctl_region *region;
	uint64_t res;		/* region start (SPA), ULLONG_MAX when unreadable */
	uint64_t size;
	struct pm_range *bb;	/* region badblocks, region-relative bytes */
	size_t nbb;
	enum pm_list list;	/* whether bb is all of the region's poison */
	struct pm_dimm_finder dimms;
};

static void set_region_offset(const struct region_walk *w, struct pm_poison *p, uint64_t off)
{
	p->has_region_offset = true;
	p->region_offset = off;
	if (w->res != ULLONG_MAX) {
		p->has_spa = true;
		p->spa = w->res + off;
	}
}

static int read_region_badblocks(struct region_walk *w)
{
	free(w->bb);
	return pm_region_list(w->region, w->res, w->size, &w->bb, &w->nbb, &w->list, &w->s->notes);
}

static int emit_region_piece(struct region_walk *w, size_t unit, const struct pm_ns_view *v,
			     const struct pm_piece *pc)
{
	struct pm_poison p = { .unit = unit, .area = pc->area, .source = PM_SRC_REGION,
			       .length = pc->range.len };

	set_region_offset(w, &p, pc->range.start);
	if (pc->area == PM_AREA_DATA) {
		p.has_data_offset = true;
		p.data_offset = pc->range.start - v->layout.data.start;
	}
	pm_dimm_finder_find(&w->dimms, &p);
	return pm_scan_add_record(w->s, &p);
}

/* Records for the parts of @r that the region's list did not give (@seen). */
static int emit_block_range(struct region_walk *w, size_t unit, const struct pm_ns_view *v,
			    const struct pm_range *r, const struct pm_range *seen, size_t nseen)
{
	struct pm_range *left;
	size_t n;
	int rc = pm_subtract_all(r, seen, nseen, &left, &n);

	for (size_t i = 0; !rc && i < n; i++) {
		struct pm_poison p = { .unit = unit, .area = PM_AREA_DATA,
				       .source = PM_SRC_BLOCK, .length = left[i].len,
				       .has_data_offset = true, .data_offset = left[i].start };

		if (v->layout_known)
			set_region_offset(w, &p, v->layout.data.start + left[i].start);
		pm_dimm_finder_find(&w->dimms, &p);
		rc = pm_scan_add_record(w->s, &p);
	}
	free(left);
	return rc;
}

/*
 * The namespace's own badblocks list (the block device's) is what the
 * kernel fails I/O with. It normally mirrors the region list; entries that
 * only it has (software-added, or on platforms without ARS) are records too.
 * Those exist nowhere else: past a cut they stay unknown.
 */
static int emit_block_only(struct region_walk *w, size_t unit, const struct pm_ns_view *v,
			   const struct pm_range *seen, size_t nseen)
{
	uint64_t data_size = v->layout_known ? v->layout.data.len : UINT64_MAX;
	struct pm_bb_list l;
	int rc = pm_block_list(v, &l);

	for (size_t i = 0; !rc && i < l.n; i++) {
		struct pm_range r;

		if (pm_range_from_sectors(l.e[i].sector, l.e[i].count, data_size, &r))
			rc = emit_block_range(w, unit, v, &r, seen, nseen);
		else
			w->s->notes |= PM_NOTE_BAD_RANGE;
	}
	/*
	 * Past a cut, software-added ranges are unknown whatever the platform
	 * says; a region list completed from it has all the platform's poison.
	 */
	if (!rc && l.cut && w->list != PM_LIST_COMPLETED)
		w->s->units[unit].list = PM_LIST_CUT;
	pm_bb_free(&l);
	return rc;
}

static struct pm_unit namespace_unit(struct ndctl_region *region, const struct pm_ns_view *v)
{
	return (struct pm_unit){
		.bus = ndctl_bus_get_devname(ndctl_region_get_bus(region)),
		.provider = ndctl_bus_get_provider(ndctl_region_get_bus(region)),
		.region = ndctl_region_get_devname(region),
		.region_id = ndctl_region_get_id(region),
		.namespace = ndctl_namespace_get_devname(v->ndns),
		.ns_id = (int)ndctl_namespace_get_id(v->ndns),
		.device = v->device, .mode = v->mode,
		.disabled = !v->active,
		.kmem = pm_view_kmem(v),
		.has_ns_start = v->layout_known, .ns_start = v->layout.ns.start,
		.ns_len = v->layout.ns.len,
	};
}

static int scan_namespace(struct region_walk *w, const struct pm_ns_view *v)
{
	struct pm_unit u = namespace_unit(w->region, v);
	struct pm_range *seen = calloc(w->nbb * 3 + 1, sizeof(*seen));
	size_t unit, nseen = 0;
	int rc;

	u.list = w->list;
	rc = seen ? pm_scan_add_unit(w->s, &u, &unit) : -ENOMEM;
	for (size_t i = 0; !rc && v->layout_known && i < w->nbb; i++) {
		struct pm_piece pc[3];
		size_t n = pm_layout_split(&v->layout, &w->bb[i], pc);

		for (size_t k = 0; !rc && k < n; k++) {
			rc = emit_region_piece(w, unit, v, &pc[k]);
			if (pc[k].area == PM_AREA_DATA)
				seen[nseen++] = (struct pm_range){
					pc[k].range.start - v->layout.data.start, pc[k].range.len };
		}
	}
	if (!rc && !v->layout.btt)
		rc = emit_block_only(w, unit, v, seen, nseen);
	free(seen);
	return rc;
}

static struct pm_unit region_unit(struct ndctl_region *region)
{
	return (struct pm_unit){
		.bus = ndctl_bus_get_devname(ndctl_region_get_bus(region)),
		.provider = ndctl_bus_get_provider(ndctl_region_get_bus(region)),
		.region = ndctl_region_get_devname(region),
		.region_id = ndctl_region_get_id(region), .ns_id = -1,
	};
}

/* Bytes of the records of region @region_id so far: its block devices' lists. */
static uint64_t listed_bytes(const struct pm_scan *s, unsigned int region_id)
{
	uint64_t n = 0;

	for (size_t i = 0; i < s->nrecs; i++)
		if (s->units[s->recs[i].unit].region_id == region_id)
			n += s->recs[i].length;
	return n;
}

static uint64_t region_bb_bytes(const struct region_walk *w)
{
	uint64_t n = 0;

	for (size_t i = 0; i < w->nbb; i++)
		n += w->bb[i].len;
	return n;
}

/*
 * Poison in no namespace (or, without root, in no namespace we can place)
 * is still poison: report it against the region.
 */
static int scan_region_leftovers(struct region_walk *w, const struct pm_range *spans,
				 size_t nspans, bool layouts_known, bool any_blockdev, bool any_kmem)
{
	struct pm_unit u = region_unit(w->region);
	size_t unit;
	int rc;

	u.list = w->list;
	u.kmem = any_kmem;	/* an unplaced range may be in that namespace's system RAM */
	rc = pm_scan_add_unit(w->s, &u, &unit);

	/*
	 * Without the layouts, the region's ranges cannot be matched with the
	 * block devices' records. When those account for all of the region's
	 * poison, listing the region's ranges too would count it twice. When
	 * they do not, the rest is somewhere we cannot say: the region's ranges
	 * are listed as unplaced and its count is unknown, never 0.
	 */
	if (!layouts_known && any_blockdev) {
		if (rc || region_bb_bytes(w) <= listed_bytes(w->s, u.region_id))
			return rc;
		w->s->units[unit].unknown = true;
		w->s->notes |= PM_NOTE_UNPLACED;
	}
	for (size_t i = 0; !rc && i < w->nbb; i++) {
		struct pm_range *left;
		size_t n;

		if (pm_subtract_all(&w->bb[i], spans, nspans, &left, &n))
			return -ENOMEM;
		for (size_t k = 0; !rc && k < n; k++) {
			struct pm_poison p = { .unit = unit, .source = PM_SRC_REGION,
					       .area = layouts_known ? PM_AREA_UNCLAIMED : PM_AREA_UNKNOWN,
					       .unplaced = !layouts_known, .length = left[k].len };

			set_region_offset(w, &p, left[k].start);
			pm_dimm_finder_find(&w->dimms, &p);
			rc = pm_scan_add_record(w->s, &p);
		}
		free(left);
	}
	return rc;
}

/*
 * A disabled region has no namespaces and the kernel will not say what its
 * poison is (its badblocks read fails with ENXIO): a row that says so, and
 * no records, rather than a region that looks clean.
 */
static int scan_disabled_region(struct pm_scan *s, const struct pm_filter *f, struct ndctl_region *region)
{
	struct pm_unit u = region_unit(region);
	size_t unit, used = strlen(s->disabled);

	s->notes |= PM_NOTE_REGION_DISABLED;
	snprintf(s->disabled + used, sizeof(s->disabled) - used, "%s%s", used ? ", " : "", u.region);
	if (f->namespace || f->mode != PM_MODE_NONE)
		return 0;
	u.disabled = u.unknown = true;
	return pm_scan_add_unit(s, &u, &unit);
}

static int scan_region(struct pm_scan *s, const struct pm_filter *f,
		       struct ndctl_region *region, bool *ns_matched)
{
	struct region_walk w = { .s = s, .f = f, .region = region,
				 .res = ndctl_region_get_resource(region),
				 .size = ndctl_region_get_size(region) };
	struct ndctl_namespace *ndns;
	struct pm_range *spans = NULL;
	size_t nspans = 0, cap_spans = 0;
	bool layouts_known = true, any_blockdev = false, any_kmem = false;
	int rc = read_region_badblocks(&w);

	pm_dimm_finder_init(&w.dimms, region, w.res);
	w.dimms.skip = f->skip_dimms;
	if (w.res == ULLONG_MAX)
		s->notes |= PM_NOTE_NO_RESOURCE;
	ndctl_namespace_foreach(region, ndns) {
		struct pm_ns_view v;

		if (rc)
			break;
		if (ndctl_namespace_get_size(ndns) == 0)
			continue;	/* an unconfigured seed */
		pm_view_namespace(ndns, w.res, &v);
		if (v.layout_known) {
			struct pm_range *g = pm_grow(spans, &cap_spans, nspans, sizeof(*spans));

			if (!g) {
				rc = -ENOMEM;
				break;
			}
			spans = g;
			spans[nspans++] = v.layout.ns;
		}
		layouts_known &= v.layout_known;
		any_blockdev |= v.device && v.mode != PM_MODE_DEVDAX;
		any_kmem |= pm_view_kmem(&v);
		if (!pm_namespace_matches(&v, f->namespace, f->mode))
			continue;
		*ns_matched = true;
		rc = scan_namespace(&w, &v);
	}
	if (!rc && !f->namespace && f->mode == PM_MODE_NONE)
		rc = scan_region_leftovers(&w, spans, nspans, layouts_known, any_blockdev, any_kmem);
	free(spans);
	free(w.bb);
	return rc;
}

static int scan_failed(struct pm_scan *s, enum pm_scan_fail why, int rc)
{
	s->fail = why;
	s->fail_errno = -rc;
	return rc;
}

int pm_scan_ranges(struct ndctl_region *region, const struct pm_ns_view *v,
		   const struct pm_range *ranges, size_t n, enum pm_source src, struct pm_scan *s)
{
	struct region_walk w = { .s = s, .region = region, .res = v->region_res,
				 .size = ndctl_region_get_size(region) };
	struct pm_unit u = namespace_unit(region, v);
	size_t unit;
	int rc;

	memset(s, 0, sizeof(*s));
	pm_dimm_finder_init(&w.dimms, region, w.res);
	rc = pm_scan_add_unit(s, &u, &unit);
	for (size_t i = 0; !rc && i < n; i++) {
		struct pm_poison p = { .unit = unit, .area = PM_AREA_DATA, .source = src,
				       .length = ranges[i].len, .has_data_offset = true,
				       .data_offset = ranges[i].start };

		if (v->layout_known)
			set_region_offset(&w, &p, v->layout.data.start + ranges[i].start);
		pm_dimm_finder_find(&w.dimms, &p);
		rc = pm_scan_add_record(s, &p);
	}
	return rc;
}

int pm_scan_region_range(struct ndctl_region *region, const struct pm_ns_view *v, const struct pm_range *r,
			 struct pm_scan *s)
{
	struct region_walk w = { .s = s, .region = region, .res = ndctl_region_get_resource(region),
				 .size = ndctl_region_get_size(region) };
	bool enabled = ndctl_region_is_enabled(region);
	struct pm_unit u = v ? namespace_unit(region, v) : region_unit(region);
	struct pm_piece pc[3];
	size_t unit, n = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	pm_dimm_finder_init(&w.dimms, region, w.res);
	u.disabled |= !enabled;
	rc = pm_scan_add_unit(s, &u, &unit);
	if (v && v->layout_known)
		n = pm_layout_split(&v->layout, r, pc);
	else	/* in no namespace of an enabled region; in a disabled one, nobody knows */
		pc[n++] = (struct pm_piece){ *r, v || !enabled ? PM_AREA_UNKNOWN : PM_AREA_UNCLAIMED };
	for (size_t k = 0; !rc && k < n; k++)
		rc = emit_region_piece(&w, unit, v, &pc[k]);
	return rc;
}

int pm_scan_poison(struct ndctl_ctx *ctx, const struct pm_filter *f, struct pm_scan *s)
{
	bool bus_seen = false, region_seen = false, ns_seen = false;
	struct ndctl_bus *bus;
	struct ndctl_region *region;
	char region_bus[NAME_MAX + 1];
	int rc = 0;

	memset(s, 0, sizeof(*s));
	pm_region_bus_name(f->region, region_bus, sizeof(region_bus));
	ndctl_bus_foreach(ctx, bus) {
		if (!pm_bus_matches(bus, f->bus))
			continue;
		bus_seen = true;
		if (region_bus[0] && strcmp(region_bus, ndctl_bus_get_devname(bus)))
			continue;	/* the filter's region is on another bus */
		ndctl_region_foreach(bus, region) {
			if (!region_matches(region, f->region))
				continue;
			region_seen = true;
			rc = ndctl_region_is_enabled(region) ? scan_region(s, f, region, &ns_seen)
							     : scan_disabled_region(s, f, region);
			if (rc)
				goto fail;
		}
	}
	if (f->bus && !bus_seen)
		return scan_failed(s, PM_SCAN_NO_BUS, -PM_ENOMATCH);
	if (f->region && !region_seen)
		return scan_failed(s, PM_SCAN_NO_REGION, -PM_ENOMATCH);
	if (f->namespace && !ns_seen)
		return scan_failed(s, PM_SCAN_NO_NAMESPACE, -PM_ENOMATCH);
	if (f->mode != PM_MODE_NONE && !ns_seen)
		return scan_failed(s, PM_SCAN_NO_MODE, -PM_ENOMATCH);
	rc = pm_scan_sort(s);
	for (size_t i = 0; !rc && i < s->nunits; i++)
		if (s->units[i].list != PM_LIST_WHOLE)
			s->notes |= PM_NOTE_LIST_CUT;
	if (!rc)
		return 0;
fail:
	return scan_failed(s, PM_SCAN_ERRNO, rc);
}
