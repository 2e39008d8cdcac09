// SPDX-License-Identifier: GPL-2.0
/*
 * Badblocks entries as firmware and the kernel report them (any sector and
 * count, libndctl parses the text) through the code that turns them into
 * ranges and cuts them by a namespace layout, checked as properties: a
 * range is never empty and stays inside its device; the pieces of a cut
 * are ordered, disjoint, inside both the range and the namespace, of the
 * right areas (data inside the data area, metadata outside it, one BTT
 * piece for a BTT), and cover exactly the part of the range inside the
 * namespace.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/range.h"

static uint64_t take(const unsigned char **p, size_t *n)
{
	uint64_t v = 0;
	size_t k = *n < 8 ? *n : 8;

	memcpy(&v, *p, k);
	*p += k;
	*n -= k;
	return v;
}

static void check_cut(const struct pm_ns_layout *l, const struct pm_range *r)
{
	struct pm_piece pc[3];
	struct pm_range in;
	size_t n = pm_layout_split(l, r, pc);
	uint64_t covered = 0, prev_end = 0;

	if (n > 3)
		abort();
	for (size_t i = 0; i < n; i++) {
		const struct pm_range *x = &pc[i].range;
		bool in_data = x->start >= l->data.start && pm_range_end(x) <= pm_range_end(&l->data);

		if (!x->len || (i && x->start < prev_end) || x->start < r->start ||
		    pm_range_end(x) > pm_range_end(r) || x->start < l->ns.start ||
		    pm_range_end(x) > pm_range_end(&l->ns))
			abort();
		/* BTT remaps its sectors: the whole part in the namespace is one BTT piece */
		if (l->btt ? pc[i].area != PM_AREA_BTT || n != 1
			   : (pc[i].area == PM_AREA_DATA) != in_data || pc[i].area == PM_AREA_BTT)
			abort();
		prev_end = pm_range_end(x);
		covered += x->len;
	}
	if (covered != (pm_range_intersect(r, &l->ns, &in) ? in.len : 0))
		abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const unsigned char *p = data;
	size_t n = size;
	uint64_t dev_size = take(&p, &n);
	struct pm_ns_layout l = { .ns = { take(&p, &n), take(&p, &n) },
				  .data = { take(&p, &n), take(&p, &n) } };

	l.btt = dev_size & 1;
	while (n >= 16) {
		uint64_t sector = take(&p, &n), count = take(&p, &n);
		struct pm_range r;

		if (!pm_range_from_sectors(sector, count, dev_size, &r))
			continue;
		if (!r.len || r.start >= dev_size || pm_range_end(&r) > dev_size || pm_range_end(&r) < r.start)
			abort();
		if (pm_layout_valid(&l) && pm_range_end(&l.ns) <= dev_size)
			check_cut(&l, &r);
	}
	return 0;
}
