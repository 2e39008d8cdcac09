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

static int block_in_use(const char *dev, char *why, size_t len)
{
	char path[PATH_MAX], other[PATH_MAX];
	struct pm_mount m;
	dev_t devno;
	int fd;

	if (pm_mount_of_block(dev, &devno, &m) == 0) {
		snprintf(why, len, "/dev/%s is mounted on %s", dev, m.point);
		return 1;
	}
	if (first_holder(dev, other, sizeof(other))) {
		snprintf(why, len, "/dev/%s is held by %s", dev, other);
		return 1;
	}
	/* O_EXCL on a block device fails with EBUSY while anyone claims it */
	snprintf(path, sizeof(path), "/dev/%s", dev);
	fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC);
	if (fd < 0 && errno == EBUSY) {
		snprintf(why, len, "/dev/%s is open exclusively by another program", dev);
		return 1;
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

/* A process mapping /dev/<dev>: scan /proc/PID/maps. */
static bool find_mapper(const char *dev, char *who, size_t len)
{
	DIR *proc = opendir("/proc");
	struct dirent *d;
	char node[64];
	bool found = false;

	snprintf(node, sizeof(node), " /dev/%s\n", dev);
	while (proc && !found && (d = readdir(proc))) {
		char path[PATH_MAX], line[4096];
		FILE *f;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/maps", d->d_name);
		f = fopen(path, "re");
		while (f && !found && fgets(line, sizeof(line), f)) {
			size_t l = strlen(line), n = strlen(node);

			found = l >= n && strcmp(line + l - n, node) == 0;
		}
		if (f)
			fclose(f);
		if (found)
			snprintf(who, len, "process %.20s", d->d_name);
	}
	if (proc)
		closedir(proc);
	return found;
}

static int dax_in_use(const char *dev, char *why, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX], who[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/dax/devices/%s/driver", dev);
	n = readlink(path, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		if (!strcmp(strrchr(target, '/') ? strrchr(target, '/') + 1 : target, "kmem")) {
			snprintf(why, len, "%s is online as system-ram (kmem)", dev);
			return 1;
		}
	}
	if (find_mapper(dev, who, sizeof(who))) {
		snprintf(why, len, "%s is mapped by %s", dev, who);
		return 1;
	}
	return 0;
}

int pm_device_in_use(const struct pm_ns_view *v, char *why, size_t len)
{
	if (!v->device)
		return 0;	/* disabled namespace: nothing can use it */
	if (v->mode == PM_MODE_DEVDAX)
		return dax_in_use(v->device, why, len);
	return block_in_use(v->device, why, len);
}
