// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <libmount/libmount.h>

#include "lib/mount.h"
#include "util/sysfs.h"

/* "dax" or "dax=always" among comma-separated options; "dax=never", "daxx" are not. */
static bool has_dax_option(const char *opts)
{
	char *value = NULL;
	size_t len = 0;

	if (!opts || mnt_optstr_get_option(opts, "dax", &value, &len) != 0)
		return false;
	return !value || !len || (len == 6 && !strncmp(value, "always", 6));
}

static int same_devno(struct libmnt_fs *fs, void *dev)
{
	return mnt_fs_get_devno(fs) == *(dev_t *)dev;
}

static void copy_mount(struct libmnt_fs *fs, struct pm_mount *m)
{
	const char *root = mnt_fs_get_root(fs), *type = mnt_fs_get_fstype(fs);

	snprintf(m->point, sizeof(m->point), "%s", mnt_fs_get_target(fs));
	snprintf(m->root, sizeof(m->root), "%s", root ? root : "/");
	snprintf(m->fstype, sizeof(m->fstype), "%s", type ? type : "");
	m->dax = has_dax_option(mnt_fs_get_vfs_options(fs)) || has_dax_option(mnt_fs_get_fs_options(fs));
}

int pm_mount_of(const char *mountinfo, dev_t dev, struct pm_mount *m)
{
	struct libmnt_table *tb = mnt_new_table();
	struct libmnt_iter *itr = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs, *first;
	int rc = -ENOMEM;

	if (!tb || !itr)
		goto out;
	rc = mnt_table_parse_mtab(tb, mountinfo);
	if (rc)
		goto out;
	/* mnt_table_find_devno gives the first mount; look on for one of the whole filesystem */
	first = mnt_table_find_devno(tb, dev, MNT_ITER_FORWARD);
	fs = first;
	while (fs && strcmp(mnt_fs_get_root(fs) ? mnt_fs_get_root(fs) : "/", "/"))
		fs = mnt_table_find_next_fs(tb, itr, same_devno, &dev, &fs) == 0 ? fs : NULL;
	rc = first ? 0 : -ENOENT;
	if (first)
		copy_mount(fs ? fs : first, m);
out:
	mnt_free_iter(itr);
	mnt_unref_table(tb);
	return rc < 0 ? rc : rc > 0 ? -EINVAL : 0;
}

int pm_mount_of_block(const char *blockdev, dev_t *dev, struct pm_mount *m)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/block/%s/dev", blockdev);
	if (sysfs_read_devno(path, dev))
		return -ENODEV;
	return pm_mount_of(NULL, *dev, m);
}

int pm_device_of_file(const char *path, char *dev, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	struct stat st;
	ssize_t n;

	if (stat(path, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(st.st_dev), minor(st.st_dev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -ENODEV;
	target[n] = '\0';
	base = strrchr(target, '/');
	snprintf(dev, len, "%s", base ? base + 1 : target);
	return 0;
}
