// SPDX-License-Identifier: GPL-2.0
/*
 * DIMM geometry from a few translations: a fake platform answers each probe
 * from a known interleave (and counts them); the learnt model must name the
 * same DIMMs for every range as asking per sector would, in a number of
 * probes that does not depend on the ranges: a few when the platform gives
 * each DIMM address (bisection), at most 32 when it does not (a walk).
 */
#include <stdio.h>
#include <string.h>

#include "lib/poison-model.h"
#include "test/unit/unit.h"

static const char *const names[] = { "nmem0", "nmem1", "nmem2", "nmem3", "nmem4", "nmem5" };

struct platform {
	uint64_t granule;
	unsigned int ways;
	const unsigned int *order;	/* DIMM index of each way */
	uint64_t odd_from;		/* offsets from here answer another DIMM (not round-robin), 0: none */
	enum { DPA_INTERLEAVED, DPA_NONE, DPA_ZERO, DPA_REGION } dpa;	/* what each answer says of the address */
	unsigned int probes;
};

static const char *answer(void *arg, uint64_t off, uint64_t *dpa)
{
	struct platform *p = arg;
	uint64_t chunk = off / p->granule;

	p->probes++;
	*dpa = p->dpa == DPA_NONE ? PM_DPA_UNKNOWN
	     : p->dpa == DPA_ZERO ? 0
	     : p->dpa == DPA_REGION ? off	/* nfit_test: the region offset, on the last DIMM */
	     : (1ULL << 30) + chunk / p->ways * p->granule + off % p->granule;
	if (p->odd_from && off >= p->odd_from)
		return names[5];
	return names[p->order[chunk % p->ways]];
}

/* The DIMMs of [off, off+len) asked every 256 bytes (the finest interleave; per sector misses ways of a 256-byte one). */
static void per_sector(struct platform *p, uint64_t off, uint64_t len, struct pm_poison *want)
{
	memset(want, 0, sizeof(*want));
	for (uint64_t s = 0; s < len; s += 256) {
		uint64_t dpa;
		const char *d = answer(p, off + s, &dpa);
		unsigned int k;

		for (k = 0; k < want->ndimms && strcmp(want->dimms[k], d); k++)
			;
		if (k == want->ndimms)
			want->dimms[want->ndimms++] = d;
	}
}

static bool same(const struct pm_poison *a, const struct pm_poison *b)
{
	if (a->ndimms != b->ndimms)
		return false;
	for (unsigned int i = 0; i < a->ndimms; i++)
		if (strcmp(a->dimms[i], b->dimms[i]))
			return false;
	return true;
}

static void check_platform(const char *what, struct platform p, uint64_t size, unsigned int max_probes)
{
	struct pm_geometry g;
	unsigned int learnt, bad = 0;
	uint64_t ranges[][2] = { { 0, 512 }, { 4096, 512 }, { p.granule - 512, 1024 },
				 { 3 * p.granule + 512, 4 * p.granule }, { size - 512, 512 },
				 { 7 * p.granule, 16384 } };

	CHECK(pm_geometry_learn(&g, size, p.ways, answer, &p) == 0 && g.usable, "%s: learnt and checked", what);
	learnt = p.probes;
	CHECK(g.granule == p.granule && g.ways == p.ways, "%s: granule %llu, %u ways", what,
	      (unsigned long long)g.granule, g.ways);
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		struct pm_poison got = { 0 }, want;

		pm_geometry_dimms(&g, ranges[i][0], ranges[i][1], &got);
		per_sector(&p, ranges[i][0], ranges[i][1], &want);
		bad += !same(&got, &want);
	}
	CHECK(bad == 0, "%s: every range's DIMMs, in order, as translating every 256 bytes names them", what);
	CHECK(learnt <= max_probes, "%s: %u probes to learn it (at most %u)", what, learnt, max_probes);
}

int main(void)
{
	static const unsigned int two[] = { 1, 0 }, four[] = { 2, 0, 3, 1 }, three[] = { 0, 1, 2 };
	struct platform odd = { .granule = 4096, .ways = 2, .order = two, .odd_from = 16 << 20 };
	struct platform one = { .granule = 32 << 20, .ways = 1, .order = two, .dpa = DPA_REGION };
	struct pm_geometry g;

	/* with DIMM addresses: 1 + bisection (5 over 256 B..16 MiB) + one per way past the second + 3 */
	check_platform("2-way, 4 KiB", (struct platform){ .granule = 4096, .ways = 2, .order = two }, 32 << 20, 9);
	check_platform("4-way, 256 B", (struct platform){ .granule = 256, .ways = 4, .order = four }, 64 << 20, 11);
	check_platform("3-way, 64 KiB", (struct platform){ .granule = 65536, .ways = 3, .order = three }, 96 << 20, 10);
	check_platform("2-way, 1 GiB of 4 GiB", (struct platform){ .granule = 1 << 30, .ways = 2, .order = two },
		       4ULL << 30, 9);
	/* without them, or with addresses that say nothing: the walk */
	check_platform("2-way, 4 KiB, no DIMM addresses",
		       (struct platform){ .granule = 4096, .ways = 2, .order = two, .dpa = DPA_NONE }, 32 << 20, 32);
	check_platform("3-way, 64 KiB, every address 0",
		       (struct platform){ .granule = 65536, .ways = 3, .order = three, .dpa = DPA_ZERO }, 96 << 20, 32);
	/* addresses that are the region offset on every DIMM: the bisection's model fails its check, the walk's holds */
	check_platform("2-way, 4 KiB, every address the region offset",
		       (struct platform){ .granule = 4096, .ways = 2, .order = two, .dpa = DPA_REGION }, 32 << 20, 32);
	check_platform("4-way, 256 B, every address the region offset",
		       (struct platform){ .granule = 256, .ways = 4, .order = four, .dpa = DPA_REGION }, 64 << 20, 32);
	/* nfit_test: every address is the region's last DIMM, at the region offset */
	CHECK(pm_geometry_learn(&g, 32 << 20, 2, answer, &one) == 0 && g.usable && g.ways == 1 &&
	      g.granule == 32 << 20 && !strcmp(g.order[0], "nmem1") && one.probes <= 9,
	      "one DIMM answers all: the whole region on it (%u probes, at most 9)", one.probes);
	one = (struct platform){ .granule = 32 << 20, .ways = 1, .order = two, .dpa = DPA_ZERO };
	CHECK(pm_geometry_learn(&g, 32 << 20, 2, answer, &one) == 0 && g.usable && g.ways == 1 &&
	      g.granule == 32 << 20 && !strcmp(g.order[0], "nmem1"),
	      "one DIMM answers all, every address 0: learnt by the walk (%u probes)", one.probes);
	CHECK(pm_geometry_learn(&g, 32 << 20, 2, answer, &odd) == 0 && !g.usable,
	      "a platform that is not round-robin past 16 MiB: the check fails, per-range translation");
	return unit_done();
}
