// SPDX-License-Identifier: GPL-2.0
/* The poison of a scan as data-relative ranges: what every writer and checker acts on. */
#include <errno.h>
#include <stdlib.h>

#include "lib/plan.h"
#include "lib/poison.h"

long pm_scan_data_ranges(const struct pm_scan *s, size_t unit, const struct pm_range *within,
			 struct pm_range **out)
{
	struct pm_range *v = calloc(s->nrecs + 1, sizeof(*v));
	size_t n = 0;

	*out = v;
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < s->nrecs; i++) {
		const struct pm_poison *p = &s->recs[i];
		struct pm_range r = { p->data_offset, p->length };

		if (!p->has_data_offset || (unit != PM_ALL_UNITS && p->unit != unit))
			continue;
		if (!within)
			v[n++] = r;
		else if (pm_range_intersect(&r, within, &v[n]))
			n++;
	}
	return (long)pm_ranges_normalize(v, n);
}
