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
#include "util/lazylib.h"
#include "util/sysfs.h"

/* libmount is loaded on the first question about a mount (util/lazylib.h) */
LAZYLIB_PROTOTYPE(mnt_optstr_get_option);
LAZYLIB_PROTOTYPE(mnt_fs_get_devno);
LAZYLIB_PROTOTYPE(mnt_fs_get_root);
LAZYLIB_PROTOTYPE(mnt_fs_get_fstype);
LAZYLIB_PROTOTYPE(mnt_fs_get_target);
LAZYLIB_PROTOTYPE(mnt_fs_get_vfs_options);
LAZYLIB_PROTOTYPE(mnt_fs_get_fs_options);
LAZYLIB_PROTOTYPE(mnt_table_find_devno);
LAZYLIB_PROTOTYPE(mnt_new_iter);
LAZYLIB_PROTOTYPE(mnt_table_find_next_fs);
LAZYLIB_PROTOTYPE(mnt_free_iter);
LAZYLIB_PROTOTYPE(mnt_new_table);
LAZYLIB_PROTOTYPE(mnt_table_parse_mtab);
LAZYLIB_PROTOTYPE(mnt_unref_table);

static const struct lazylib_sym mount_syms[] = {
	LAZYLIB_SYM(mnt_optstr_get_option), LAZYLIB_SYM(mnt_fs_get_devno), LAZYLIB_SYM(mnt_fs_get_root),
	LAZYLIB_SYM(mnt_fs_get_fstype), LAZYLIB_SYM(mnt_fs_get_target),
	LAZYLIB_SYM(mnt_fs_get_vfs_options), LAZYLIB_SYM(mnt_fs_get_fs_options),
	LAZYLIB_SYM(mnt_table_find_devno), LAZYLIB_SYM(mnt_new_iter), LAZYLIB_SYM(mnt_table_find_next_fs),
	LAZYLIB_SYM(mnt_free_iter), LAZYLIB_SYM(mnt_new_table), LAZYLIB_SYM(mnt_table_parse_mtab),
	LAZYLIB_SYM(mnt_unref_table)
};
static struct lazylib libmount = LAZYLIB("libmount.so.1", "mount points", mount_syms);
LAZYLIB_NOTE(libmount, "libmount.so.1", "mount points");

int pm_mount_require(void)
{
	return lazylib_load(&libmount);
}

/* "dax" or "dax=always" among comma-separated options; "dax=never", "daxx" are not. */
static bool has_dax_option(const char *opts)
{
	char *value = NULL;
	size_t len = 0;

	if (!opts || sym_mnt_optstr_get_option(opts, "dax", &value, &len) != 0)
		return false;
	return !value || !len || (len == 6 && !strncmp(value, "always", 6));
}

static int same_devno(struct libmnt_fs *fs, void *dev)
{
	return sym_mnt_fs_get_devno(fs) == *(dev_t *)dev;
}

static void copy_mount(struct libmnt_fs *fs, struct pm_mount *m)
{
	const char *root = sym_mnt_fs_get_root(fs), *type = sym_mnt_fs_get_fstype(fs);

	snprintf(m->point, sizeof(m->point), "%s", sym_mnt_fs_get_target(fs));
	snprintf(m->root, sizeof(m->root), "%s", root ? root : "/");
	snprintf(m->fstype, sizeof(m->fstype), "%s", type ? type : "");
	m->dax = has_dax_option(sym_mnt_fs_get_vfs_options(fs)) || has_dax_option(sym_mnt_fs_get_fs_options(fs));
}

static bool shows_root(struct libmnt_fs *fs)
{
	const char *root = sym_mnt_fs_get_root(fs);

	return !root || !strcmp(root, "/");
}

/* The first mount of @dev that shows its whole filesystem, else its first mount; NULL: none. */
static struct libmnt_fs *best_mount(struct libmnt_table *tb, dev_t dev)
{
	struct libmnt_fs *first = sym_mnt_table_find_devno(tb, dev, MNT_ITER_FORWARD), *fs, *whole = NULL;
	struct libmnt_iter *itr;

	if (!first || shows_root(first))
		return first;
	itr = sym_mnt_new_iter(MNT_ITER_FORWARD);
	while (!whole && itr && sym_mnt_table_find_next_fs(tb, itr, same_devno, &dev, &fs) == 0)
		if (shows_root(fs))
			whole = fs;
	sym_mnt_free_iter(itr);
	return whole ? whole : first;
}

int pm_mount_of(const char *mountinfo, dev_t dev, struct pm_mount *m)
{
	struct libmnt_table *tb;
	struct libmnt_fs *fs;
	int rc = lazylib_load(&libmount);

	if (rc)
		return rc;
	tb = sym_mnt_new_table();
	if (!tb)
		return -ENOMEM;
	rc = sym_mnt_table_parse_mtab(tb, mountinfo);
	fs = rc == 0 ? best_mount(tb, dev) : NULL;
	if (fs)
		copy_mount(fs, m);
	sym_mnt_unref_table(tb);
	if (rc)
		return rc < 0 ? rc : -EINVAL;
	return fs ? 0 : -ENOENT;
}

int pm_mount_of_block(const char *blockdev, dev_t *dev, struct pm_mount *m)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/block/%s/dev", blockdev);
	if (sysfs_read_devno(path, dev))
		return -ENODEV;
	return pm_mount_of(NULL, *dev, m);
}

int pm_block_name(dev_t devno, char *dev, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(devno), minor(devno));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -ENODEV;
	target[n] = '\0';
	base = strrchr(target, '/');
	snprintf(dev, len, "%s", base ? base + 1 : target);
	return 0;
}

int pm_device_of_file(const char *path, char *dev, size_t len)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return pm_block_name(st.st_dev, dev, len);
}
