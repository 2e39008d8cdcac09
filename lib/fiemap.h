/* SPDX-License-Identifier: GPL-2.0 */
/* A file's extents on its block device (FS_IOC_FIEMAP). */
#ifndef PMEMCTL_LIB_FIEMAP_H
#define PMEMCTL_LIB_FIEMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pm_extent {
	uint64_t logical;	/* file offset */
	uint64_t physical;	/* byte offset on the filesystem's block device */
	uint64_t length;
	bool unwritten;		/* preallocated, reads as zeros: nothing to recover there */
};

/*
 * All extents of the open file @fd, in a malloc'ed array. @sync first gives
 * delayed allocations their places (costly: one flush per file).
 */
int pm_file_extents(int fd, bool sync, struct pm_extent **v, size_t *n);
#endif
