// SPDX-License-Identifier: GPL-2.0
/* Target validation: block ranges and physical-address translation. */
#include <errno.h>

#include "lib/target.h"
#include "test/unit/unit.h"

int main(void)
{
	const uint64_t size = 62ULL << 20;	/* a 62 MiB data area */
	struct pm_range data = { 0x108200000ULL, size };
	uint64_t b = 0;

	CHECK(pm_blocks_check(0, 1, size) == 0, "first block");
	CHECK(pm_blocks_check(size / 512 - 1, 1, size) == 0, "last block");
	CHECK(pm_blocks_check(size / 512, 1, size) == -ERANGE, "one past the end");
	CHECK(pm_blocks_check(size / 512 - 1, 2, size) == -ERANGE, "run crossing the end");
	CHECK(pm_blocks_check(8, 0, size) == -EINVAL, "count 0");
	CHECK(pm_blocks_check(1, UINT64_MAX, size) == -ERANGE, "huge count does not wrap");
	CHECK(pm_blocks_check(UINT64_MAX, 1, size) == -ERANGE, "huge block");
	CHECK(pm_blocks_check(0, 1, 511) == -ERANGE, "data area smaller than a block");
	CHECK(pm_spa_to_block(0x108200000ULL + 4096, &data, &b) == 0 && b == 8,
	      "address 4 KiB into the data area is block 8");
	CHECK(pm_spa_to_block(0x108200000ULL + 4097, &data, &b) == 0 && b == 8,
	      "an address inside a block names that block");
	CHECK(pm_spa_to_block(0x108200000ULL - 1, &data, &b) == -ERANGE,
	      "address just before the data area (metadata)");
	CHECK(pm_spa_to_block(0x108200000ULL + size, &data, &b) == -ERANGE,
	      "address just past the data area");
	CHECK(pm_spa_to_block(0, &data, &b) == -ERANGE, "address 0");
	return unit_done();
}
