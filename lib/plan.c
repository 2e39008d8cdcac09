// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "lib/plan.h"

static int cmp_start(const void *a, const void *b)
{
	const struct pm_range *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

size_t pm_ranges_normalize(struct pm_range *bad, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return 0;	/* bad may be NULL: qsort must not see it */
	qsort(bad, n, sizeof(*bad), cmp_start);
	for (size_t i = 0; i < n; i++) {
		if (bad[i].len == 0)
			continue;
		if (k && bad[i].start <= pm_range_end(&bad[k - 1])) {
			uint64_t end = pm_range_end(&bad[i]);

			if (end > pm_range_end(&bad[k - 1]))
				bad[k - 1].len = end - bad[k - 1].start;
			continue;
		}
		bad[k++] = bad[i];
	}
	return k;
}

bool pm_unit_valid(uint64_t unit)
{
	return unit >= PM_SECTOR && (unit & (unit - 1)) == 0;
}

static void emit(struct pm_range *out, size_t max, size_t *n, uint64_t start, uint64_t end,
		 uint64_t max_write)
{
	/* split an over-long write at max_write boundaries (max_write is unit-aligned) */
	while (start < end) {
		uint64_t len = end - start < max_write ? end - start : max_write;

		if (*n < max)
			out[*n] = (struct pm_range){ start, len };
		(*n)++;
		start += len;
	}
}

size_t pm_plan_writes(const struct pm_range *bad, size_t n, uint64_t unit, uint64_t size,
		      uint64_t max_write, struct pm_range *out, size_t max)
{
	uint64_t cur_start = 0, cur_end = 0;
	bool open = false;
	size_t count = 0;

	if (!pm_unit_valid(unit) || max_write < unit)
		return 0;
	max_write -= max_write % unit;
	for (size_t i = 0; i < n; i++) {
		uint64_t s = bad[i].start & ~(unit - 1);
		uint64_t e = pm_range_end(&bad[i]);

		if (bad[i].start >= size)
			break;	/* sorted: the rest lies beyond the device too */
		e = (e + unit - 1) & ~(unit - 1);
		if (e > size)
			e = size;
		if (open && s <= cur_end) {	/* touches or overlaps: one write */
			if (e > cur_end)
				cur_end = e;
			continue;
		}
		if (open)
			emit(out, max, &count, cur_start, cur_end, max_write);
		cur_start = s;
		cur_end = e;
		open = true;
	}
	if (open)
		emit(out, max, &count, cur_start, cur_end, max_write);
	return count;
}

bool pm_sector_is_bad(const struct pm_range *bad, size_t n, uint64_t off)
{
	struct pm_range sector = { off, PM_SECTOR }, x;

	for (size_t i = 0; i < n; i++)
		if (pm_range_intersect(&bad[i], &sector, &x))
			return true;
	return false;
}

uint64_t pm_bad_bytes_in(const struct pm_range *bad, size_t n, const struct pm_range *w)
{
	uint64_t total = 0;
	struct pm_range x;

	for (size_t i = 0; i < n; i++)
		if (pm_range_intersect(&bad[i], w, &x))
			total += x.len;
	return total;
}
