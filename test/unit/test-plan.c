// SPDX-License-Identifier: GPL-2.0
/* Recovery write planning: alignment, coalescing, what to preserve. */
#include "lib/plan.h"
#include "test/unit/unit.h"

#define R(s, l) ((struct pm_range){ (s), (l) })
#define MIB (1ULL << 20)

int main(void)
{
	struct pm_range out[16];
	size_t n;

	struct pm_range a[] = { R(8192, 512), R(512, 512), R(1024, 512), R(700, 100) };
	n = pm_ranges_normalize(a, 4);
	CHECK(n == 2 && a[0].start == 512 && a[0].len == 1024 && a[1].start == 8192,
	      "normalize sorts, merges overlapping and touching ranges (n=%zu)", n);

	struct pm_range one[] = { R(4096 + 512, 512) };
	n = pm_plan_writes(one, 1, 512, 64 * MIB, MIB, out, 16);
	CHECK(n == 1 && out[0].start == 4608 && out[0].len == 512,
	      "one bad sector, sector unit: one 512-byte write over exactly it");
	n = pm_plan_writes(one, 1, 4096, 64 * MIB, MIB, out, 16);
	CHECK(n == 1 && out[0].start == 4096 && out[0].len == 4096,
	      "sub-page poison, page unit: the whole page");
	CHECK(pm_bad_bytes_in(one, 1, &out[0]) == 512, "of which 512 bytes are replaced");
	CHECK(!pm_sector_is_bad(one, 1, 4096) && pm_sector_is_bad(one, 1, 4608) &&
		      !pm_sector_is_bad(one, 1, 5120),
	      "the other 7 sectors of the page are good and kept");

	struct pm_range straddle[] = { R(4096 - 512, 1024) };
	n = pm_plan_writes(straddle, 1, 4096, 64 * MIB, MIB, out, 16);
	CHECK(n == 1 && out[0].start == 0 && out[0].len == 8192,
	      "a range straddling two pages: one write of both pages");

	struct pm_range adj[] = { R(0, 512), R(4096, 512), R(12288, 512) };
	n = pm_plan_writes(adj, 3, 4096, 64 * MIB, MIB, out, 16);
	CHECK(n == 2 && out[0].start == 0 && out[0].len == 8192 && out[1].start == 12288,
	      "adjacent pages coalesce, a gap page separates (n=%zu)", n);
	n = pm_plan_writes(adj, 3, 512, 64 * MIB, MIB, out, 16);
	CHECK(n == 3, "with a sector unit the same poison needs 3 writes");

	struct pm_range big[] = { R(0, 3 * MIB) };
	n = pm_plan_writes(big, 1, 4096, 64 * MIB, MIB, out, 16);
	CHECK(n == 3 && out[2].start == 2 * MIB && out[2].len == MIB, "long runs split at max_write");

	struct pm_range end[] = { R(64 * MIB - 512, 512) };
	n = pm_plan_writes(end, 1, 4096, 64 * MIB - 2048, MIB, out, 16);
	CHECK(n == 0, "poison beyond the device is not planned");
	struct pm_range tail[] = { R(10000 * 512, 512) };
	n = pm_plan_writes(tail, 1, 4096, 10001 * 512, MIB, out, 16);
	CHECK(n == 1 && out[0].start + out[0].len == 10001 * 512, "the last write is clipped to the device");

	CHECK(pm_plan_writes(one, 1, 1000, 64 * MIB, MIB, out, 16) == 0, "unit not a power of two: no plan");
	CHECK(pm_plan_writes(one, 1, 256, 64 * MIB, MIB, out, 16) == 0, "unit below a sector: no plan");
	CHECK(pm_unit_valid(512) && pm_unit_valid(4096) && !pm_unit_valid(768), "unit validity");
	n = pm_plan_writes(adj, 3, 4096, 64 * MIB, MIB, out, 1);
	CHECK(n == 2 && out[0].len == 8192, "count beyond max is still reported");
	return unit_done();
}
