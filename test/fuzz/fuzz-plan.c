// SPDX-License-Identifier: GPL-2.0
/*
 * Recovery write planning, as a property: for any poisoned ranges, unit and
 * device size, the writes are aligned, inside the device, ordered without
 * overlap, no longer than the limit, and cover every poisoned byte inside
 * the device; and the bytes they replace plus the bytes they preserve are
 * exactly their length. A plan that broke one of these could lose data.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/plan.h"

#define MAXR 64

static uint64_t take(const unsigned char **d, size_t *n)
{
	uint64_t v = 0;

	for (int i = 0; i < 4 && *n; i++, (*d)++, (*n)--)
		v = v << 8 | **d;
	return v;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct pm_range bad[MAXR], w[4 * MAXR + 8];
	uint64_t unit = 512ULL << (take(&data, &size) % 10);	/* 512 B .. 256 KiB */
	uint64_t dev = (take(&data, &size) % (64ULL << 20)) / 512 * 512 + 512;
	uint64_t max_write = unit * (1 + take(&data, &size) % 64);
	size_t n = 0, k;

	while (size >= 8 && n < MAXR) {
		uint64_t s = take(&data, &size) % dev / 512 * 512, l = (take(&data, &size) % 256 + 1) * 512;

		bad[n++] = (struct pm_range){ s, l };
	}
	n = pm_ranges_normalize(bad, n);
	k = pm_plan_writes(bad, n, unit, dev, max_write, w, sizeof(w) / sizeof(w[0]));
	if (k > sizeof(w) / sizeof(w[0]))
		return 0;
	for (size_t i = 0; i < k; i++) {
		uint64_t bb = pm_bad_bytes_in(bad, n, &w[i]);

		if (w[i].len == 0 || w[i].start % unit || (w[i].len % unit && pm_range_end(&w[i]) != dev) ||
		    pm_range_end(&w[i]) > dev || w[i].len > max_write || bb > w[i].len || bb == 0)
			abort();
		if (i && w[i].start < pm_range_end(&w[i - 1]))
			abort();
	}
	/* every poisoned byte inside the device is in a write: walk both in order */
	for (size_t b = 0, i = 0; b < n; b++) {
		uint64_t off = bad[b].start, end = pm_range_end(&bad[b]) < dev ? pm_range_end(&bad[b]) : dev;

		while (off < end) {
			while (i < k && pm_range_end(&w[i]) <= off)
				i++;
			if (i == k || w[i].start > off)
				abort();
			off = pm_range_end(&w[i]);
		}
	}
	return 0;
}
