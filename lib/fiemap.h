/* SPDX-License-Identifier: GPL-2.0 */
/* A file's extents on its block device (FS_IOC_FIEMAP). */
#ifndef PMEMCTL_LIB_FIEMAP_H
#define PMEMCTL_LIB_FIEMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/range.h"

struct pm_extent {
	uint64_t logical;	/* file offset */
	uint64_t physical;	/* byte offset on the filesystem's block device */
	uint64_t length;
	bool unwritten;		/* preallocated, reads as zeros: nothing to recover there */
	bool unplaced;		/* inline, encoded, not block aligned or still delayed:
				 * the bytes have no plain place on the device */
};

/*
 * All extents of the open file @fd, in a malloc'ed array. @sync first gives
 * delayed allocations their places (costly: one flush per file).
 */
int pm_file_extents(int fd, bool sync, struct pm_extent **v, size_t *n);

/*
 * Where bytes [@off, @off+@len) of a file with extents @e (sorted by file
 * offset) lie on its device: up to @max device ranges in @out, each run of
 * physically contiguous pieces merged into one. Returns how many ranges
 * there are, or -ENODATA (a hole or past the last extent), -EINVAL (a
 * preallocated, unwritten extent) or -EOPNOTSUPP (an unplaced extent),
 * with the file offset where that starts in *@where.
 */
long pm_file_range_to_device(const struct pm_extent *e, size_t n, uint64_t off, uint64_t len,
			     struct pm_range *out, size_t max, uint64_t *where);
#endif
