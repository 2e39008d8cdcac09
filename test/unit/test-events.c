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
	return unit_done();
}
