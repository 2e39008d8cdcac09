// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>

#include "lib/plan.h"
#include "lib/recover-plan.h"

int pm_recover_poison_of(const struct pm_scan *s, const struct pm_range *want, struct pm_recover_poison *p)
{
	long n = pm_scan_data_ranges(s, PM_ALL_UNITS, want, &p->bad);

	p->nbad = n > 0 ? (size_t)n : 0;
	p->nmeta = 0;
	p->meta = calloc(s->nrecs + 1, sizeof(*p->meta));
	if (n < 0 || !p->meta) {
		pm_recover_poison_free(p);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s->nrecs; i++)
		if (!s->recs[i].has_data_offset)
			p->meta[p->nmeta++] = (struct pm_range){ s->recs[i].region_offset, s->recs[i].length };
	return 0;
}

void pm_recover_poison_free(struct pm_recover_poison *p)
{
	free(p->bad);
	free(p->meta);
	*p = (struct pm_recover_poison){ 0 };
}

static int grow(struct pm_write **v, size_t n, size_t more)
{
	struct pm_write *g = realloc(*v, (n + more + 1) * sizeof(**v));

	if (!g)
		return -ENOMEM;
	*v = g;
	return 0;
}

int pm_plan_range(struct pm_recover_plan *plan, const struct pm_range *bad, size_t nbad, uint64_t unit,
		  uint64_t end, int64_t delta)
{
	size_t k = pm_plan_writes(bad, nbad, unit, end, PM_MAX_RECOVER_WRITE, NULL, 0);
	struct pm_range *w = calloc(k + 1, sizeof(*w));

	if (!w || grow(&plan->v, plan->n, k)) {
		free(w);
		return -ENOMEM;
	}
	pm_plan_writes(bad, nbad, unit, end, PM_MAX_RECOVER_WRITE, w, k);
	for (size_t i = 0; i < k; i++)
		plan->v[plan->n++] = (struct pm_write){ .w = w[i], .delta = delta };
	free(w);
	return 0;
}

int pm_plan_file(struct pm_recover_plan *plan, const struct pm_extent *e, size_t ne,
		 const struct pm_range *bad, size_t nbad, uint64_t unit)
{
	struct pm_range *mine = calloc(nbad + 1, sizeof(*mine));
	int rc = mine ? 0 : -ENOMEM;

	for (size_t i = 0; !rc && i < ne; i++) {
		struct pm_range ext = { e[i].physical, e[i].length };
		int64_t delta = (int64_t)e[i].logical - (int64_t)e[i].physical;
		size_t k = 0;

		if (e[i].unwritten)
			continue;
		for (size_t b = 0; b < nbad; b++)
			if (pm_range_intersect(&bad[b], &ext, &mine[k]))
				k++;
		if (k && (e[i].physical % unit || e[i].logical % unit)) {
			rc = grow(&plan->misaligned, plan->nmisaligned, 1);
			if (!rc)
				plan->misaligned[plan->nmisaligned++] = (struct pm_write){ .w = mine[0], .delta = delta };
		} else if (k) {
			rc = pm_plan_range(plan, mine, k, unit, pm_range_end(&ext), delta);
		}
	}
	free(mine);
	return rc;
}

void pm_recover_plan_free(struct pm_recover_plan *plan)
{
	free(plan->v);
	free(plan->misaligned);
	*plan = (struct pm_recover_plan){ 0 };
}

uint64_t pm_plan_image_end(const struct pm_recover_plan *plan, const struct pm_range *bad, size_t nbad,
			   bool moved)
{
	uint64_t end = 0;

	for (size_t i = 0; i < plan->n; i++)
		for (size_t b = 0; b < nbad; b++) {
			struct pm_range in;
			uint64_t e;

			if (!pm_range_intersect(&bad[b], &plan->v[i].w, &in))
				continue;
			e = (uint64_t)((int64_t)pm_range_end(&in) + (moved ? plan->v[i].delta : 0));
			if (e > end)
				end = e;
		}
	return end;
}
