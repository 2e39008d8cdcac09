// SPDX-License-Identifier: GPL-2.0
/*
 * File bytes to device ranges (inject --file): for any extent list and
 * range, the device ranges add up to the requested length, or an error
 * names an offset inside the request; counting and filling agree.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/fiemap.h"

#define MAXE 32

static uint64_t take(const unsigned char **d, size_t *n)
{
	uint64_t v = 0;

	for (int i = 0; i < 3 && *n; i++, (*d)++, (*n)--)
		v = v << 8 | **d;
	return v;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct pm_extent e[MAXE];
	struct pm_range out[MAXE];
	uint64_t off = take(&data, &size) * 512, len = (take(&data, &size) % 4096 + 1) * 512, logical = 0, at = 0;
	size_t n = 0;
	long k, k2;

	while (size >= 4 && n < MAXE) {
		uint64_t gap = take(&data, &size) % 4 == 0 ? 4096 : 0, flags = size ? *data : 0;

		logical += gap;
		e[n] = (struct pm_extent){ logical, take(&data, &size) * 4096, (flags % 16 + 1) * 4096,
					   (flags & 0x40) != 0, (flags & 0x80) != 0 };
		logical += e[n].length;
		n++;
	}
	k = pm_file_range_to_device(e, n, off, len, NULL, 0, &at);
	if (k < 0) {
		if (at < off || at > off + len)
			abort();
		return 0;
	}
	k2 = pm_file_range_to_device(e, n, off, len, out, MAXE, &at);
	if (k2 != k)
		abort();
	if (k <= MAXE) {
		uint64_t sum = 0;

		for (long i = 0; i < k; i++)
			sum += out[i].len;
		if (sum != len)
			abort();
	}
	return 0;
}
