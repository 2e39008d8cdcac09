/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copies to and from a MAP_SHARED mapping of persistent memory (devdax).
 * A load from poison raises SIGBUS (a machine check the kernel turned into
 * a signal); here it becomes -EIO for the copy that hit it, so callers can
 * skip a bad page and go on instead of dying.
 */
#ifndef PMEMCTL_LIB_MAPIO_H
#define PMEMCTL_LIB_MAPIO_H
#include <stddef.h>

/* memcpy from a mapping; 0, or -EIO when a poisoned line was touched. */
int pm_map_read(void *dst, const void *map_src, size_t len);

/*
 * memcpy into a mapping and make the stores durable: flush the cache lines
 * (device-dax has no msync) and fence. 0, or -EIO on SIGBUS.
 */
int pm_map_write(void *map_dst, const void *src, size_t len);
#endif
