// SPDX-License-Identifier: GPL-2.0
/* pmemctl monitor's watches: the sysfs attributes and the uevents whose change means "look again". */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/netlink.h>
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


int uevents_open(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = 1 /* kernel events */ };
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);

	if (fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Only the kernel's own messages count: anyone may send to our port. */
bool uevent_read(int fd, struct pm_uevent *ev)
{
	char buf[8192];
	struct sockaddr_nl from;
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);

	if (n <= 0 || msg.msg_namelen != sizeof(from) || from.nl_pid != 0)
		return false;
	buf[n] = '\0';
	*ev = pm_uevent_parse(buf, (size_t)n);
	return true;
}
