// SPDX-License-Identifier: GPL-2.0
/* The scan's containers: units and records as they grow, their order, the region totals. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/poison-model.h"

const char *pm_source_name(enum pm_source s)
{
	switch (s) {
	case PM_SRC_REGION: return "region";
	case PM_SRC_BLOCK: return "block";
	case PM_SRC_INJECTED: return "injected";
	case PM_SRC_CXL: return "memdev";
	}
	return "region";
}

const char *pm_list_name(enum pm_list l)
{
	switch (l) {
	case PM_LIST_WHOLE: return "whole";
	case PM_LIST_COMPLETED: return "completed";
	case PM_LIST_CUT: return "cut";
	}
	return "cut";
}

/* ---------------------------------------------------------------- growth */

void *pm_grow(void *v, size_t *cap, size_t n, size_t elem)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return v;
	p = realloc(v, c * elem);
	if (p)
		*cap = c;
	return p;
}

/* A copy of @str that lives as long as the scan; NULL on ENOMEM. */
static char *scan_owned(struct pm_scan *s, const char *str)
{
	char **v = pm_grow(s->owned, &s->cap_owned, s->nowned, sizeof(*v));
	char *d = v ? strdup(str) : NULL;

	if (v)
		s->owned = v;
	if (d)
		s->owned[s->nowned++] = d;
	return d;
}

int pm_scan_add_unit(struct pm_scan *s, const struct pm_unit *u, size_t *idx)
{
	struct pm_unit *v = pm_grow(s->units, &s->cap_units, s->nunits, sizeof(*v));
	const char *device;

	if (!v)
		return -ENOMEM;
	s->units = v;
	device = u->device ? scan_owned(s, u->device) : NULL;
	if (u->device && !device)
		return -ENOMEM;
	v[s->nunits] = *u;
	v[s->nunits].device = device;
	*idx = s->nunits++;
	return 0;
}

void pm_unit_count(struct pm_unit *u, const struct pm_poison *p)
{
	u->ranges++;
	u->bytes += p->length;
	if (p->area == PM_AREA_DATA)
		u->data_bytes += p->length;
	else if (p->area == PM_AREA_METADATA || p->area == PM_AREA_BTT)
		u->metadata_bytes += p->length;
	else if (p->area == PM_AREA_UNCLAIMED)
		u->unclaimed_bytes += p->length;
	u->system_ram_bytes += p->system_ram == PM_SYSRAM_YES ? p->length : 0;
	u->system_ram_unknown |= p->system_ram == PM_SYSRAM_UNKNOWN;
}

int pm_scan_add_record(struct pm_scan *s, const struct pm_poison *p)
{
	struct pm_poison *v = pm_grow(s->recs, &s->cap_recs, s->nrecs, sizeof(*v));

	if (!v)
		return -ENOMEM;
	s->recs = v;
	v[s->nrecs] = *p;
	/*
	 * kmem onlines the dax device's range: the data area, never the info
	 * block or memmap; a range that cannot be placed may be in it
	 */
	if (s->units[p->unit].kmem && p->source != PM_SRC_CXL && (p->unplaced || p->area == PM_AREA_DATA))
		v[s->nrecs].system_ram = p->unplaced ? PM_SYSRAM_UNKNOWN : pm_sysram_at("/sys", p->has_spa, p->spa);
	pm_unit_count(&s->units[p->unit], &v[s->nrecs++]);
	return 0;
}

void pm_scan_free(struct pm_scan *s)
{
	for (size_t i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
	free(s->units);
	free(s->recs);
	memset(s, 0, sizeof(*s));
}

/* Parts of @r not covered by @cut, in a malloc'ed array (*@out, free it). */
int pm_subtract_all(const struct pm_range *r, const struct pm_range *cut, size_t ncut,
			struct pm_range **out, size_t *n)
{
	*n = pm_range_subtract(r, cut, ncut, NULL, 0);
	*out = calloc(*n + 1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	pm_range_subtract(r, cut, ncut, *out, *n);
	return 0;
}


/* ---------------------------------------------------------------- order */

static int cmp_unit(const struct pm_unit *a, const struct pm_unit *b)
{
	if (a->region_id != b->region_id)
		return a->region_id < b->region_id ? -1 : 1;
	return (a->ns_id > b->ns_id) - (a->ns_id < b->ns_id);
}

static int cmp_record(const void *pa, const void *pb, void *arg)
{
	const struct pm_scan *s = arg;
	const struct pm_poison *a = pa, *b = pb;
	const struct pm_unit *ua = &s->units[a->unit], *ub = &s->units[b->unit];
	uint64_t oa, ob;

	if (ua->region_id != ub->region_id)
		return ua->region_id < ub->region_id ? -1 : 1;
	oa = a->has_region_offset ? a->region_offset : a->data_offset;
	ob = b->has_region_offset ? b->region_offset : b->data_offset;
	if (oa != ob)
		return oa < ob ? -1 : 1;
	return cmp_unit(ua, ub);
}

static int cmp_unit_index(const void *a, const void *b, void *units)
{
	const struct pm_unit *u = units;

	return cmp_unit(&u[*(const size_t *)a], &u[*(const size_t *)b]);
}

/*
 * A region's row counts all poison in the region, its namespaces' included,
 * and is as incomplete as the least complete of them.
 */
static void total_regions(struct pm_scan *s)
{
	for (size_t i = 0; i < s->nunits; i++) {
		struct pm_unit *u = &s->units[i];

		if (u->namespace)
			continue;
		for (size_t k = 0; k < s->nunits; k++)
			if (s->units[k].region_id == u->region_id && s->units[k].list > u->list)
				u->list = s->units[k].list;
		u->ranges = u->bytes = u->data_bytes = u->metadata_bytes = u->unclaimed_bytes = 0;
		u->system_ram_bytes = 0;
		u->system_ram_unknown = false;
		for (size_t k = 0; k < s->nrecs; k++)
			if (s->units[s->recs[k].unit].region_id == u->region_id)
				pm_unit_count(u, &s->recs[k]);
	}
}

/* Units sort by region then namespace; records keep pointing at the same unit. */
int pm_scan_sort(struct pm_scan *s)
{
	size_t n = s->nunits, *order = calloc(n + 1, sizeof(*order)), *rank = calloc(n + 1, sizeof(*rank));
	struct pm_unit *sorted = calloc(n + 1, sizeof(*sorted));

	if (!order || !rank || !sorted) {
		free(order);
		free(rank);
		free(sorted);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(*order), cmp_unit_index, s->units);
	for (size_t k = 0; k < n; k++) {
		sorted[k] = s->units[order[k]];
		rank[order[k]] = k;
	}
	free(s->units);
	s->units = sorted;
	s->cap_units = n + 1;
	for (size_t i = 0; i < s->nrecs; i++)
		s->recs[i].unit = rank[s->recs[i].unit];
	if (s->nrecs)	/* qsort on a NULL array is undefined even for 0 elements */
		qsort_r(s->recs, s->nrecs, sizeof(*s->recs), cmp_record, s);
	total_regions(s);
	free(order);
	free(rank);
	return 0;
}

