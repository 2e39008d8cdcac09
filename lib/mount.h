/* SPDX-License-Identifier: GPL-2.0 */
/* Where a block device is mounted, from /proc/self/mountinfo (libmount). */
#ifndef PMEMCTL_LIB_MOUNT_H
#define PMEMCTL_LIB_MOUNT_H
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct pm_mount {
	char point[PATH_MAX];	/* where a user sees it (mountinfo's target) */
	char root[PATH_MAX];	/* the filesystem's directory shown there: "/", or "/d" for a bind mount of d */
	char fstype[32];
	bool dax;	/* mounted with DAX in effect (dax, dax=always) */
};

/*
 * The mount of block device @dev found in @mountinfo (NULL: this process's
 * /proc/self/mountinfo). Of several mounts of one filesystem, the one that
 * shows all of it (root "/") wins over bind mounts of a subdirectory, which
 * show only that subtree; otherwise the first. 0 when found, -ENOENT when
 * it is not mounted, -errno when the table cannot be read, -ELIBACC when
 * libmount (loaded here on the first call, util/lazylib.h) cannot be.
 */
int pm_mount_of(const char *mountinfo, dev_t dev, struct pm_mount *m);

/*
 * Load libmount now (it is loaded on the first question otherwise): for a
 * command that must not fail for want of it after it has begun to act.
 * 0, or -ELIBACC (the failure handler of util/lazylib.h has run).
 */
int pm_mount_require(void);

/*
 * The same for the block device named @blockdev ("pmem1"): its number from
 * /sys/block/@blockdev/dev in @dev, then its mount. -ENODEV when sysfs has
 * no such block device.
 */
int pm_mount_of_block(const char *blockdev, dev_t *dev, struct pm_mount *m);

/* The name ("pmem2p1") of the block device numbered @devno; -ENODEV when none. */
int pm_block_name(dev_t devno, char *dev, size_t len);

/*
 * The block device a regular file lives on ("pmem2"), from its st_dev:
 * 0, -ENOENT etc. from stat, -EINVAL (not a regular file) or -ENODEV (not
 * on a block device, e.g. tmpfs).
 */
int pm_device_of_file(const char *path, char *dev, size_t len);
#endif
