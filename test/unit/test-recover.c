// SPDX-License-Identifier: GPL-2.0
/*
 * Recovery writes on plain files standing in for a device: the planned
 * writes replace exactly the bad sectors and keep every good byte, and a
 * failure before the write leaves the data untouched.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lib/plan.h"
#include "cmd/words.h"
#include "lib/recover.h"
#include "test/unit/unit.h"

#define SIZE (64 * 1024)

static int make_file(char *path, unsigned char seed, unsigned char *copy)
{
	int fd = mkstemp(path);

	for (int i = 0; i < SIZE; i++)
		copy[i] = (unsigned char)(i * 7 + seed);
	if (fd < 0 || write(fd, copy, SIZE) != SIZE)
		return -1;
	return fd;
}

static void recover_all(const struct pm_rw *rw, struct pm_range *bad, size_t n, uint64_t unit,
			uint64_t *replaced, uint64_t *preserved, int *err)
{
	struct pm_range w[16];
	size_t nw = pm_plan_writes(bad, n, unit, SIZE, 1 << 20, w, 16);

	*replaced = *preserved = 0;
	*err = 0;
	for (size_t i = 0; i < nw; i++) {
		struct pm_recover_result r;

		*err |= pm_recover_write(rw, bad, n, &w[i], &r);
		*replaced += r.replaced;
		*preserved += r.preserved;
	}
}

int main(void)
{
	static unsigned char orig[SIZE], image[SIZE], now[SIZE];
	char dpath[] = "/tmp/pmemctl-recover-dev-XXXXXX", ipath[] = "/tmp/pmemctl-recover-img-XXXXXX";
	int dev = make_file(dpath, 1, orig), img = make_file(ipath, 99, image);
	struct pm_range bad[] = { { 4608, 512 }, { 8192 + 3584, 1024 }, { 20480, 512 } };
	size_t n = pm_ranges_normalize(bad, 3);
	uint64_t replaced, preserved;
	int err, same_good = 1, bad_ok = 1;

	CHECK(dev >= 0 && img >= 0, "temporary files");
	struct pm_rw rw = { .dev_fd = dev, .out_fd = dev, .image_fd = -1 };
	recover_all(&rw, bad, n, 4096, &replaced, &preserved, &err);
	pread(dev, now, SIZE, 0);
	for (int i = 0; i < SIZE; i++) {
		int is_bad = pm_sector_is_bad(bad, n, (uint64_t)i & ~511ULL);

		same_good &= is_bad || now[i] == orig[i];
		bad_ok &= !is_bad || now[i] == 0;
	}
	CHECK(!err, "page-unit writes succeed");
	CHECK(same_good, "every good byte is unchanged");
	CHECK(bad_ok, "bad sectors are zeros");
	CHECK(replaced == 2048, "2048 bytes replaced (%llu)", (unsigned long long)replaced);
	CHECK(preserved == 4 * 4096 - 2048, "the rest of the 4 pages preserved (%llu)",
	      (unsigned long long)preserved);

	pwrite(dev, orig, SIZE, 0);
	rw.image_fd = img;
	recover_all(&rw, bad, n, 512, &replaced, &preserved, &err);
	pread(dev, now, SIZE, 0);
	same_good = bad_ok = 1;
	for (int i = 0; i < SIZE; i++) {
		int is_bad = pm_sector_is_bad(bad, n, (uint64_t)i & ~511ULL);

		same_good &= is_bad || now[i] == orig[i];
		bad_ok &= !is_bad || now[i] == image[i];
	}
	CHECK(!err && same_good && bad_ok, "--from IMAGE: bad sectors hold the image's bytes, good ones unchanged");
	CHECK(preserved == 0, "sector-unit writes read nothing back");

	pwrite(dev, orig, SIZE, 0);
	int wronly = open(dpath, O_WRONLY);
	struct pm_rw broken = { .dev_fd = wronly, .out_fd = dev, .image_fd = -1 };
	struct pm_range w = { 4096, 4096 };
	struct pm_recover_result r;
	int rc = pm_recover_write(&broken, bad, n, &w, &r);
	pread(dev, now, SIZE, 0);
	CHECK(rc < 0 && r.failed == PM_STEP_READ_GOOD && !strcmp(pm_rw_step_name(r.failed), "read-good"), "an unreadable good sector fails the write");
	CHECK(!memcmp(now, orig, SIZE), "and nothing was written");

	int short_img = open(ipath, O_RDWR);
	ftruncate(short_img, 4096);
	struct pm_rw shortrw = { .dev_fd = dev, .out_fd = dev, .image_fd = short_img };
	rc = pm_recover_write(&shortrw, bad, n, &w, &r);
	pread(dev, now, SIZE, 0);
	CHECK(rc < 0 && r.failed == PM_STEP_READ_IMAGE && !memcmp(now, orig, SIZE),
	      "an image too short for the range: nothing written");
	unlink(dpath);
	unlink(ipath);
	CHECK(strstr(pm_recover_hint(PM_STEP_CLEAR_ERROR, -EBUSY), "busy") != NULL &&
	      strstr(pm_recover_hint(PM_STEP_CLEAR_ERROR, -EIO), "replace the DIMM") != NULL,
	      "a failed clear-error: busy says retry later, anything else says salvage and replace");
	CHECK(pm_recover_hint(PM_STEP_WRITE, -EIO) && pm_recover_hint(PM_STEP_WRITE, -EFAULT) &&
	      !pm_recover_hint(PM_STEP_WRITE, -ENOSPC) && !pm_recover_hint(PM_STEP_NONE, -EIO),
	      "a block write's EIO and a DAX recovery write's EFAULT get a hint; other errors speak for themselves");
	return unit_done();
}
