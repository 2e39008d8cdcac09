/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel log as it grows (/dev/kmsg): what the kernel says after a point in time. */
#ifndef PMEMCTL_UTIL_KMSG_H
#define PMEMCTL_UTIL_KMSG_H
#include <stddef.h>

/* Open the log at its end: only later messages are read. A descriptor, or -errno. */
int kmsg_open_end(void);

/*
 * The next message's text (its "prio,seq,time,flags;" prefix and its
 * continuation lines dropped) into @buf, waiting up to @timeout_ms for one.
 * 1: a message; 0: none came; -errno on error. Messages lost to the ring
 * buffer's wrap are skipped.
 */
int kmsg_next(int fd, int timeout_ms, char *buf, size_t len);
#endif
