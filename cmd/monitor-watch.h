/* SPDX-License-Identifier: GPL-2.0 */
/* pmemctl monitor's watches: sysfs attributes that poll() reports a change of. */
#ifndef PMEMCTL_CMD_MONITOR_WATCH_H
#define PMEMCTL_CMD_MONITOR_WATCH_H
#include <stddef.h>

#include "lib/scrub.h"

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
#endif
