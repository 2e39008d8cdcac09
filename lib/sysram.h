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
#endif
