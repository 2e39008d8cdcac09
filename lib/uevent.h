/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel uevents (NETLINK_KOBJECT_UEVENT datagrams) that matter to poison
 * monitoring: NVDIMM devices coming and going, regions enabled and disabled.
 * Pure parsing, fuzzed (test/fuzz/fuzz-uevent.c).
 */
#ifndef PMEMCTL_LIB_UEVENT_H
#define PMEMCTL_LIB_UEVENT_H
#include <stddef.h>

enum pm_uevent_kind {
	PM_UEVENT_NONE,			/* not one of ours, or malformed */
	PM_UEVENT_DEVICE_ADDED,		/* an nd or dax device, or a pmem block device */
	PM_UEVENT_DEVICE_REMOVED,
	PM_UEVENT_REGION_ENABLED,	/* the region driver bound: its poison is known again */
	PM_UEVENT_REGION_DISABLED,	/* unbound: its poison is unknown */
};

struct pm_uevent {
	enum pm_uevent_kind kind;
	const char *device;	/* points into the datagram */
	const char *subsystem;
};

/*
 * Parse one datagram of @n bytes ("ACTION@DEVPATH\0KEY=VALUE\0..."); @buf
 * must hold a NUL at buf[n] so that its last field is terminated.
 */
struct pm_uevent pm_uevent_parse(const char *buf, size_t n);

/* The monitor event for @kind ("device-added", ...), or NULL for PM_UEVENT_NONE. */
const char *pm_uevent_event_name(enum pm_uevent_kind kind);
#endif
