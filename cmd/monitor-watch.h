/* SPDX-License-Identifier: GPL-2.0 */
/* pmemctl monitor's watches: sysfs attributes that poll() reports a change of, and uevents. */
#ifndef PMEMCTL_CMD_MONITOR_WATCH_H
#define PMEMCTL_CMD_MONITOR_WATCH_H
#include <stdbool.h>
#include <stddef.h>

#include "lib/scrub.h"
#include "lib/uevent.h"

#define BB_TEXT 8192	/* a badblocks attribute is at most a page */

struct ndctl_ctx;

struct watch {
	int fd;
	char bus[32];		/* scrub watches: the bus; "" for badblocks */
	struct pm_scrub_state st;
};

struct watches {
	struct watch *w;
	size_t nw;
};

/* Every bus's scrub state, every region's and pmem device's badblocks (the old set dropped). */
void watches_build(struct ndctl_ctx *ctx, struct watches *ws);
void watches_drop(struct watches *ws);

/* A socket for the kernel's uevents (devices coming and going), or -1. */
int uevents_open(void);
/* The next datagram on @fd, parsed into *@ev: false when none is waiting or it is not the kernel's. */
bool uevent_read(int fd, struct pm_uevent *ev);
#endif
