/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Is a namespace's device in use? Destructive commands refuse devices that
 * are mounted, held by another driver, opened exclusively, mapped by a
 * process, or online as system RAM, unless forced. The answer is a fact
 * (what holds the device and who); cmd/ words it and decides.
 */
#ifndef PMEMCTL_LIB_INUSE_H
#define PMEMCTL_LIB_INUSE_H
#include <limits.h>

#include "lib/stack.h"

struct pm_ns_view;

enum pm_busy_kind {
	PM_BUSY_NONE,
	PM_BUSY_MOUNTED,	/* a filesystem on the device or on the chain; who: the mount point */
	PM_BUSY_HELD,		/* a dm, md or loop device over it (the chain's last); who: its name */
	PM_BUSY_OPEN_EXCL,	/* some program opened it (or the chain's last) O_EXCL */
	PM_BUSY_SYSTEM_RAM,	/* devdax online as memory through kmem */
	PM_BUSY_MAPPED,		/* devdax mapped by a process; who: its pid */
};

struct pm_busy {
	enum pm_busy_kind kind;
	char device[64];	/* the block or dax device, without /dev/ */
	char who[PATH_MAX];
	/* what is built on @device up to the one in use: pmem2 -> loop0 (mounted) */
	unsigned int nlinks;
	struct pm_link chain[PM_STACK_DEPTH];
};

/* 1 and @b filled when in use, 0 when not (b->kind PM_BUSY_NONE), -errno when unknown. */
int pm_device_in_use(const struct pm_ns_view *v, struct pm_busy *b);

/*
 * The same for block device @dev and everything built on it (lib/stack.h:
 * partitions, holders, loop devices), looked up in @env (NULL: this
 * system). A mount anywhere on the stack wins over a holder, which wins
 * over an exclusive open. 1, 0 or -errno as above.
 */
int pm_block_in_use(const struct pm_stack_env *env, const char *dev, struct pm_busy *b);
#endif
