// SPDX-License-Identifier: GPL-2.0
/* GETFSMAP records to owners, and mountinfo lines: the pure parts of --files. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <linux/fsmap.h>

#include "lib/fiemap.h"
#include "lib/mount.h"
#include "lib/owners.h"
#include "util/sysfs.h"
#include "test/unit/unit.h"

static void fsmap_records(void)
{
	struct pm_range bad = { 8192, 1024 };
	struct pm_fsmap_rec file = { .physical = 4096, .length = 16384, .owner = 131, .offset = 65536 };
	struct pm_fsmap_rec before = { .physical = 0, .length = 8192, .owner = 7 };
	struct pm_fsmap_rec free_rec = { .physical = 9000, .length = 100, .owner = FMR_OWN_FREE,
					 .flags = FMR_OF_SPECIAL_OWNER };
	struct pm_fsmap_rec inodes = { .physical = 0, .length = 1 << 20, .owner = FMR_OWNER('X', 5),
				       .flags = FMR_OF_SPECIAL_OWNER };
	struct pm_fsmap_rec odd = { .physical = 0, .length = 1 << 20, .owner = FMR_OWNER('Q', 9),
				    .flags = FMR_OF_SPECIAL_OWNER };
	struct pm_fsmap_rec bmbt = { .physical = 8192, .length = 4096, .owner = 140,
				     .flags = FMR_OF_EXTENT_MAP };
	struct pm_fsmap_rec prealloc = { .physical = 8192, .length = 4096, .owner = 141, .offset = 0,
					 .flags = FMR_OF_PREALLOC };
	struct pm_owner o;

	CHECK(pm_owner_from_fsmap(&file, &bad, &o) && o.kind == PM_OWNER_FILE && o.inode == 131,
	      "a file record covering the poison names the inode");
	CHECK(o.dev.start == 8192 && o.dev.len == 1024, "clipped to the poisoned bytes");
	CHECK(o.file_offset == 65536 + 4096 && !strcmp(o.what, "data"),
	      "file offset of the first poisoned byte = record offset + distance into the record");
	CHECK(!pm_owner_from_fsmap(&before, &bad, &o), "a record ending where the poison starts does not own it");
	CHECK(pm_owner_from_fsmap(&free_rec, &bad, &o) && o.kind == PM_OWNER_FREE &&
	      o.dev.start == 9000 && o.dev.len == 100, "free space, clipped on both sides");
	CHECK(pm_owner_from_fsmap(&inodes, &bad, &o) && o.kind == PM_OWNER_METADATA &&
	      !strcmp(o.what, "inode table"), "XFS/ext4 special owner 'X' 5 is the inode table");
	CHECK(pm_owner_from_fsmap(&odd, &bad, &o) && o.kind == PM_OWNER_METADATA &&
	      !strcmp(o.what, "metadata"), "an unknown special owner is still metadata");
	CHECK(pm_owner_from_fsmap(&bmbt, &bad, &o) && o.kind == PM_OWNER_FILE &&
	      !strcmp(o.what, "extent map") && o.file_offset == 0,
	      "an extent-map block belongs to the file but has no file offset");
	CHECK(pm_owner_from_fsmap(&prealloc, &bad, &o) && o.unwritten, "preallocated extents are flagged");
}

/* Parse @text as a mountinfo file (through a memfd) and find device @dev in it. */
static int mount_in(const char *text, dev_t dev, struct pm_mount *m)
{
	int fd = memfd_create("mountinfo", MFD_CLOEXEC), rc;
	char path[64];

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -errno;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = pm_mount_of(path, dev, m);
	close(fd);
	return rc;
}

/* sysfs_read_devno on @text written to a temporary file. */
static int devno_of_text(const char *text, dev_t *dev)
{
	char path[] = "/tmp/pmemctl-devno.XXXXXX";
	int fd = mkstemp(path), rc;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -EIO;
	close(fd);
	rc = sysfs_read_devno(path, dev);
	unlink(path);
	return rc;
}

static void devno(void)
{
	dev_t d = 0;

	CHECK(devno_of_text("259:1\n", &d) == 0 && d == makedev(259, 1), "a dev attribute: 259:1");
	CHECK(devno_of_text("259:1x\n", &d) == -EINVAL && devno_of_text("259\n", &d) == -EINVAL,
	      "trailing text or a missing minor is malformed");
	CHECK(sysfs_read_devno("/nonexistent/dev", &d) == -ENOENT, "a missing attribute is -ENOENT");
}

static void mountinfo(void)
{
	struct pm_mount m;

	CHECK(mount_in("36 25 259:1 / /mnt/x rw,relatime shared:1 - xfs /dev/pmem1 "
		       "rw,attr2,dax=always,inode64\n", makedev(259, 1), &m) == 0 &&
	      !strcmp(m.point, "/mnt/x") && !strcmp(m.root, "/") && !strcmp(m.fstype, "xfs") && m.dax,
	      "xfs with dax=always in the super options");
	CHECK(mount_in("40 25 259:2 / /mnt/with\\040space rw - ext4 /dev/pmem2 rw,dax\n",
		       makedev(259, 2), &m) == 0 && !strcmp(m.point, "/mnt/with space") && m.dax,
	      "escaped space in the mount point, ext4 dax, no optional fields");
	CHECK(mount_in("41 25 259:3 / /a rw master:2 shared:7 - ext4 /dev/pmem3 rw,daxx\n",
		       makedev(259, 3), &m) == 0 && !m.dax, "two optional fields; 'daxx' is not dax");
	CHECK(mount_in("41 25 259:3 / /a rw - ext4 /dev/pmem3 rw,dax=never\n", makedev(259, 3), &m) == 0 &&
	      !m.dax, "dax=never is not dax");
	CHECK(mount_in("36 25 259:1 / /mnt/x rw - xfs /dev/pmem1 rw\n", makedev(259, 10), &m) == -ENOENT,
	      "another device number does not match");
	CHECK(mount_in("50 25 259:4 /d/sub /srv/b rw - xfs /dev/pmem4 rw\n"
		       "51 25 259:4 / /mnt/whole rw - xfs /dev/pmem4 rw\n", makedev(259, 4), &m) == 0 &&
	      !strcmp(m.point, "/mnt/whole") && !strcmp(m.root, "/"),
	      "the mount of the whole filesystem wins over an earlier bind mount of a subdirectory");
	CHECK(mount_in("50 25 259:4 /d/with\\040space /srv/b rw - xfs /dev/pmem4 rw\n", makedev(259, 4), &m) == 0 &&
	      !strcmp(m.point, "/srv/b") && !strcmp(m.root, "/d/with space"),
	      "a bind mount alone: its target, and the escaped subdirectory it shows");
}

static void file_ranges(void)
{
	/* 0-8K at 1M, 8K-16K at 1M+8K (contiguous), hole 16K-20K, 20K-24K unwritten,
	 * 24K-28K at 4M, 28K-32K inline */
	const struct pm_extent e[] = {
		{ 0, 1 << 20, 8192, false, false },
		{ 8192, (1 << 20) + 8192, 8192, false, false },
		{ 20480, 2 << 20, 4096, true, false },
		{ 24576, 4 << 20, 4096, false, false },
		{ 28672, 0, 4096, false, true },
	};
	struct pm_range out[4];
	uint64_t at = 0;

	CHECK(pm_file_range_to_device(e, 5, 4096, 512, out, 4, &at) == 1 &&
	      out[0].start == (1 << 20) + 4096 && out[0].len == 512, "one sector inside an extent");
	CHECK(pm_file_range_to_device(e, 5, 4096, 8192, out, 4, &at) == 1 &&
	      out[0].start == (1 << 20) + 4096 && out[0].len == 8192,
	      "two physically contiguous extents make one device range");
	CHECK(pm_file_range_to_device(e, 5, 12288, 8192, out, 4, &at) == -ENODATA && at == 16384,
	      "running into the hole: -ENODATA, where the hole starts");
	CHECK(pm_file_range_to_device(e, 5, 20480, 512, out, 4, &at) == -EINVAL && at == 20480,
	      "an unwritten extent: -EINVAL");
	CHECK(pm_file_range_to_device(e, 5, 24576, 8192, out, 4, &at) == -EOPNOTSUPP && at == 28672,
	      "an inline extent: -EOPNOTSUPP");
	CHECK(pm_file_range_to_device(e, 5, 32768, 512, out, 4, &at) == -ENODATA,
	      "past the last extent: -ENODATA");
	CHECK(pm_file_range_to_device(e, 4, 0, 16384, NULL, 0, &at) == 1,
	      "counting only (no output array) merges the same way");
}

int main(void)
{
	fsmap_records();
	file_ranges();
	devno();
	mountinfo();
	return unit_done();
}
