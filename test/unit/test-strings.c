// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "util/strings.h"
#include "lib/poison.h"
#include "test/unit/unit.h"

int main(void)
{
	uint64_t v = 0;
	enum pm_mode m;
	char buf[32];

	CHECK(parse_u64("4096", &v) == 0 && v == 4096, "decimal");
	CHECK(parse_u64("0x1000", &v) == 0 && v == 4096, "hex");
	CHECK(parse_u64("18446744073709551615", &v) == 0 && v == UINT64_MAX, "max u64");
	CHECK(parse_u64("18446744073709551616", &v) == -ERANGE, "overflow rejected");
	CHECK(parse_u64("-1", &v) == -EINVAL, "negative rejected");
	CHECK(parse_u64(" 1", &v) == -EINVAL, "leading blank rejected");
	CHECK(parse_u64("12abc", &v) == -EINVAL, "trailing garbage rejected");
	CHECK(parse_u64("", &v) == -EINVAL, "empty rejected");
	CHECK(parse_u64(NULL, &v) == -EINVAL, "NULL rejected");
	CHECK(strcmp(strip_dev_prefix("/dev/pmem1"), "pmem1") == 0, "strip /dev/");
	CHECK(strcmp(strip_dev_prefix("pmem1"), "pmem1") == 0, "no /dev/ to strip");
	CHECK(str_is_prefixed_number("region12", "region"), "region12");
	CHECK(!str_is_prefixed_number("region", "region"), "bare prefix");
	CHECK(!str_is_prefixed_number("region1a", "region"), "trailing letter");
	CHECK(strcmp(format_size(512, buf, sizeof(buf)), "512 B") == 0, "512 B");
	CHECK(strcmp(format_size(4096, buf, sizeof(buf)), "4.00 KiB") == 0, "4 KiB");
	CHECK(strcmp(format_size(3ULL << 30, buf, sizeof(buf)), "3.00 GiB") == 0, "3 GiB");
	CHECK(pm_mode_parse("memory", &m) == 0 && m == PM_MODE_FSDAX, "memory is fsdax");
	CHECK(pm_mode_parse("dax", &m) == 0 && m == PM_MODE_DEVDAX, "dax is devdax");
	CHECK(pm_mode_parse("safe", &m) == 0 && m == PM_MODE_SECTOR, "safe is sector");
	CHECK(pm_mode_parse("FSDAX", &m) == -EINVAL, "modes are lower case");
	CHECK(strcmp(pm_mode_name(PM_MODE_RAW), "raw") == 0, "raw name");
	return unit_done();
}
