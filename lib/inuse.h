/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Is a namespace's device in use? Destructive commands refuse devices that
 * are mounted, held by another driver, opened exclusively, mapped by a
 * process, or online as system RAM, unless forced.
 */
#ifndef PMEMCTL_LIB_INUSE_H
#define PMEMCTL_LIB_INUSE_H
#include <stddef.h>

struct pm_ns_view;

/* 1 and a reason in @why when in use, 0 when not, -errno when unknown. */
int pm_device_in_use(const struct pm_ns_view *v, char *why, size_t len);
#endif
