// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/loop.h>

#include "lib/stack.h"
#include "util/sysfs.h"

struct walk {
	const struct pm_stack_env *env;
	pm_stack_visit fn;
	void *arg;
	struct pm_link chain[PM_STACK_DEPTH];
	unsigned int n;
};

static const char *sys_root(const struct walk *w)
{
	return w->env && w->env->sys ? w->env->sys : "/sys";
}

static int devno_of(const struct walk *w, const char *dev, dev_t *devno)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/class/block/%s/dev", sys_root(w), dev);
	return sysfs_read_devno(path, devno);
}

static bool visit(struct walk *w, const char *dev);

static bool up(struct walk *w, enum pm_link_kind kind, const char *dev, const char *file)
{
	struct pm_link *l;
	bool stop;

	if (w->n >= PM_STACK_DEPTH)
		return false;	/* deeper than any real stack: a cycle */
	l = &w->chain[w->n++];
	l->kind = kind;
	snprintf(l->device, sizeof(l->device), "%s", dev);
	snprintf(l->file, sizeof(l->file), "%s", file ? file : "");
	stop = visit(w, dev);
	w->n--;
	return stop;
}

/* Is @file a partition's directory? /sys/class/block/pmem2/pmem2p1/partition */
static bool is_partition(const struct walk *w, const char *dev, const char *entry)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/class/block/%s/%s/partition", sys_root(w), dev, entry);
	return strncmp(entry, dev, strlen(dev)) == 0 && access(path, F_OK) == 0;
}

static bool partitions(struct walk *w, const char *dev)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool stop = false;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/class/block/%s", sys_root(w), dev);
	dir = opendir(path);
	while (dir && !stop && (d = readdir(dir)))
		if (d->d_name[0] != '.' && is_partition(w, dev, d->d_name))
			stop = up(w, PM_LINK_PARTITION, d->d_name, NULL);
	if (dir)
		closedir(dir);
	return stop;
}

static bool holders(struct walk *w, const char *dev)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool stop = false;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/class/block/%s/holders", sys_root(w), dev);
	dir = opendir(path);
	while (dir && !stop && (d = readdir(dir)))
		if (d->d_name[0] != '.')
			stop = up(w, PM_LINK_HOLDER, d->d_name, NULL);
	if (dir)
		closedir(dir);
	return stop;
}

/*
 * A backing file that no longer has a path (deleted, or a name this mount
 * namespace cannot see) is still on its filesystem: the loop driver's own
 * record of it, LOOP_GET_STATUS64's lo_device, says which. Only on the
 * running system, where /dev/loopN is that loop device.
 */
static bool loop_file_on(const struct walk *w, const char *loop, dev_t devno)
{
	struct loop_info64 li;
	char path[PATH_MAX];
	bool on;
	int fd;

	if (w->env && w->env->sys)
		return false;
	snprintf(path, sizeof(path), "/dev/%s", loop);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	on = ioctl(fd, LOOP_GET_STATUS64, &li) == 0 && li.lo_device == devno;
	close(fd);
	return on;
}

/* How loop device @loop (backed by @file) sits on @devno: PM_LINK_LOOP(_FILE), or -1. */
static int loop_over(const struct walk *w, const char *loop, const char *file, dev_t devno)
{
	struct stat st;

	if (stat(file, &st) == 0) {
		if (S_ISBLK(st.st_mode) && st.st_rdev == devno)
			return PM_LINK_LOOP;
		if (S_ISREG(st.st_mode) && st.st_dev == devno)
			return PM_LINK_LOOP_FILE;
		return -1;
	}
	return loop_file_on(w, loop, devno) ? PM_LINK_LOOP_FILE : -1;
}

static bool loops(struct walk *w, const char *dev, dev_t devno)
{
	char path[PATH_MAX], file[PATH_MAX];
	struct dirent *d;
	bool stop = false;
	DIR *dir;
	int kind;

	snprintf(path, sizeof(path), "%s/class/block", sys_root(w));
	dir = opendir(path);
	while (dir && !stop && (d = readdir(dir))) {
		if (strncmp(d->d_name, "loop", 4) || !strcmp(d->d_name, dev))
			continue;
		snprintf(path, sizeof(path), "%s/class/block/%s/loop/backing_file", sys_root(w), d->d_name);
		if (sysfs_read(path, file, sizeof(file)))
			continue;	/* no file bound to it */
		kind = loop_over(w, d->d_name, file, devno);
		if (kind >= 0)
			stop = up(w, (enum pm_link_kind)kind, d->d_name, kind == PM_LINK_LOOP_FILE ? file : NULL);
	}
	if (dir)
		closedir(dir);
	return stop;
}

static bool visit(struct walk *w, const char *dev)
{
	dev_t devno;

	if (devno_of(w, dev, &devno))
		return false;
	if (w->fn(dev, devno, w->chain, w->n, w->arg))
		return true;
	return partitions(w, dev) || holders(w, dev) || loops(w, dev, devno);
}

int pm_stack_walk(const struct pm_stack_env *env, const char *dev, pm_stack_visit fn, void *arg)
{
	struct walk w = { .env = env, .fn = fn, .arg = arg };
	dev_t devno;

	if (devno_of(&w, dev, &devno))
		return -ENODEV;
	return visit(&w, dev) ? 1 : 0;
}

struct reach {
	dev_t want;
	struct pm_link *chain;
	unsigned int *n;
};

static bool is_wanted(const char *dev, dev_t devno, const struct pm_link *chain, unsigned int n, void *arg)
{
	struct reach *r = arg;

	if (devno != r->want)
		return false;
	memcpy(r->chain, chain, n * sizeof(*chain));
	*r->n = n;
	return true;
}

bool pm_stack_reaches(const struct pm_stack_env *env, const char *dev, dev_t devno,
		      struct pm_link *chain, unsigned int *n)
{
	struct reach r = { devno, chain, n };

	*n = 0;
	return pm_stack_walk(env, dev, is_wanted, &r) == 1;
}
