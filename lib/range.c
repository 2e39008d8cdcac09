// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "lib/range.h"

bool pm_range_intersect(const struct pm_range *a, const struct pm_range *b,
			struct pm_range *out)
{
	uint64_t s = a->start > b->start ? a->start : b->start;
	uint64_t ea = pm_range_end(a), eb = pm_range_end(b);
	uint64_t e = ea < eb ? ea : eb;

	if (s >= e)
		return false;
	out->start = s;
	out->len = e - s;
	return true;
}

/*
 * Walk @r from left to right; at each step find the cut that covers the
 * current position (skip past it) or the nearest cut ahead (emit the gap).
 * O(n * ncut), fine for the few ranges a namespace lists.
 */
size_t pm_range_subtract(const struct pm_range *r, const struct pm_range *cut,
			 size_t ncut, struct pm_range *out, size_t max)
{
	uint64_t pos = r->start, end = pm_range_end(r);
	size_t n = 0;

	while (pos < end) {
		uint64_t next = end;
		bool covered = false;

		for (size_t i = 0; i < ncut; i++) {
			uint64_t cs = cut[i].start, ce = pm_range_end(&cut[i]);

			if (cut[i].len == 0)
				continue;
			if (cs <= pos && pos < ce) {
				pos = ce;
				covered = true;
				break;
			}
			if (cs > pos && cs < next)
				next = cs;
		}
		if (covered)
			continue;
		if (n < max) {
			out[n].start = pos;
			out[n].len = next - pos;
		}
		n++;
		pos = next;
	}
	return n;
}

bool pm_range_from_sectors(uint64_t sector, uint64_t count, uint64_t dev_size,
			   struct pm_range *out)
{
	uint64_t limit = dev_size / PM_SECTOR;

	if (count == 0 || sector >= limit)
		return false;
	if (count > limit - sector)
		count = limit - sector;
	out->start = sector * PM_SECTOR;
	out->len = count * PM_SECTOR;
	return true;
}

struct pm_range pm_range_to_sectors(const struct pm_range *r, uint64_t size)
{
	uint64_t start = r->start - r->start % PM_SECTOR, end = pm_range_end(r);

	end = end % PM_SECTOR && end < UINT64_MAX - PM_SECTOR ? end - end % PM_SECTOR + PM_SECTOR : end;
	end = end > size ? size : end;
	return (struct pm_range){ start, end > start ? end - start : 0 };
}

const char *pm_area_name(enum pm_area a)
{
	switch (a) {
	case PM_AREA_DATA: return "data";
	case PM_AREA_METADATA: return "metadata";
	case PM_AREA_BTT: return "btt";
	case PM_AREA_UNCLAIMED: return "unclaimed";
	case PM_AREA_UNKNOWN: return "unknown";
	}
	return "unknown";
}

bool pm_layout_valid(const struct pm_ns_layout *l)
{
	if (l->ns.len == 0 || pm_range_end(&l->ns) < l->ns.start)
		return false;
	if (pm_range_end(&l->data) < l->data.start)
		return false;
	return l->data.start >= l->ns.start && pm_range_end(&l->data) <= pm_range_end(&l->ns);
}

size_t pm_layout_split(const struct pm_ns_layout *l, const struct pm_range *r,
		       struct pm_piece out[3])
{
	struct pm_range in_ns, part;
	size_t n = 0;

	if (!pm_range_intersect(r, &l->ns, &in_ns))
		return 0;
	if (l->btt || l->data_unknown) {
		out[0] = (struct pm_piece){ in_ns, l->btt ? PM_AREA_BTT : PM_AREA_UNKNOWN };
		return 1;
	}
	struct pm_range before = { l->ns.start, l->data.start - l->ns.start };
	struct pm_range after = { pm_range_end(&l->data),
				  pm_range_end(&l->ns) - pm_range_end(&l->data) };

	if (pm_range_intersect(&in_ns, &before, &part))
		out[n++] = (struct pm_piece){ part, PM_AREA_METADATA };
	if (pm_range_intersect(&in_ns, &l->data, &part))
		out[n++] = (struct pm_piece){ part, PM_AREA_DATA };
	if (pm_range_intersect(&in_ns, &after, &part))
		out[n++] = (struct pm_piece){ part, PM_AREA_METADATA };
	return n;
}
