// SPDX-License-Identifier: GPL-2.0
/* monitor's difference of two poison snapshots, and record keys. */
#include <string.h>

#include "lib/events.h"
#include "test/unit/unit.h"

static size_t diff(char **a, size_t na, char **b, size_t nb, size_t *idx)
{
	struct pm_snapshot sa = { .keys = a, .n = na }, sb = { .keys = b, .n = nb };

	return pm_snapshot_new_in(&sa, &sb, idx);
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
	return unit_done();
}
