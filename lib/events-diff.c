// SPDX-License-Identifier: GPL-2.0
/*
 * What changed between two snapshots, as changes of the set of poisoned
 * sectors of each region: sectors newly poisoned, sectors no longer
 * poisoned, and sectors still poisoned whose attribution (namespace, mode,
 * device, area, data offset) changed. A record's length or the namespace a
 * sector falls in is not the poison: a partial recovery clears the
 * recovered sectors only, and a namespace disabled or reconfigured over
 * poison re-attributes its sectors, it does not clear them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/events.h"
#include "lib/poison-model.h"

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_region(const struct pm_snap_rec *a, const struct pm_snap_rec *b)
{
	return same_str(a->unit.bus, b->unit.bus) && same_str(a->unit.region, b->unit.region);
}

static bool same_attribution(const struct pm_snap_rec *a, const struct pm_snap_rec *b)
{
	/* the data offset moves with the region offset unless the layout changed */
	return same_str(a->unit.namespace, b->unit.namespace) && a->unit.mode == b->unit.mode &&
	       same_str(a->unit.device, b->unit.device) && a->p.area == b->p.area &&
	       a->p.has_data_offset == b->p.has_data_offset &&
	       (!a->p.has_data_offset ||
		a->p.data_offset - a->p.region_offset == b->p.data_offset - b->p.region_offset);
}

static struct pm_range place(const struct pm_snap_rec *r)
{
	return (struct pm_range){ r->p.region_offset, r->p.length };
}

/* @r cut to @piece (region-relative, inside @r): offsets, address and length follow. */
static struct pm_snap_rec cut(const struct pm_snap_rec *r, const struct pm_range *piece)
{
	struct pm_snap_rec c = *r;
	uint64_t d = piece->start - r->p.region_offset;

	c.p.region_offset = piece->start;
	c.p.length = piece->len;
	if (c.p.has_data_offset)
		c.p.data_offset += d;
	if (c.p.has_spa)
		c.p.spa += d;
	return c;
}

struct changes {
	struct pm_change *v;
	size_t n, cap;
};

static int add(struct changes *c, enum pm_change_kind kind, struct pm_snap_rec rec, const struct pm_snap_rec *prev)
{
	struct pm_change *v = pm_grow(c->v, &c->cap, c->n, sizeof(*v));

	if (!v)
		return -ENOMEM;
	c->v = v;
	v[c->n++] = (struct pm_change){ kind, rec, prev };
	return 0;
}

/*
 * The sectors of each placed record of @a that no placed record of @b in
 * the same region covers, as @kind changes; records without a region offset
 * are compared whole, by key.
 */
static int uncovered(const struct pm_snapshot *a, const struct pm_snapshot *b, enum pm_change_kind kind,
		     struct changes *c)
{
	struct pm_range *cuts = calloc(b->n + 1, sizeof(*cuts));
	int rc = cuts ? 0 : -ENOMEM;

	for (size_t i = 0; !rc && i < a->n; i++) {
		const struct pm_snap_rec *r = a->recs[i];
		struct pm_range *left = NULL, whole = place(r);
		size_t ncut = 0, nleft = 0;
		bool found = false;

		if (!r->p.has_region_offset) {
			for (size_t k = 0; k < b->n && !found; k++)
				found = !b->recs[k]->p.has_region_offset && !strcmp(a->keys[i], b->keys[k]);
			rc = found ? 0 : add(c, kind, *r, NULL);
			continue;
		}
		for (size_t k = 0; k < b->n; k++)
			if (b->recs[k]->p.has_region_offset && same_region(r, b->recs[k]))
				cuts[ncut++] = place(b->recs[k]);
		rc = pm_subtract_all(&whole, cuts, ncut, &left, &nleft);
		for (size_t k = 0; !rc && k < nleft; k++)
			rc = add(c, kind, cut(r, &left[k]), NULL);
		free(left);
	}
	free(cuts);
	return rc;
}

/* Sectors in both whose attribution changed: @now's record, and @old's as it was. */
static int reattributed(const struct pm_snapshot *old, const struct pm_snapshot *now, struct changes *c)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < now->n; i++) {
		const struct pm_snap_rec *r = now->recs[i];

		for (size_t k = 0; !rc && r->p.has_region_offset && k < old->n; k++) {
			const struct pm_snap_rec *o = old->recs[k];
			struct pm_range a = place(r), b = place(o), both;

			if (o->p.has_region_offset && same_region(r, o) && pm_range_intersect(&a, &b, &both) &&
			    !same_attribution(r, o))
				rc = add(c, PM_CHANGE_REATTRIBUTED, cut(r, &both), o);
		}
	}
	return rc;
}

int pm_snapshot_diff(const struct pm_snapshot *old, const struct pm_snapshot *now, struct pm_change **out,
		     size_t *n)
{
	struct changes c = { 0 };
	int rc = uncovered(old, now, PM_CHANGE_CLEARED, &c);

	rc = rc ? rc : reattributed(old, now, &c);
	rc = rc ? rc : uncovered(now, old, PM_CHANGE_ADDED, &c);
	if (rc) {
		free(c.v);
		c.v = NULL;
		c.n = 0;
	}
	*out = c.v;
	*n = c.n;
	return rc;
}
