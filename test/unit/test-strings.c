// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/strings.h"
#include "util/sysfs.h"
#include "lib/poison.h"
#include "test/unit/unit.h"

/* sysfs_read_u64 over a file holding @text (as an attribute, newline-terminated). */
static int attr_u64(const char *text, uint64_t *v)
{
	char path[] = "/tmp/pmemctl-attr-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (!f)
		return -EIO;
	fprintf(f, "%s\n", text);
	fclose(f);
	rc = sysfs_read_u64(path, v);
	unlink(path);
	return rc;
}

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
	CHECK(parse_u64("010", &v) == 0 && v == 10, "a leading zero is decimal, not octal");
	CHECK(parse_u64("08", &v) == 0 && v == 8, "08 is eight");
	CHECK(parse_u64("0100", &v) == 0 && v == 100, "0100 is a hundred");
	CHECK(parse_u64("0", &v) == 0 && v == 0, "zero");
	CHECK(parse_u64("0X1f", &v) == 0 && v == 31, "upper-case 0X");
	CHECK(parse_u64("0x", &v) == -EINVAL, "0x without digits rejected");
	CHECK(parse_u64("0x0x5", &v) == -EINVAL, "a second 0x rejected");
	CHECK(parse_u64("0x-1", &v) == -EINVAL, "a sign after 0x rejected");
	CHECK(parse_u64("0x 1", &v) == -EINVAL, "a blank after 0x rejected");
	CHECK(parse_u64("0x10000000000000000", &v) == -ERANGE, "hex overflow rejected");
	CHECK(parse_u64("000000000000000000000000000000000000000000000000000000000000000000000000000000000000001", &v) == 0 && v == 1,
	      "many leading zeros");
	CHECK(parse_u64("4k", &v) == -EINVAL, "parse_u64 takes no suffix");
	CHECK(parse_size("4096", &v) == 0 && v == 4096, "size without suffix");
	CHECK(parse_size("4k", &v) == 0 && v == 4096, "4k");
	CHECK(parse_size("4K", &v) == 0 && v == 4096, "4K");
	CHECK(parse_size("4KiB", &v) == 0 && v == 4096, "4KiB");
	CHECK(parse_size("2M", &v) == 0 && v == 2 << 20, "2M");
	CHECK(parse_size("2m", &v) == 0 && v == 2 << 20, "2m");
	CHECK(parse_size("1G", &v) == 0 && v == 1ULL << 30, "1G");
	CHECK(parse_size("1TiB", &v) == 0 && v == 1ULL << 40, "1TiB");
	CHECK(parse_size("0x10k", &v) == 0 && v == 16 << 10, "hex with a suffix");
	CHECK(parse_size("0xfK", &v) == 0 && v == 15 << 10, "hex ending in f, then K");
	CHECK(parse_size("010K", &v) == 0 && v == 10 << 10, "leading zero with suffix is decimal");
	CHECK(parse_size("0x1E", &v) == 0 && v == 30, "in hex, E is a digit, not exbi");
	CHECK(parse_size("1e", &v) == 0 && v == 1ULL << 60, "in decimal, e is exbi");
	CHECK(parse_size("16E", &v) == -ERANGE, "16 EiB overflows");
	CHECK(parse_size("15E", &v) == 0 && v == 15ULL << 60, "15 EiB fits");
	CHECK(parse_size("4KB", &v) == -EINVAL, "KB refused: it could mean 1000");
	CHECK(parse_size("4kb", &v) == -EINVAL, "kb refused");
	CHECK(parse_size("4X", &v) == -EINVAL, "unknown suffix refused");
	CHECK(parse_size("k", &v) == -EINVAL, "suffix without number refused");
	CHECK(parse_size("4 k", &v) == -EINVAL, "blank before suffix refused");
	CHECK(parse_size("4kk", &v) == -EINVAL, "double suffix refused");
	CHECK(strcmp(strip_dev_prefix("/dev/pmem1"), "pmem1") == 0, "strip /dev/");
	CHECK(strcmp(strip_dev_prefix("pmem1"), "pmem1") == 0, "no /dev/ to strip");
	CHECK(str_is_prefixed_number("region12", "region"), "region12");
	CHECK(!str_is_prefixed_number("region", "region"), "bare prefix");
	CHECK(!str_is_prefixed_number("region1a", "region"), "trailing letter");
	CHECK(strcmp(format_size(512, buf, sizeof(buf)), "512 B") == 0, "512 B");
	CHECK(strcmp(format_size(1023, buf, sizeof(buf)), "1023 B") == 0 &&
	      strcmp(format_size(1024, buf, sizeof(buf)), "1.00 KiB") == 0, "1023 B, then 1.00 KiB: %s", buf);
	CHECK(strcmp(format_size(4096, buf, sizeof(buf)), "4.00 KiB") == 0, "4 KiB");
	CHECK(strcmp(format_size(3ULL << 30, buf, sizeof(buf)), "3.00 GiB") == 0, "3 GiB");
	CHECK(pm_mode_parse("memory", &m) == 0 && m == PM_MODE_FSDAX, "memory is fsdax");
	CHECK(pm_mode_parse("dax", &m) == 0 && m == PM_MODE_DEVDAX, "dax is devdax");
	CHECK(pm_mode_parse("safe", &m) == 0 && m == PM_MODE_SECTOR, "safe is sector");
	CHECK(pm_mode_parse("FSDAX", &m) == -EINVAL, "modes are lower case");
	CHECK(strcmp(pm_mode_name(PM_MODE_RAW), "raw") == 0, "raw name");
	CHECK(attr_u64("010", &v) == 0 && v == 10, "a sysfs number with a leading zero is decimal");
	CHECK(attr_u64("0x390000000", &v) == 0 && v == 0x390000000ULL, "a sysfs 0x number");
	CHECK(attr_u64("12 kB", &v) == -EINVAL, "a sysfs text that is no number");
	CHECK(sysfs_read_u64("/nonexistent/attr", &v) == -ENOENT, "a missing attribute");
	return unit_done();
}
