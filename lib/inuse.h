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

struct pm_ns_view;

enum pm_busy_kind {
	PM_BUSY_NONE,
	PM_BUSY_MOUNTED,	/* a filesystem on the block device; who: the mount point */
	PM_BUSY_HELD,		/* another block device holds it (dm, md); who: its name */
	PM_BUSY_OPEN_EXCL,	/* some program opened it O_EXCL */
	PM_BUSY_SYSTEM_RAM,	/* devdax online as memory through kmem */
	PM_BUSY_MAPPED,		/* devdax mapped by a process; who: its pid */
};

struct pm_busy {
	enum pm_busy_kind kind;
	char device[64];	/* the block or dax device, without /dev/ */
	char who[PATH_MAX];
};

/* 1 and @b filled when in use, 0 when not (b->kind PM_BUSY_NONE), -errno when unknown. */
int pm_device_in_use(const struct pm_ns_view *v, struct pm_busy *b);
#endif
