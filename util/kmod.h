/* SPDX-License-Identifier: GPL-2.0 */
/* Loading a kernel module by name through libkmod (modprobe's library). */
#ifndef PMEMCTL_UTIL_KMOD_H
#define PMEMCTL_UTIL_KMOD_H

/*
 * Load module @name and what it depends on, honouring the blacklist like
 * modprobe. 0 when it is loaded now, was already, or is built in; -ENOENT
 * when this kernel has no such module; -errno otherwise (-EPERM: not root).
 */
int kmod_load(const char *name);
#endif
