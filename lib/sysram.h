/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether memory is online as system RAM: a dax device bound to the kmem
 * driver hot-plugs its memory, and the kernel may then hand any of its
 * pages, poisoned ones too, to any process. Read under a sysfs root
 * ("/sys" on a live host, a captured tree in tests).
 */
#ifndef PMEMCTL_LIB_SYSRAM_H
#define PMEMCTL_LIB_SYSRAM_H
#include <stdbool.h>
#include <stdint.h>

/* Whether dax device @dax (daxX.Y) is bound to the kmem driver. */
bool pm_dax_bound_to_kmem(const char *sysfs, const char *dax);

/*
 * Whether the memory block holding physical address @spa is online:
 * 1 online, 0 not (offline, or no such block), -errno when unreadable.
 */
int pm_memory_block_online(const char *sysfs, uint64_t spa);

/* Whether a record's memory is online as system RAM. */
enum pm_sysram {
	PM_SYSRAM_NO = 0,	/* not under a kmem-bound dax device, or its block is offline */
	PM_SYSRAM_YES,		/* under a kmem-bound dax device, its memory block online */
	PM_SYSRAM_UNKNOWN,	/* under a kmem-bound dax device, its address unknown (not root) */
};
/*
 * A data-area record under a dax device bound to kmem: online as system RAM
 * when the memory block holding its first byte (@spa) is.
 */
enum pm_sysram pm_sysram_at(const char *sysfs, bool has_spa, uint64_t spa);
#endif
