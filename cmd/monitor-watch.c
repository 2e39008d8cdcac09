// SPDX-License-Identifier: GPL-2.0
/* pmemctl monitor's watches: the sysfs attributes whose change means "look again". */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ndctl/libndctl.h>

#include "cmd/monitor-watch.h"
#include "util/sysfs.h"

static int add_watch(struct watches *m, const char *path, const char *bus)
{
	char text[BB_TEXT];
	struct watch *g;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	sysfs_reread(fd, text, sizeof(text));	/* poll() needs a read first */
	g = realloc(m->w, (m->nw + 1) * sizeof(*g));
	if (!g) {
		close(fd);
		return -ENOMEM;
	}
	m->w = g;
	m->w[m->nw] = (struct watch){ .fd = fd };
	snprintf(m->w[m->nw].bus, sizeof(m->w[m->nw].bus), "%s", bus ? bus : "");
	m->nw++;
	return 0;
}

void watches_drop(struct watches *m)
{
	for (size_t i = 0; i < m->nw; i++)
		close(m->w[i].fd);
	free(m->w);
	m->w = NULL;
	m->nw = 0;
}

/* Every bus's scrub state, every region's and pmem device's badblocks. */
void watches_build(struct ndctl_ctx *ctx, struct watches *m)
{
	struct ndctl_bus *bus;
	struct ndctl_region *region;
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dp;

	watches_drop(m);
	ndctl_bus_foreach(ctx, bus) {
		const char *name = ndctl_bus_get_devname(bus);

		snprintf(path, sizeof(path), "/sys/bus/nd/devices/%s/nfit/scrub", name);
		if (add_watch(m, path, name) == 0)
			pm_scrub_read(bus, &m->w[m->nw - 1].st);
		ndctl_region_foreach(bus, region) {
			snprintf(path, sizeof(path), "/sys/bus/nd/devices/%s/badblocks",
				 ndctl_region_get_devname(region));
			add_watch(m, path, NULL);
		}
	}
	dp = opendir("/sys/block");
	while (dp && (d = readdir(dp)))
		if (!strncmp(d->d_name, "pmem", 4)) {
			snprintf(path, sizeof(path), "/sys/block/%s/badblocks", d->d_name);
			add_watch(m, path, NULL);
		}
	if (dp)
		closedir(dp);
}

