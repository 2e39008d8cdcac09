/* SPDX-License-Identifier: GPL-2.0 */
/* Reading and waiting on sysfs attributes. */
#ifndef PMEMCTL_UTIL_SYSFS_H
#define PMEMCTL_UTIL_SYSFS_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Read attribute @path into @buf (NUL-terminated, trailing newline cut). */
int sysfs_read(const char *path, char *buf, size_t len);

/* A "major:minor" attribute (/sys/block/X/dev) as a device number; -EINVAL if malformed. */
int sysfs_read_devno(const char *path, dev_t *dev);

/*
 * A number attribute: decimal or 0x hex (a leading zero is decimal, never
 * octal), as parse_u64() reads it; -EINVAL if it is not one.
 */
int sysfs_read_u64(const char *path, uint64_t *v);

/*
 * Wait up to @timeout_ms (-1: forever) for the kernel to sysfs_notify()
 * the attribute open at @fd, then re-read it into @buf. Returns 1 when it
 * changed, 0 on timeout, -errno on error (-EINTR when a signal arrived).
 */
int sysfs_wait_notify(int fd, int timeout_ms, char *buf, size_t len);

/* Read the attribute open at @fd from its start (this also re-arms poll). */
int sysfs_reread(int fd, char *buf, size_t len);
#endif
