// SPDX-License-Identifier: GPL-2.0
/* Offset conversion, clipping and range validation. */
#include <stdlib.h>
#include "lib/range.h"
#include "lib/poison.h"
#include "test/unit/unit.h"

#define R(s, l) ((struct pm_range){ (s), (l) })

static void test_intersect(void)
{
	struct pm_range o;

	CHECK(pm_range_intersect(&R(0, 10), &R(5, 10), &o) && o.start == 5 && o.len == 5,
	      "partial overlap");
	CHECK(!pm_range_intersect(&R(0, 10), &R(10, 5), &o), "touching ranges do not overlap");
	CHECK(pm_range_intersect(&R(3, 2), &R(0, 100), &o) && o.start == 3 && o.len == 2,
	      "contained range");
	CHECK(!pm_range_intersect(&R(0, 0), &R(0, 10), &o), "empty range overlaps nothing");
}

static void test_subtract(void)
{
	struct pm_range out[8];
	struct pm_range cuts[] = { R(10, 10), R(30, 5), R(15, 10) };
	size_t n;

	n = pm_range_subtract(&R(0, 40), cuts, 3, out, 8);
	CHECK(n == 3 && out[0].start == 0 && out[0].len == 10 && out[1].start == 25 &&
		      out[1].len == 5 && out[2].start == 35 && out[2].len == 5,
	      "overlapping, unordered cuts leave three gaps (n=%zu)", n);
	n = pm_range_subtract(&R(10, 10), cuts, 3, out, 8);
	CHECK(n == 0, "fully covered range leaves nothing");
	n = pm_range_subtract(&R(0, 40), NULL, 0, out, 8);
	CHECK(n == 1 && out[0].start == 0 && out[0].len == 40, "no cuts: range unchanged");
	n = pm_range_subtract(&R(0, 40), cuts, 3, out, 1);
	CHECK(n == 3 && out[0].len == 10, "count beyond max is still reported");
}

static void test_to_sectors(void)
{
	struct pm_range r;

	r = pm_range_to_sectors(&(struct pm_range){ 4096, 256 }, 1 << 20);
	CHECK(r.start == 4096 && r.len == 512, "a 256-byte record at a sector's start is that sector");
	r = pm_range_to_sectors(&(struct pm_range){ 4096 + 300, 256 }, 1 << 20);
	CHECK(r.start == 4096 && r.len == 1024, "a record across a sector boundary is both sectors");
	r = pm_range_to_sectors(&(struct pm_range){ 8192, 1024 }, 1 << 20);
	CHECK(r.start == 8192 && r.len == 1024, "whole sectors stay as they are");
	r = pm_range_to_sectors(&(struct pm_range){ (1 << 20) - 100, 100 }, 1 << 20);
	CHECK(r.start == (1 << 20) - 512 && r.len == 512, "the last sector, not past the end");
}

static void test_from_sectors(void)
{
	struct pm_range r;

	CHECK(pm_range_from_sectors(8, 1, 1 << 20, &r) && r.start == 4096 && r.len == 512,
	      "sector 8 is byte 4096");
	CHECK(!pm_range_from_sectors(8, 0, 1 << 20, &r), "zero-length entry rejected");
	CHECK(!pm_range_from_sectors(2048, 1, 1 << 20, &r), "entry past the device rejected");
	CHECK(pm_range_from_sectors(2040, 100, 1 << 20, &r) && r.len == 8 * 512,
	      "entry running past the end is clipped");
	CHECK(!pm_range_from_sectors(UINT64_MAX, UINT64_MAX, UINT64_MAX, &r), "a sector past the end is rejected");
	/* the last sector of the largest device, with a count whose sector + count wraps past 2^64 */
	CHECK(pm_range_from_sectors(UINT64_MAX / 512 - 1, UINT64_MAX, UINT64_MAX, &r) &&
		      r.start == (UINT64_MAX / 512 - 1) * 512 && r.len == 512,
	      "a count whose end wraps around is clipped to the device, not wrapped");
	CHECK(pm_range_from_sectors(2047, UINT64_MAX - 1000, 1 << 20, &r) && r.start == 2047 * 512 &&
		      r.len == 512, "the same on a small device: one sector is left");
}

/* fsdax-like layout: 2 MiB info/memmap before the data, 1 MiB padding after */
static const struct pm_ns_layout fsdax = {
	.ns = { 16 << 20, 64 << 20 },
	.data = { 18 << 20, 61 << 20 },
};

static void test_split(void)
{
	struct pm_piece pc[3];
	size_t n;

	n = pm_layout_split(&fsdax, &R(0, 1 << 20), pc);
	CHECK(n == 0, "range before the namespace misses it");
	n = pm_layout_split(&fsdax, &R((18 << 20) + 4096, 512), pc);
	CHECK(n == 1 && pc[0].area == PM_AREA_DATA && pc[0].range.start - fsdax.data.start == 4096,
	      "data offset is relative to the data start, not the namespace start");
	n = pm_layout_split(&fsdax, &R((18 << 20) - 512, 1024), pc);
	CHECK(n == 2 && pc[0].area == PM_AREA_METADATA && pc[0].range.len == 512 &&
		      pc[1].area == PM_AREA_DATA && pc[1].range.start == fsdax.data.start &&
		      pc[1].range.len == 512,
	      "range straddling the data start is split and clipped");
	n = pm_layout_split(&fsdax, &R(0, 100 << 20), pc);
	CHECK(n == 3 && pc[0].area == PM_AREA_METADATA && pc[1].area == PM_AREA_DATA &&
		      pc[2].area == PM_AREA_METADATA && pc[2].range.len == 1 << 20,
	      "range covering everything: metadata, data, trailing padding");
	struct pm_ns_layout btt = { .ns = { 0, 32 << 20 }, .data = { 0, 32 << 20 }, .btt = true };
	n = pm_layout_split(&btt, &R(4096, 512), pc);
	CHECK(n == 1 && pc[0].area == PM_AREA_BTT, "BTT namespace: no data offset");
	struct pm_ns_layout off = { .ns = { 16 << 20, 64 << 20 }, .data = { 16 << 20, 64 << 20 },
				    .data_unknown = true };
	n = pm_layout_split(&off, &R((16 << 20) + 512 * 1024, 4096), pc);
	CHECK(n == 1 && pc[0].area == PM_AREA_UNKNOWN && pc[0].range.len == 4096,
	      "a disabled fsdax namespace: inside it, area unknown, no data offset");
	n = pm_layout_split(&off, &R((16 << 20) - 512, 1024), pc);
	CHECK(n == 1 && pc[0].range.start == 16 << 20 && pc[0].range.len == 512,
	      "... clipped to the namespace");
	struct pm_ns_layout raw = { .ns = { 32 << 20, 32 << 20 }, .data = { 32 << 20, 32 << 20 } };
	n = pm_layout_split(&raw, &R((32 << 20) + 4096, 512), pc);
	CHECK(n == 1 && pc[0].area == PM_AREA_DATA && pc[0].range.start - raw.data.start == 4096,
	      "raw namespace at region offset 32 MiB: namespace offset, not region offset");
}

static void test_layout_valid(void)
{
	struct pm_ns_layout bad = { .ns = { 0, 10 }, .data = { 5, 10 } };

	CHECK(pm_layout_valid(&fsdax), "fsdax layout valid");
	CHECK(!pm_layout_valid(&bad), "data running past the namespace is invalid");
	bad = (struct pm_ns_layout){ .ns = { UINT64_MAX - 1, 10 }, .data = { UINT64_MAX - 1, 1 } };
	CHECK(!pm_layout_valid(&bad), "wrapping namespace is invalid");
	CHECK(pm_area_name(PM_AREA_UNCLAIMED)[0] == 'u', "area names");
}

/* Scan records to data ranges: data offsets only, one unit or all, clipped, merged. */
static void test_scan_data_ranges(void)
{
	struct pm_poison recs[] = {
		{ .unit = 0, .has_data_offset = true, .data_offset = 4096, .length = 512 },
		{ .unit = 0, .has_region_offset = true, .region_offset = 0, .length = 512 },
		{ .unit = 1, .has_data_offset = true, .data_offset = 0, .length = 1024 },
		{ .unit = 0, .has_data_offset = true, .data_offset = 4608, .length = 512 },
	};
	struct pm_scan s = { .recs = recs, .nrecs = 4 };
	struct pm_range within = { 4608, 4096 }, *v;
	long n = pm_scan_data_ranges(&s, 0, NULL, &v);

	CHECK(n == 1 && v[0].start == 4096 && v[0].len == 1024,
	      "one unit: its data records merged, the metadata record left out");
	free(v);
	n = pm_scan_data_ranges(&s, PM_ALL_UNITS, NULL, &v);
	CHECK(n == 2 && v[0].start == 0 && v[0].len == 1024 && v[1].start == 4096 && v[1].len == 1024,
	      "every unit, sorted");
	free(v);
	n = pm_scan_data_ranges(&s, 0, &within, &v);
	CHECK(n == 1 && v[0].start == 4608 && v[0].len == 512, "clipped to the range asked for");
	free(v);
	within = (struct pm_range){ 8192, 512 };
	n = pm_scan_data_ranges(&s, PM_ALL_UNITS, &within, &v);
	CHECK(n == 0, "nothing in a clean range");
	free(v);
}

int main(void)
{
	test_scan_data_ranges();
	test_intersect();
	test_subtract();
	test_from_sectors();
	test_to_sectors();
	test_split();
	test_layout_valid();
	return unit_done();
}
