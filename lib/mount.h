/* SPDX-License-Identifier: GPL-2.0 */
/* Where a block device is mounted, from /proc/self/mountinfo. */
#ifndef PMEMCTL_LIB_MOUNT_H
#define PMEMCTL_LIB_MOUNT_H
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct pm_mount {
	char point[PATH_MAX];
	char fstype[32];
	bool dax;	/* mounted with DAX in effect (dax, dax=always) */
};

/*
 * The first mount of the block device numbered @majmin ("259:0"), parsed
 * from @mountinfo (normally /proc/self/mountinfo). 0 when found, -ENOENT
 * when it is not mounted, -errno when the table cannot be read.
 */
int pm_mount_of(const char *mountinfo, const char *majmin, struct pm_mount *m);

/*
 * The block device a regular file lives on ("pmem2"), from its st_dev:
 * 0, -ENOENT etc. from stat, -EINVAL (not a regular file) or -ENODEV (not
 * on a block device, e.g. tmpfs).
 */
int pm_device_of_file(const char *path, char *dev, size_t len);

/* Parse one mountinfo line; true when it is well-formed and for @majmin. */
bool pm_mountinfo_line(const char *line, const char *majmin, struct pm_mount *m);
#endif
