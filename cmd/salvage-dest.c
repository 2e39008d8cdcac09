// SPDX-License-Identifier: GPL-2.0
/*
 * pmemctl salvage, the destination: never on what is being salvaged, never
 * under a mounted filesystem, and never left half-written.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "cmd/salvage.h"
#include "cmd/words.h"
#include "lib/inuse.h"
#include "lib/mount.h"
#include "lib/stack.h"

/* The filesystem @path is (or would be) on: its own st_dev, or its directory's. */
static int dest_fs_device(const char *path, const struct stat *st, dev_t *devno)
{
	char dir[PATH_MAX];
	struct stat dst;

	if (st) {
		*devno = st->st_dev;
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if (stat(dirname(dir), &dst))
		return errno ? -errno : -EIO;
	*devno = dst.st_dev;
	return 0;
}

/* Is block device @devno (which DEST is, or is on) the source device or built on it? */
static int refuse_on_source(const char *path, const char *src_dev, dev_t devno, bool is_blockdev)
{
	struct pm_link chain[PM_STACK_DEPTH];
	char name[64] = "", why[PATH_MAX * 2];
	unsigned int n;

	if (!src_dev || !pm_stack_reaches(NULL, src_dev, devno, chain, &n))
		return EXIT_OK;
	pm_block_name(devno, name, sizeof(name));
	if (!n)
		pm_error(CMD, "%s: %s/dev/%s, the device being salvaged: choose a destination on another "
			 "device", path, is_blockdev ? "is " : "on ", src_dev);
	else
		pm_error(CMD, "%s: %s%s, built on the device being salvaged (%s): choose a destination "
			 "on another device", path, is_blockdev ? "is " : "on ", name,
			 pm_chain_words(src_dev, chain, n, why, sizeof(why)));
	return EXIT_REFUSED;
}

/* A block device as DEST: never under a mount, and not while in use unless forced. */
static int refuse_busy_block(const char *path, dev_t rdev, bool force)
{
	char name[64], why[PATH_MAX * 2];
	struct pm_busy b;
	int rc;

	if (pm_block_name(rdev, name, sizeof(name)))
		return EXIT_OK;
	rc = pm_block_in_use(NULL, name, &b);
	if (rc <= 0)
		return EXIT_OK;
	pm_busy_words(&b, why, sizeof(why));
	if (b.kind == PM_BUSY_MOUNTED) {
		pm_error(CMD, "%s: %s; salvage never writes under a mounted filesystem, even with --force",
			 path, why);
		return EXIT_REFUSED;
	}
	if (!force) {
		pm_error(CMD, "%s: %s; refusing to overwrite it (--force to do it anyway)", path, why);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

/* DEST @path cannot be written (@err): one line; no permission is 4, as for the source, else 2. */
static int dest_error(const char *path, int err)
{
	pm_error(CMD, "%s: %s", path, strerror(err));
	return err == EACCES || err == EPERM ? EXIT_PERM : EXIT_USAGE;
}

int salvage_dest_check(const char *path, const struct stat *src_st, const char *src_dev, bool force)
{
	struct stat st;
	bool exists = stat(path, &st) == 0;
	dev_t devno = 0;
	int rc;

	if (exists && st.st_dev == src_st->st_dev && st.st_ino == src_st->st_ino) {
		pm_error(CMD, "%s: the destination is the source", path);
		return EXIT_USAGE;
	}
	if (exists && S_ISBLK(st.st_mode)) {
		rc = refuse_on_source(path, src_dev, st.st_rdev, true);
		if (rc == EXIT_OK)
			rc = refuse_busy_block(path, st.st_rdev, force);
		if (rc != EXIT_OK)
			return rc;
	} else if (exists && !S_ISREG(st.st_mode)) {
		return EXIT_OK;	/* a pipe, /dev/null: nothing to stack */
	}
	if (exists && !force) {
		pm_error(CMD, "%s: %s (--force to overwrite it)", path, strerror(EEXIST));
		return EXIT_USAGE;
	}
	if (exists && S_ISBLK(st.st_mode))
		return EXIT_OK;
	if (dest_fs_device(path, exists ? &st : NULL, &devno))
		return dest_error(path, errno);
	return refuse_on_source(path, src_dev, devno, false);
}

/* "dir/.name.salvage-XXXXXX": in DEST's directory, so that rename() can name it. */
static void temp_name(const char *path, char *tmp, size_t len)
{
	char dir[PATH_MAX], base[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(base, sizeof(base), "%s", path);
	snprintf(tmp, len, "%s/.%s.salvage-XXXXXX", dirname(dir), basename(base));
}

int salvage_dest_open(struct salvage_dest *d, bool force)
{
	struct stat st;

	d->tmp[0] = '\0';
	if (stat(d->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		d->fd = open(d->path, O_WRONLY | O_CLOEXEC | (force ? O_TRUNC : 0));
	} else {
		temp_name(d->path, d->tmp, sizeof(d->tmp));
		d->fd = mkostemp(d->tmp, O_CLOEXEC);
		if (d->fd < 0)
			d->tmp[0] = '\0';
	}
	if (d->fd < 0)
		return dest_error(d->path, errno);
	return EXIT_OK;
}

static int name_copy(const struct salvage_dest *d, bool force)
{
	if (force)
		return rename(d->tmp, d->path) ? -errno : 0;
	/* DEST appeared since the check: keep it */
	return renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->path, RENAME_NOREPLACE) ? -errno : 0;
}

int salvage_dest_finish(struct salvage_dest *d, bool ok, bool force)
{
	int rc = close(d->fd) ? -errno : 0;

	if (!d->tmp[0]) {
		if (!ok)
			pm_error(CMD, "%s: holds a partial copy", d->path);
		return rc;
	}
	if (ok && !rc)
		rc = name_copy(d, force);
	if (rc)
		pm_error(CMD, "%s: %s", d->path, strerror(-rc));
	if (!ok || rc) {
		unlink(d->tmp);
		pm_error(CMD, "%s: not written (the partial copy was removed)", d->path);
	}
	return rc;
}
