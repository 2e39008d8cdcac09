// SPDX-License-Identifier: GPL-2.0
/* A recovery job's facts: its poison (data and metadata) and its writes, for a range or a file. */
#include <stdlib.h>

#include "lib/recover-plan.h"
#include "test/unit/unit.h"

#define R(s, l) ((struct pm_range){ (s), (l) })

static void test_poison_of(void)
{
	struct pm_poison recs[] = {
		{ .has_region_offset = true, .region_offset = 512, .length = 512 },	/* metadata */
		{ .has_data_offset = true, .data_offset = 4096, .length = 1024 },
		{ .has_data_offset = true, .data_offset = 65536, .length = 512 },	/* outside @want */
	};
	struct pm_scan s = { .recs = recs, .nrecs = 3 };
	struct pm_range want = R(4608, 8192);
	struct pm_recover_poison p;

	CHECK(pm_recover_poison_of(&s, &want, &p) == 0, "split a namespace's poison");
	CHECK(p.nbad == 1 && p.bad[0].start == 4608 && p.bad[0].len == 512,
	      "data poison clipped to the blocks asked for, the rest left out");
	CHECK(p.nmeta == 1 && p.meta[0].start == 512 && p.meta[0].len == 512,
	      "poison outside the data area listed by region offset");
	pm_recover_poison_free(&p);
}

static void test_plan_range(void)
{
	struct pm_range bad[] = { R(4608, 512), R(1 << 20, 512) };
	struct pm_recover_plan plan = { 0 };

	CHECK(pm_plan_range(&plan, bad, 2, 4096, 8192, 0) == 0 && plan.n == 1 &&
	      plan.v[0].w.start == 4096 && plan.v[0].w.len == 4096 && !plan.v[0].done,
	      "a range: one page write; poison past the end is not written");
	CHECK(pm_plan_range(&plan, bad, 1, 512, 8192, 100) == 0 && plan.n == 2 &&
	      plan.v[1].w.start == 4608 && plan.v[1].w.len == 512 && plan.v[1].delta == 100,
	      "a second range appends, with its delta");
	CHECK(pm_plan_image_end(&plan, bad, 2, false) == 5120,
	      "an image is read up to the last bad byte inside a write (a page write reads 512 of it)");
	CHECK(pm_plan_image_end(&plan, bad, 2, true) == 5220, "... moved by the delta for a file");
	pm_recover_plan_free(&plan);
	CHECK(pm_plan_image_end(&plan, bad, 2, false) == 0, "no writes: no image byte read");
	CHECK(plan.n == 0 && !plan.v, "freed");
}

static void test_plan_file(void)
{
	struct pm_extent e[] = {
		{ .logical = 0, .physical = 65536, .length = 8192 },
		{ .logical = 8192, .physical = 131072, .length = 4096, .unwritten = true },
		{ .logical = 12288 + 512, .physical = 262144 + 512, .length = 4096 },
	};
	struct pm_range bad[] = { R(65536 + 4096, 512), R(131072, 512), R(262144 + 1024, 512) };
	struct pm_recover_plan plan = { 0 };

	CHECK(pm_plan_file(&plan, e, 3, bad, 3, 4096) == 0, "plan a file");
	CHECK(plan.n == 1 && plan.v[0].w.start == 65536 + 4096 && plan.v[0].w.len == 4096 &&
	      plan.v[0].delta == -65536,
	      "a written extent: its poisoned page, mapped to the file offset by delta");
	CHECK(plan.nmisaligned == 1 && plan.misaligned[0].w.start == 262144 + 1024 &&
	      plan.misaligned[0].delta == 12288 - 262144,
	      "an extent off the write unit: reported, not written; the unwritten one: neither");
	pm_recover_plan_free(&plan);

	struct pm_extent shifted[] = { { .logical = 512, .physical = 327680, .length = 8192 } };
	struct pm_range b2[] = { R(327680, 512) };
	CHECK(pm_plan_file(&plan, shifted, 1, b2, 1, 4096) == 0 && plan.n == 0 && plan.nmisaligned == 1,
	      "an extent aligned on the device but not in the file: reported, not written (n=%zu)", plan.n);
	pm_recover_plan_free(&plan);
}

int main(void)
{
	test_poison_of();
	test_plan_range();
	test_plan_file();
	return unit_done();
}
