// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/inuse.h"
#include "lib/mount.h"
#include "lib/namespace.h"
#include "lib/procs.h"
#include "util/sysfs.h"

static bool first_holder(const char *dev, char *holder, size_t len)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;
	bool found = false;

	snprintf(path, sizeof(path), "/sys/block/%s/holders", dev);
	dir = opendir(path);
	while (dir && !found && (d = readdir(dir)))
		if (d->d_name[0] != '.') {
			snprintf(holder, len, "%s", d->d_name);
			found = true;
		}
	if (dir)
		closedir(dir);
	return found;
}

static int busy(struct pm_busy *b, enum pm_busy_kind kind, const char *who)
{
	b->kind = kind;
	snprintf(b->who, sizeof(b->who), "%s", who);
	return 1;
}

static int block_in_use(const char *dev, struct pm_busy *b)
{
	char path[PATH_MAX], other[PATH_MAX];
	struct pm_mount m;
	dev_t devno;
	int fd;

	if (pm_mount_of_block(dev, &devno, &m) == 0)
		return busy(b, PM_BUSY_MOUNTED, m.point);
	if (first_holder(dev, other, sizeof(other)))
		return busy(b, PM_BUSY_HELD, other);
	/* O_EXCL on a block device fails with EBUSY while anyone claims it */
	snprintf(path, sizeof(path), "/dev/%s", dev);
	fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC);
	if (fd < 0 && errno == EBUSY)
		return busy(b, PM_BUSY_OPEN_EXCL, "");
	if (fd >= 0)
		close(fd);
	return 0;
}

/* A process mapping /dev/<dev>, from /proc/PID/maps. */
struct mapper_search {
	char node[64];		/* /dev/daxX.Y */
	const char *pid;	/* the process looked at */
	char found[16];		/* the first process found mapping the node */
};

static bool not_the_node(dev_t dev, const char *path, void *arg)
{
	struct mapper_search *s = arg;

	if (strcmp(path, s->node))
		return true;
	snprintf(s->found, sizeof(s->found), "%s", s->pid);
	return false;
}

static bool no_mapper_yet(const char *pid, void *arg)
{
	struct mapper_search *s = arg;

	s->pid = pid;
	pm_foreach_mapping(pid, not_the_node, s);
	return !s->found[0];
}

static int dax_in_use(const struct pm_ns_view *v, struct pm_busy *b)
{
	struct mapper_search s = { .found = "" };

	if (pm_namespace_system_ram(v->ndns))
		return busy(b, PM_BUSY_SYSTEM_RAM, "kmem");
	snprintf(s.node, sizeof(s.node), "/dev/%s", v->device);
	pm_foreach_process(no_mapper_yet, &s);
	if (s.found[0])
		return busy(b, PM_BUSY_MAPPED, s.found);
	return 0;
}

int pm_device_in_use(const struct pm_ns_view *v, struct pm_busy *b)
{
	*b = (struct pm_busy){ .kind = PM_BUSY_NONE };
	if (!v->device)
		return 0;	/* disabled namespace: nothing can use it */
	snprintf(b->device, sizeof(b->device), "%s", v->device);
	if (v->mode == PM_MODE_DEVDAX)
		return dax_in_use(v, b);
	return block_in_use(v->device, b);
}
