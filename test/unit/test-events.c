// SPDX-License-Identifier: GPL-2.0
/* monitor's difference of two poison snapshots, and record keys. */
#include <stdlib.h>
#include <string.h>

#include "lib/events.h"
#include "test/unit/unit.h"

static size_t diff(char **a, size_t na, char **b, size_t nb, size_t *idx)
{
	struct pm_snapshot sa = { .keys = a, .n = na }, sb = { .keys = b, .n = nb };

	return pm_snapshot_new_in(&sa, &sb, idx);
}

/* A snapshot of heap copies of @keys, as pm_snapshot_take() makes them. */
static struct pm_snapshot snap(const char *const *keys, size_t n)
{
	struct pm_snapshot s = { .keys = calloc(n + 1, sizeof(char *)),
				 .recs = calloc(n + 1, sizeof(struct pm_snap_rec *)), .n = n };

	for (size_t i = 0; i < n; i++) {
		s.keys[i] = strdup(keys[i]);
		s.recs[i] = calloc(1, sizeof(struct pm_snap_rec));
		s.recs[i]->unit.region = strdup(keys[i]);	/* a record that says which it is */
	}
	return s;
}

/* A region disabled between two looks: its poison is neither cleared nor added back. */
static void test_carry(void)
{
	const char *old_keys[] = { "ndbus1|region1|namespace1.0|data|region|0|0|512",
				   "ndbus1|region2|namespace2.0|data|region|0|0|512" };
	const char *now_keys[] = { "ndbus1|region2|namespace2.0|data|region|0|0|512" };
	struct pm_snapshot old = snap(old_keys, 2), now = snap(now_keys, 1), back = snap(old_keys, 2);
	char *unknown[] = { strdup("ndbus1|region1|") };
	size_t idx[4];

	CHECK(pm_snapshot_carry(&old, &now) == 0 && now.n == 1, "nothing unknown: nothing carried");
	CHECK(pm_snapshot_new_in(&now, &old, idx) == 1, "... so region1's poison reads as cleared");
	now.unknown = unknown;
	now.nunknown = 1;
	CHECK(pm_snapshot_carry(&old, &now) == 0 && now.n == 2, "region1 disabled: its record is carried");
	CHECK(!strcmp(now.keys[0], old_keys[0]) && !strcmp(now.recs[0]->unit.region, old_keys[0]),
	      "... in key order, with its record");
	CHECK(pm_snapshot_new_in(&now, &old, idx) == 0, "... so nothing reads as cleared");
	CHECK(pm_snapshot_new_in(&now, &back, idx) == 0, "... and nothing as added when it is back");
	now.unknown = NULL;
	now.nunknown = 0;
	free(unknown[0]);
	pm_snapshot_free(&now);
	now = snap(NULL, 0);
	now.all_unknown = true;
	CHECK(pm_snapshot_carry(&old, &now) == 0 && now.n == 2, "a filtered namespace missing with a region "
	      "disabled: everything is carried");
	pm_snapshot_free(&now);
	pm_snapshot_free(&old);
	pm_snapshot_free(&back);
}

/* One record: region1 of ndbus1, @ns (NULL: unclaimed), @area, region sector @sector, @n sectors; data offset @data_sector (-1: none). */
struct rec_spec {
	const char *region, *ns;
	enum pm_mode mode;
	enum pm_area area;
	uint64_t sector, n;
	long long data_sector;
};

static struct pm_snapshot snap_of(const struct rec_spec *v, size_t n)
{
	struct pm_snapshot s = { .keys = calloc(n + 1, sizeof(char *)),
				 .recs = calloc(n + 1, sizeof(struct pm_snap_rec *)), .n = n };

	for (size_t i = 0; i < n; i++) {
		struct pm_snap_rec *r = calloc(1, sizeof(*r));

		r->unit = (struct pm_unit){ .bus = strdup("ndbus1"), .region = strdup(v[i].region),
					    .namespace = v[i].ns ? strdup(v[i].ns) : NULL, .mode = v[i].mode };
		r->p = (struct pm_poison){ .area = v[i].area, .has_region_offset = true,
					   .region_offset = v[i].sector * 512, .length = v[i].n * 512,
					   .has_data_offset = v[i].data_sector >= 0,
					   .data_offset = v[i].data_sector >= 0 ? (uint64_t)v[i].data_sector * 512 : 0 };
		s.recs[i] = r;
		s.keys[i] = strdup("placed");
	}
	return s;
}

/* "kind:region_sector+sectors@data_sector" per change, space-separated */
static const char *changes(const struct rec_spec *a, size_t na, const struct rec_spec *b, size_t nb)
{
	static char out[512];
	static const char *const kinds[] = { "added", "cleared", "reattributed" };
	struct pm_snapshot old = snap_of(a, na), now = snap_of(b, nb);
	struct pm_change *v = NULL;
	size_t n = 0;

	out[0] = 0;
	if (pm_snapshot_diff(&old, &now, &v, &n))
		strcpy(out, "ENOMEM");
	for (size_t i = 0; i < n; i++) {
		char one[96];

		snprintf(one, sizeof(one), "%s%s:%llu+%llu@%lld%s", i ? " " : "", kinds[v[i].kind],
			 (unsigned long long)(v[i].rec.p.region_offset / 512),
			 (unsigned long long)(v[i].rec.p.length / 512),
			 v[i].rec.p.has_data_offset ? (long long)(v[i].rec.p.data_offset / 512) : -1LL,
			 v[i].prev ? (v[i].prev->p.area == PM_AREA_METADATA ? "<metadata" : "<data") : "");
		strcat(out, one);
	}
	free(v);
	pm_snapshot_free(&old);
	pm_snapshot_free(&now);
	return out;
}

#define EXPECT_CHANGES(want, a, b, what) do { \
	const char *got_ = changes(a, sizeof(a) / sizeof(a[0]), b, sizeof(b) / sizeof(b[0])); \
	CHECK(!strcmp(got_, want), "%s: '%s' (want '%s')", what, got_, want); \
} while (0)

/* Issue 18 item 3: events are changes of the set of poisoned sectors. */
static void test_sector_set(void)
{
	const struct rec_spec range4[] = { { "region1", "namespace1.0", PM_MODE_RAW, PM_AREA_DATA, 3000, 4, 3000 } };
	const struct rec_spec last2[] = { { "region1", "namespace1.0", PM_MODE_RAW, PM_AREA_DATA, 3002, 2, 3002 } };
	const struct rec_spec grown[] = { { "region1", "namespace1.0", PM_MODE_RAW, PM_AREA_DATA, 3000, 6, 3000 } };
	const struct rec_spec other_region[] = { { "region2", "namespace2.0", PM_MODE_RAW, PM_AREA_DATA, 3000, 4, 3000 } };
	/* an fsdax namespace: metadata at region sectors 0-4095 (poison at 100), data from 4096 */
	const struct rec_spec fsdax[] = { { "region1", "namespace1.0", PM_MODE_FSDAX, PM_AREA_METADATA, 100, 2, -1 },
					  { "region1", "namespace1.0", PM_MODE_FSDAX, PM_AREA_DATA, 5000, 1, 904 } };
	/* the same namespace disabled, seen raw; or reconfigured raw */
	const struct rec_spec as_raw[] = { { "region1", "namespace1.0", PM_MODE_RAW, PM_AREA_DATA, 100, 2, 100 },
					   { "region1", "namespace1.0", PM_MODE_RAW, PM_AREA_DATA, 5000, 1, 5000 } };
	const struct rec_spec none[] = { { "region9", NULL, PM_MODE_NONE, PM_AREA_UNCLAIMED, 0, 0, -1 } };

	EXPECT_CHANGES("cleared:3000+2@3000", range4, last2,
		       "recover -B 3000 -c 2 of a 3000+4 range: two sectors cleared, nothing added");
	EXPECT_CHANGES("added:3004+2@3004", range4, grown, "a range that grows: the new sectors added");
	EXPECT_CHANGES("", range4, range4, "no change: no event");
	EXPECT_CHANGES("cleared:3000+4@3000 added:3000+4@3000", range4, other_region,
		       "the same offsets in another region are other sectors");
	EXPECT_CHANGES("reattributed:100+2@100<metadata reattributed:5000+1@5000<data", fsdax, as_raw,
		       "fsdax to raw (disabled, reconfigured): every sector re-attributed, none cleared");
	EXPECT_CHANGES("reattributed:100+2@-1<data reattributed:5000+1@904<data", as_raw, fsdax,
		       "raw to fsdax: re-attributed, not cleared");
	EXPECT_CHANGES("cleared:3000+4@3000", range4, none, "all cleared");
	EXPECT_CHANGES("added:3000+4@3000", none, range4, "all new");
	const struct rec_spec unclaimed[] = { { "region1", NULL, PM_MODE_NONE, PM_AREA_UNCLAIMED, 200, 2, -1 } };
	const struct rec_spec unknown_area[] = { { "region1", NULL, PM_MODE_NONE, PM_AREA_UNKNOWN, 200, 2, -1 } };
	EXPECT_CHANGES("reattributed:200+2@-1<data", unclaimed, unknown_area,
		       "only the area changes (unclaimed to unknown): re-attributed");
}

/* A piece of a record carries its own address: spa moves with the region offset. */
static void test_cut_spa(void)
{
	const struct rec_spec four[] = { { "region1", "namespace1.0", PM_MODE_RAW, PM_AREA_DATA, 3000, 4, 3000 } };
	const struct rec_spec first2[] = { { "region1", "namespace1.0", PM_MODE_RAW, PM_AREA_DATA, 3000, 2, 3000 } };
	struct pm_snapshot old = snap_of(four, 1), now = snap_of(first2, 1);
	struct pm_change *v = NULL;
	size_t n = 0;

	old.recs[0]->p.has_spa = now.recs[0]->p.has_spa = true;
	old.recs[0]->p.spa = now.recs[0]->p.spa = 0x100000000ULL + 3000 * 512;
	CHECK(!pm_snapshot_diff(&old, &now, &v, &n) && n == 1 && v[0].kind == PM_CHANGE_CLEARED &&
	      v[0].rec.p.region_offset == 3002 * 512 && v[0].rec.p.spa == 0x100000000ULL + 3002 * 512,
	      "a partial clear: the cleared piece's spa is its own (%#llx)", n ? (unsigned long long)v[0].rec.p.spa : 0ULL);
	free(v);
	pm_snapshot_free(&old);
	pm_snapshot_free(&now);
}

int main(void)
{
	char *before[] = { "a", "c", "e" }, *after[] = { "b", "c", "f" }, *none[] = { NULL };
	struct pm_unit unit = { .bus = "ndbus1", .region = "region1", .namespace = "namespace1.0" };
	struct pm_poison p = { .area = PM_AREA_DATA, .source = PM_SRC_REGION, .has_region_offset = true,
			       .region_offset = 4096, .has_data_offset = true, .data_offset = 0, .length = 512 };
	struct pm_scan s = { .units = &unit, .nunits = 1 };
	char k1[256], k2[256];
	size_t idx[4];

	CHECK(diff(before, 3, after, 3, idx) == 2 && idx[0] == 0 && idx[1] == 2, "added: b and f, not c");
	CHECK(diff(after, 3, before, 3, idx) == 2 && idx[0] == 0 && idx[1] == 2, "cleared: a and e");
	CHECK(diff(before, 3, before, 3, idx) == 0, "no change, no events");
	CHECK(diff(none, 0, after, 3, idx) == 3, "from nothing: everything is new");
	CHECK(diff(after, 3, none, 0, idx) == 0, "to nothing: nothing is new");
	pm_poison_key(&s, &p, k1, sizeof(k1));
	p.length = 1024;
	pm_poison_key(&s, &p, k2, sizeof(k2));
	CHECK(strcmp(k1, k2) != 0, "a range that grows gets another key (cleared + added)");
	p.length = 512;
	p.has_data_offset = false;
	pm_poison_key(&s, &p, k2, sizeof(k2));
	CHECK(strcmp(k1, k2) != 0, "a null data offset is part of the key");
	CHECK(strstr(k1, "region1|namespace1.0|data|region|4096|0|512") != NULL, "the key names the place");
	test_carry();
	test_sector_set();
	test_cut_spa();
	return unit_done();
}
