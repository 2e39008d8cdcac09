/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One pmemctl at a time changes a bus: destructive commands take an
 * exclusive lock per bus (flock on /run/lock/pmemctl-<bus>.lock). The lock
 * goes with the process, so a crash cannot leave it held.
 */
#ifndef PMEMCTL_UTIL_LOCK_H
#define PMEMCTL_UTIL_LOCK_H
#include <stdbool.h>

/*
 * Lock @name. When another process holds it, call @waiting once (if set)
 * and block until it is free; a signal interrupts the wait (-EINTR).
 * Returns the lock's fd (>= 0) or -errno.
 */
int lock_take(const char *name, void (*waiting)(const char *name));
void lock_release(int fd);
#endif
