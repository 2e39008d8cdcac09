// SPDX-License-Identifier: GPL-2.0
/*
 * DIMM geometry from a few translations: a fake platform answers each probe
 * from a known interleave (and counts them); the learnt model must name the
 * same DIMMs for every range as asking per sector would, in a number of
 * probes that does not depend on the ranges.
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
	unsigned int probes;
};

static const char *answer(void *arg, uint64_t off)
{
	struct platform *p = arg;

	p->probes++;
	if (p->odd_from && off >= p->odd_from)
		return names[5];
	return names[p->order[(off / p->granule) % p->ways]];
}

/* The DIMMs of [off, off+len) asked every 256 bytes (the finest interleave; per sector misses ways of a 256-byte one). */
static void per_sector(struct platform *p, uint64_t off, uint64_t len, struct pm_poison *want)
{
	memset(want, 0, sizeof(*want));
	for (uint64_t s = 0; s < len; s += 256) {
		const char *d = answer(p, off + s);
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

static void check_platform(const char *what, struct platform p, uint64_t size)
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
	CHECK(learnt <= 32, "%s: %u probes to learn it", what, learnt);
}

int main(void)
{
	static const unsigned int two[] = { 1, 0 }, four[] = { 2, 0, 3, 1 }, three[] = { 0, 1, 2 };
	struct platform odd = { .granule = 4096, .ways = 2, .order = two, .odd_from = 16 << 20 };
	struct pm_geometry g;
	struct platform one = { .granule = 32 << 20, .ways = 1, .order = two };

	check_platform("2-way, 4 KiB", (struct platform){ .granule = 4096, .ways = 2, .order = two }, 32 << 20);
	check_platform("4-way, 256 B", (struct platform){ .granule = 256, .ways = 4, .order = four }, 64 << 20);
	check_platform("3-way, 64 KiB", (struct platform){ .granule = 65536, .ways = 3, .order = three }, 96 << 20);
	/* nfit_test: every address is the region's last DIMM */
	CHECK(pm_geometry_learn(&g, 32 << 20, 2, answer, &one) == 0 && g.usable && g.ways == 1 &&
	      g.granule == 32 << 20 && !strcmp(g.order[0], "nmem1"),
	      "one DIMM answers all: the whole region on it (%u probes)", one.probes);
	CHECK(pm_geometry_learn(&g, 32 << 20, 2, answer, &odd) == 0 && !g.usable,
	      "a platform that is not round-robin past 16 MiB: the check fails, per-range translation");
	return unit_done();
}
